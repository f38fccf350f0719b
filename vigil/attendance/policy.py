"""Who may work on a school's attendance, built on the access rules of accounts/policy.py.

Absence is followed up by the school's designated safeguarding leads and their deputies
(PROCESS.md): they import the school's marks, see the flags and act on them. The thresholds
are the partnership's configuration, changed by its administrators.
"""

from __future__ import annotations

import uuid

from vigil.accounts import policy
from vigil.accounts.models import Organisation, OrganisationKind, Person

# Organisations that keep attendance registers.
REGISTER_KINDS = frozenset({OrganisationKind.SCHOOL, OrganisationKind.COLLEGE})


def keeps_registers(organisation: Organisation) -> bool:
    """An organisation with a DfE number keeps attendance registers (schools, and colleges
    that have one)."""
    return bool(organisation.dfe_number) and organisation.is_active


def can_work_on_attendance(actor: Person | None, school_id: uuid.UUID) -> bool:
    return bool(policy.roles_at(actor, school_id) & policy.DSL_ROLES)


def can_configure(actor: Person | None) -> bool:
    return policy.is_partnership_admin(actor)


def follows_attendance(actor: Person | None) -> bool:
    """A DSL or deputy at a school or college: their navigation offers Absence."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return False
    return any(
        h.role in policy.DSL_ROLES and h.organisation_kind in REGISTER_KINDS
        for h in policy.holdings(actor)
    )
