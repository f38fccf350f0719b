"""Recording a child reported missing, and their return (PROCESS.md, Other records; the
return home interview's clock in Timescales).

Each service checks permission, writes in one transaction with its chronology entry and audit
event, and tells the child's DSLs with a link only (no case detail in a notification).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.models import Person, Role
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.audit.services import audit_event_record
from vigil.children.models import Child, ChronologyEntry, EntryKind
from vigil.children.policy import acting_role, can_record_at
from vigil.children.services import NewEntry, entry_append
from vigil.core.references import reference_next
from vigil.core.services.timekeeping import clock_start
from vigil.core.versioning import EditConflictError
from vigil.missing import policy, rules
from vigil.missing.checks import Problems
from vigil.missing.models import Episode
from vigil.missing.services.flags import flag_if_repeated
from vigil.notifications.services import notification_send

CLOCK = "return-home-interview"
REFERENCE_PREFIX = "MIS"


def _tell_leads(actor: Person, episode: Episode, kind: str, title: str) -> None:
    leads = [pk for pk in safeguarding_leads_of(episode.organisation_id) if pk != actor.pk]
    notification_send(
        recipients=leads,
        kind=kind,
        title=title,
        link=episode.get_absolute_url(),
        key=f"{kind}:{episode.pk}",
    )


def _report_checked(
    missing_since: datetime | None,
    missing_from: str,
    reported_by: str,
    police_reference: str,
    note: str,
) -> dict[str, Any]:
    problems = Problems()
    clean: dict[str, Any] = {
        "missing_since": problems.moment(
            "missing_since", missing_since, what="when the child went missing", now=timezone.now()
        ),
        "missing_from": problems.text(
            "missing_from", missing_from, what="where the child went missing from", longest=200
        ),
        "reported_by": problems.text(
            "reported_by", reported_by, what="who reported the child missing", longest=200
        ),
        "police_reference": problems.text(
            "police_reference",
            police_reference,
            what="the police reference",
            longest=rules.POLICE_REFERENCE,
            required=False,
        ),
        "note": problems.text(
            "note", note, what="the note", longest=rules.LONG_TEXT, required=False
        ),
    }
    problems.raise_any()
    return clean


def _report_body(episode: Episode) -> str:
    lines = [
        f"Missing from: {episode.missing_from}",
        f"Reported by: {episode.reported_by}",
        f"Police reference: {episode.police_reference or 'none given'}",
    ]
    if episode.immediate_risk:
        lines.append("The recorder said the child may be at immediate risk.")
    return "\n".join(lines) + (f"\n\n{episode.note}" if episode.note else "")


def episode_record(
    *,
    actor: Person,
    child: Child,
    missing_since: datetime | None,
    missing_from: str,
    reported_by: str,
    police_reference: str = "",
    note: str = "",
    immediate_risk: bool = False,
) -> Episode:
    """Record a child reported missing: when, from where, who reported it, the police
    reference if there is one, and a note. On the child's chronology (dated when the child
    went missing); the child's DSLs are told; repeated episodes are flagged."""
    if not policy.can_record_for(actor, child):
        raise PermissionDenied
    clean = _report_checked(missing_since, missing_from, reported_by, police_reference, note)
    episode = Episode(
        id=uuid.uuid4(),
        child=child,
        organisation_id=child.organisation_id,
        immediate_risk=bool(immediate_risk),
        recorded_by=actor,
        recorder_role=acting_role(actor, child.organisation_id),
        recorded_at=timezone.now(),
        **clean,
    )
    with transaction.atomic():
        episode.reference = reference_next(REFERENCE_PREFIX)
        episode.entry = _entry(actor, episode, f"Reported missing ({episode.reference})")
        episode.save(force_insert=True)
        audit_event_record(
            actor=actor,
            verb="missing-episode.record",
            object_type=policy.KIND,
            object_id=episode.pk,
            details={"child": str(child.pk), "immediate_risk": episode.immediate_risk},
        )
        flag_if_repeated(actor=actor, episode=episode)
        title = (
            "A child reported missing may be at immediate risk"
            if episode.immediate_risk
            else "A child has been reported missing"
        )
        _tell_leads(actor, episode, "missing-episode", title)
    return episode


def _entry(actor: Person, episode: Episode, title: str) -> ChronologyEntry:
    return entry_append(
        actor=actor,
        role=episode.recorder_role,
        organisation=episode.organisation,
        child=episode.child,
        entry=NewEntry(
            kind=EntryKind.MISSING,
            title=title,
            occurred_at=episode.missing_since,
            body=_report_body(episode),
            source_type=policy.KIND,
            source_id=episode.pk,
        ),
    )


def _return_checked(
    episode: Episode,
    returned_at: datetime | None,
    found_at: str,
    returned_with: str,
    condition: str,
) -> dict[str, Any]:
    problems = Problems()
    clean: dict[str, Any] = {
        "returned_at": problems.moment(
            "returned_at",
            returned_at,
            what="when the child returned",
            now=timezone.now(),
            not_before=episode.missing_since,
            before_what="they went missing",
        ),
        "found_at": problems.text(
            "found_at", found_at, what="where the child was found or returned to", longest=200
        ),
        "returned_with": problems.text(
            "returned_with",
            returned_with,
            what="who the child was with",
            longest=200,
            required=False,
        ),
        "condition": problems.text(
            "condition",
            condition,
            what="the child's condition and health on return",
            longest=rules.LONG_TEXT,
        ),
    }
    problems.raise_any()
    return clean


def episode_return(
    *,
    actor: Person,
    episode: Episode,
    version: int,
    returned_at: datetime | None,
    found_at: str,
    returned_with: str = "",
    condition: str,
) -> Episode:
    """Record the child's return: when, where found, who with, their condition and health.
    The return home interview's clock starts at the return (72 hours, CLOCKS.md), held by
    the DSLs of the child's organisation. A return already recorded is a conflict."""
    if not (policy.can_view(actor, episode) and can_record_at(actor, episode.organisation_id)):
        raise PermissionDenied
    if episode.returned:
        raise EditConflictError()
    clean = _return_checked(episode, returned_at, found_at, returned_with, condition)
    with transaction.atomic():
        updated = Episode.objects.filter(
            pk=episode.pk, version=version, returned_at__isnull=True
        ).update(
            **clean,
            return_recorded_by=actor,
            return_recorded_at=timezone.now(),
            version=F("version") + 1,
        )
        if not updated:
            raise EditConflictError()
        episode.refresh_from_db()
        _return_recorded(actor, episode)
    return episode


def _return_recorded(actor: Person, episode: Episode) -> None:
    """On the chronology, on the audit log, the interview's clock, and the DSLs told."""
    role = acting_role(actor, episode.organisation_id)
    lines = [f"Found at or returned to: {episode.found_at}"]
    if episode.returned_with:
        lines.append(f"With: {episode.returned_with}")
    entry_append(
        actor=actor,
        role=role,
        organisation=episode.organisation,
        child=episode.child,
        entry=NewEntry(
            kind=EntryKind.MISSING,
            title=f"Returned after being missing ({episode.reference})",
            occurred_at=episode.returned_at,  # type: ignore[arg-type]
            body="\n".join(lines) + f"\n\nCondition and health on return: {episode.condition}",
            source_type="missing-return",
            source_id=episode.pk,
        ),
    )
    clock_start(
        actor=actor,
        kind=CLOCK,
        subject_type=policy.KIND,
        subject_id=episode.pk,
        organisation=episode.organisation,
        link=episode.get_absolute_url(),
        holder_role=Role.DSL,
        start=episode.returned_at,
    )
    audit_event_record(
        actor=actor, verb="missing-episode.return", object_type=policy.KIND, object_id=episode.pk
    )
    _tell_leads(actor, episode, "missing-return", "A return home interview is due")
