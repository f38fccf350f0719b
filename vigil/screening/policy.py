"""Who may use screening, built on the access rules of `vigil/accounts/policy.py`."""

from __future__ import annotations

from vigil.accounts import policy
from vigil.accounts.models import Person, Role
from vigil.children import policy as child_policy
from vigil.children.models import Child
from vigil.screening.models import Screening, State

KIND = "screening"


def can_evaluate_screenings(actor: Person | None) -> bool:
    """Anyone holding a working role may evaluate screening cases: the evaluation reads no
    case data and stores nothing. Auditors read the logs and nothing else, so a person who is
    only an auditor may not."""
    return bool(policy.roles(actor) - {Role.AUDITOR})


# A child's screenings ------------------------------------------------------------------------

SIGN_OFF_ROLES = policy.DSL_ROLES | {Role.MANAGER}


def can_view(actor: Person | None, screening: Screening) -> bool:
    """A screening is part of the child's whole file: the case leads of the child's own
    organisation, or someone who opened the file by break-glass. Shares name chronology
    entries, never screenings."""
    child = screening.child
    relation = child_policy.standing(actor, child)
    if relation is policy.Relationship.BREAK_GLASS:
        return True
    return relation is policy.Relationship.OWN and child_policy.can_view_file(
        actor, child, relation
    )


def can_screen(actor: Person | None, child: Child) -> bool:
    """Screening is a designated safeguarding lead's (or deputy's) work (PROCESS.md)."""
    return bool(policy.roles_at(actor, child.organisation_id) & policy.DSL_ROLES)


def can_work_on(actor: Person | None, screening: Screening) -> bool:
    """Observations, computing and the judgement: the organisation's DSLs, until the
    judgement is recorded."""
    return screening.state == State.DRAFT and can_screen(actor, screening.child)


def can_sign_off(actor: Person | None, screening: Screening) -> bool:
    """A judgement below the computed level is signed off by a manager or another DSL of the
    organisation: never the person who made it (SCREENING.md section 5)."""
    if actor is None or screening.state != State.AWAITING_SIGN_OFF:
        return False
    if screening.judged_by_id == actor.pk:
        return False
    return bool(policy.roles_at(actor, screening.organisation_id) & SIGN_OFF_ROLES)
