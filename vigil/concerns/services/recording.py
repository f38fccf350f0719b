"""Recording a concern, and the draft that keeps what was typed until it is recorded."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Organisation, Person
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.audit.services import audit_event_record
from vigil.children import policy as child_policy
from vigil.children.models import Child, EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.concerns import policy, recording
from vigil.concerns.models import Concern, Draft
from vigil.core.references import reference_next
from vigil.core.services.timekeeping import clock_start
from vigil.core.versioning import EditConflictError
from vigil.notifications.services import notification_send

# Drafts ---------------------------------------------------------------------------------


def draft_start(
    *,
    actor: Person,
    organisation: Organisation,
    follows: Concern | None = None,
    about: Child | None = None,
    indicators: list[str] | None = None,
    seen: str = "",
) -> Draft:
    """Start recording; when it is new information on a closed concern, about the same child.

    Another record can start a concern in one step (an absence flag, a disclosure at a return
    home interview): `about` names the child, `indicators` are suggested, and `seen` starts
    what was seen or heard. The recorder still checks and completes every step.
    """
    if not child_policy.can_record_at(actor, organisation.pk):
        raise PermissionDenied
    data: dict[str, Any] = {}
    if follows is not None and follows.organisation_id == organisation.pk:
        data = {"follows": str(follows.pk), "child_id": str(follows.child_id)}
    if about is not None and about.organisation_id == organisation.pk:
        data["child_id"] = str(about.pk)
    if indicators:
        data["indicators"] = list(indicators)
    if seen:
        data["seen_or_heard"] = seen
    now = timezone.now()
    return Draft.objects.create(
        author=actor, organisation=organisation, data=data, created_at=now, updated_at=now
    )


def draft_save(*, actor: Person, draft: Draft, version: int, values: dict[str, Any]) -> Draft:
    """Keep what was typed, valid or not. Refused (EditConflictError) when the draft was saved
    elsewhere since `version` (another tab); the page then keeps the typed text."""
    if draft.author_id != actor.pk:
        raise PermissionDenied
    data = {**draft.data, **values}
    updated = Draft.objects.filter(pk=draft.pk, author=actor, version=version).update(
        data=data, updated_at=timezone.now(), version=F("version") + 1
    )
    if not updated:
        raise EditConflictError()
    draft.refresh_from_db()
    return draft


def draft_discard(*, actor: Person, draft: Draft) -> None:
    if draft.author_id != actor.pk:
        raise PermissionDenied
    draft.delete()


# Recording --------------------------------------------------------------------------------


def _checked(
    actor: Person, organisation: Organisation, data: dict[str, Any]
) -> tuple[recording.ConcernInput, Child]:
    if not child_policy.can_record_at(actor, organisation.pk):
        raise PermissionDenied
    value, errors = recording.check(data, today=timezone.localdate())
    if value is None:
        raise ValidationError(errors)
    child = Child.objects.filter(pk=value.child_id, organisation=organisation).first()
    if child is None:
        raise ValidationError({"child_id": "Choose the child, or add them if they are not listed"})
    return value, child


def _followed(data: dict[str, Any], organisation: Organisation) -> Concern | None:
    """New information on a closed concern is a new concern linked to it (PROCESS.md)."""
    earlier = data.get("follows")
    if not earlier:
        return None
    return Concern.objects.filter(pk=earlier, organisation=organisation).first()


def concern_record(
    *, actor: Person, organisation: Organisation, data: dict[str, Any], draft: Draft | None = None
) -> Concern:
    """Record a concern, signed and timed: on the child's chronology, the triage clock started
    (`dsl-triage-urgent` when the recorder said immediate risk), and the organisation's DSLs
    and deputies told at once, with a link and no case detail."""
    value, child = _checked(actor, organisation, data)
    with transaction.atomic():
        concern = _concern_create(actor, organisation, child, value, _followed(data, organisation))
        _triage_start(actor, concern)
        audit_event_record(
            actor=actor,
            verb="concern.record",
            object_type=policy.KIND,
            object_id=concern.pk,
            details={"child": str(child.pk), "immediate_risk": value.immediate_risk},
        )
        if draft is not None:
            Draft.objects.filter(pk=draft.pk, author=actor).delete()
    return concern


def _concern_create(
    actor: Person,
    organisation: Organisation,
    child: Child,
    value: recording.ConcernInput,
    follows: Concern | None,
) -> Concern:
    """The concern and its entry on the child's chronology, dated when it happened."""
    naive, time_known = recording.happened_moment(value)
    happened = timezone.make_aware(naive)
    role = acting_role(actor, organisation.pk)
    reference = reference_next("CON")
    concern_id = uuid.uuid4()
    entry = entry_append(
        actor=actor,
        role=role,
        organisation=organisation,
        child=child,
        entry=NewEntry(
            kind=EntryKind.CONCERN,
            title=f"Concern {reference}" + (": immediate risk" if value.immediate_risk else ""),
            occurred_at=happened,
            body=value.seen_or_heard,
            childs_words=value.childs_words,
            source_type=policy.KIND,
            source_id=concern_id,
        ),
    )
    return Concern.objects.create(
        id=concern_id,
        follows=follows,
        reference=reference,
        organisation=organisation,
        child=child,
        recorded_by=actor,
        recorder_role=role,
        recorded_at=entry.recorded_at,
        immediate_risk=value.immediate_risk,
        seen_or_heard=value.seen_or_heard,
        childs_words=value.childs_words,
        happened_at=happened,
        time_known=time_known,
        location=value.location,
        indicators=list(value.indicators),
        others_involved=value.others_involved,
        entry=entry,
    )


def _triage_start(actor: Person, concern: Concern) -> None:
    """The DSL's clock starts, and the organisation's DSLs and deputies are told at once."""
    urgent = concern.immediate_risk
    link = f"/concerns/{concern.pk}/"
    clock_start(
        actor=actor,
        kind="dsl-triage-urgent" if urgent else "dsl-triage",
        subject_type=policy.KIND,
        subject_id=concern.pk,
        organisation=concern.organisation,
        holder_role=access.Role.DSL,
        link=link,
        start=concern.recorded_at,
    )
    notification_send(
        recipients=safeguarding_leads_of(concern.organisation_id),
        kind="concern-new-urgent" if urgent else "concern-new",
        title=(
            "A concern marked immediate risk is waiting for your decision"
            if urgent
            else "A new concern is waiting for your decision"
        ),
        link=link,
        key=f"concern:{concern.pk}:recorded",
    )
