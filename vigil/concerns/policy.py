"""Who may see and act on a concern, on the one resolver of accounts/policy.py.

The recorder sees the concern they recorded; the designated safeguarding leads (and deputies)
and managers of the recorder's organisation see all its concerns; deciding and closing are the
DSLs' (PROCESS.md: triage). Another organisation sees a concern only by break-glass.
"""

from __future__ import annotations

from vigil.accounts import policy
from vigil.accounts.models import Person
from vigil.concerns.models import Concern, Status

KIND = "concern"


def record_of(concern: Concern) -> policy.RecordRef:
    return policy.RecordRef(
        kind=KIND,
        id=concern.pk,
        organisation_id=concern.organisation_id,
        recorded_by_id=concern.recorded_by_id,
    )


def can_view(actor: Person | None, concern: Concern) -> bool:
    return policy.can_open_case_record(actor, record_of(concern))


def can_triage(actor: Person | None, concern: Concern) -> bool:
    """Decisions, confirming the child, closing: the organisation's DSLs and deputies."""
    return bool(policy.roles_at(actor, concern.organisation_id) & policy.DSL_ROLES)


def can_decide(actor: Person | None, concern: Concern) -> bool:
    return can_triage(actor, concern) and concern.status != Status.CLOSED
