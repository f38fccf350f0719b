"""Break-glass: opening a record outside one's scope, with a written reason (PROCESS.md).

Open to DSLs (and deputies), managers and MASH practitioners only. The opening lasts a limited
time, is on the audit and access logs, and is reported at once to the designated safeguarding
leads of the organisation that owns the record and to the partnership's auditors.

Each kind of record that may be opened this way registers how to find its owner and its page
(`register`), so that the one break-glass page serves every later capability.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from vigil.accounts import policy
from vigil.accounts.models import BreakGlass, Membership, Person, Role
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.audit.services import access_event_record, audit_event_record
from vigil.notifications.services import notification_send

LASTS = timedelta(hours=8)
SHORTEST_REASON = 20


@dataclass(frozen=True)
class Subject:
    """A kind of record that can be opened by break-glass."""

    kind: str
    label: str
    # Finds the record (without scoping: only its owner and address are used).
    find: Callable[[uuid.UUID], policy.RecordRef | None]
    url: Callable[[uuid.UUID], str]


SUBJECTS: dict[str, Subject] = {}


def register(subject: Subject) -> None:
    SUBJECTS[subject.kind] = subject


def subject_for(kind: str) -> Subject | None:
    return SUBJECTS.get(kind)


def _recipients(record: policy.RecordRef) -> set[uuid.UUID]:
    owners = safeguarding_leads_of(record.organisation_id)
    auditors = Membership.objects.filter(
        role=Role.AUDITOR, ended_at__isnull=True, person__is_active=True
    ).values_list("person_id", flat=True)
    return {*owners, *auditors}


def break_glass_open(*, actor: Person, record: policy.RecordRef, reason: str) -> BreakGlass:
    """Open `record` outside the actor's scope for LASTS, with their written reason."""
    if not policy.can_break_glass(actor):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < SHORTEST_REASON:
        raise ValidationError(
            {
                "reason": f"Explain why you need this record now, in at least {SHORTEST_REASON} characters."
            }
        )
    if policy.relationship(actor, record) is policy.Relationship.OWN:
        raise ValidationError("This record is already your organisation's: no need to break glass.")
    with transaction.atomic():
        grant = BreakGlass.objects.create(
            person=actor,
            record_type=record.kind,
            record_id=record.id,
            owner_id=record.organisation_id,
            reason=reason,
            expires_at=timezone.now() + LASTS,
        )
        audit_event_record(
            actor=actor,
            verb="break-glass.open",
            object_type=record.kind,
            object_id=record.id,
            details={"grant": str(grant.pk), "owner": str(record.organisation_id)},
        )
        access_event_record(
            actor=actor, verb="break-glass.view", object_type=record.kind, object_id=record.id
        )
        notification_send(
            recipients=_recipients(record),
            kind="break-glass",
            title="A record of your organisation was opened by break-glass",
            link=f"/break-glass/{grant.pk}/",
            key=f"break-glass:{grant.pk}",
        )
    return grant


def break_glass_visible_to(*, actor: Person) -> QuerySet[BreakGlass]:
    """Auditors see every opening; a DSL sees openings of their organisation's records."""
    openings = BreakGlass.objects.select_related("person", "owner").order_by("-opened_at")
    if policy.can_read_audit(actor):
        return openings
    return openings.filter(owner_id__in=policy.organisations_where(actor, *policy.DSL_ROLES))
