"""What every write on a referral does besides its own change: claim the referral by its state
and version (exactly one of two people acting at once wins), record the step, put it on the
child's chronology and the audit log, tell the people concerned, and keep the queue's order."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db.models import F, Max, Min
from django.urls import reverse
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import OrganisationKind, Person
from vigil.accounts.selectors import members_holding, safeguarding_leads_of
from vigil.audit.services import audit_event_record
from vigil.children.models import ChronologyEntry, EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.core.models import Clock
from vigil.core.versioning import EditConflictError
from vigil.notifications.services import notification_send
from vigil.referrals import policy
from vigil.referrals.models import Referral, Step

SUBJECT = "referral"


def link_to(referral: Referral) -> str:
    return reverse("referrals:referral", kwargs={"referral_id": referral.pk})


def claim(referral: Referral, version: int, from_state: str | None = None, **changes: Any) -> None:
    """Change the referral only if nobody has since: the same version, and the state the
    move leaves from. Otherwise EditConflictError, and nothing is written."""
    rows = Referral.objects.filter(pk=referral.pk, version=version)
    if from_state is not None:
        rows = rows.filter(state=from_state)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now(), **changes):
        raise EditConflictError()
    referral.refresh_from_db()


def step_record(
    actor: Person,
    referral: Referral,
    action: str,
    *,
    acting_at: uuid.UUID,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    **details: Any,
) -> Step:
    """The step on the referral and its audit event (in the caller's transaction)."""
    # Steps of one moment keep the order they were made in.
    last = Step.objects.filter(referral=referral).aggregate(at=Max("at"))["at"]
    now = timezone.now()
    step = Step.objects.create(
        referral=referral,
        action=action,
        from_state=from_state,
        to_state=to_state,
        actor=actor,
        actor_role=acting_role(actor, acting_at),
        organisation_id=acting_at,
        at=max(now, last + timedelta(microseconds=1)) if last else now,
        reason=reason,
        details=details,
    )
    audit_event_record(
        actor=actor,
        verb=f"referral.{action}",
        object_type=policy.KIND,
        object_id=referral.pk,
        details={"child": str(referral.child_id), "to_state": to_state, **details},
    )
    return step


def on_chronology(
    actor: Person, referral: Referral, acting_at: uuid.UUID, title: str, body: str = ""
) -> ChronologyEntry:
    """A step the child's file keeps: recorded by whoever made it, in their organisation."""
    return entry_append(
        actor=actor,
        role=acting_role(actor, acting_at),
        organisation=_organisation(acting_at, referral),
        child=referral.child,
        entry=NewEntry(
            kind=EntryKind.REFERRAL,
            title=f"{title} ({referral.reference})",
            occurred_at=timezone.now(),
            body=body,
            source_type=policy.KIND,
            source_id=referral.pk,
        ),
    )


def _organisation(organisation_id: uuid.UUID, referral: Referral) -> Any:
    if organisation_id == referral.organisation_id:
        return referral.organisation
    return referral.route.receiver


def tell(
    recipients: Iterable[uuid.UUID],
    referral: Referral,
    kind: str,
    title: str,
    event: str,
    link: str = "",
) -> int:
    """A notification with no case detail, only the link (the e-mail carries the title): the
    referral's page unless `link` names another (a partner agency's request page)."""
    return notification_send(
        recipients=list(recipients),
        kind=kind,
        title=title,
        link=link or link_to(referral),
        key=f"referral:{referral.pk}:{event}",
    )


def referrer_side(referral: Referral) -> list[uuid.UUID]:
    """The referrer and the referring organisation's DSLs and deputies."""
    people = set(safeguarding_leads_of(referral.organisation_id))
    if referral.sent_by_id:
        people.add(referral.sent_by_id)
    return sorted(people, key=str)


def front_door_holder(referral: Referral) -> str:
    """Who holds the front door's clocks: a MASH's practitioners; at another receiving service
    (education welfare, police, the LADO), which has no MASH practitioners, its managers."""
    receiver = referral.route.receiver
    return access.Role.MASH if receiver.kind == OrganisationKind.MASH else access.Role.MANAGER


def receivers(referral: Referral) -> list[uuid.UUID]:
    """The front door's practitioners and managers."""
    return members_holding(referral.route.receiver_id, access.RECEIVERS)


def next_due_refresh(referral: Referral) -> None:
    """The queue orders by the nearest running limit on the referral."""
    nearest = Clock.objects.filter(
        subject_type=SUBJECT, subject_id=referral.pk, stopped_at__isnull=True
    ).aggregate(due=Min("due_at"))["due"]
    Referral.objects.filter(pk=referral.pk).update(next_due_at=nearest)
    referral.next_due_at = nearest
