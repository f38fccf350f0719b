"""Who may see and change what in a child's file, on the one resolver of accounts/policy.py.

PROCESS.md's table: in the child's own organisation, DSLs (and deputies) and managers see the
whole file, staff see what they recorded and, to pick a child, names and dates of birth only;
another organisation's DSLs and managers see only what was shared with them, or the file by
break-glass; administrators, analysts and auditors see no case data.
"""

from __future__ import annotations

import uuid

from vigil.accounts import policy
from vigil.accounts.models import Person, Role
from vigil.children.models import Child, ChronologyEntry, Share

KIND = "child"
RECORDERS = frozenset({Role.STAFF, *policy.CASE_LEADS})


def shared_with(child_id: uuid.UUID) -> frozenset[uuid.UUID]:
    rows = Share.objects.filter(child_id=child_id).values_list("to_organisation_id", flat=True)
    return frozenset(rows)


def record_of(child: Child) -> policy.RecordRef:
    return policy.RecordRef(
        kind=KIND,
        id=child.pk,
        organisation_id=child.organisation_id,
        shared_with=shared_with(child.pk),
    )


def standing(actor: Person | None, child: Child) -> policy.Relationship:
    return policy.relationship(actor, record_of(child))


def can_view_file(
    actor: Person | None, child: Child, relation: policy.Relationship | None = None
) -> bool:
    """The file itself (identity, statuses, chronology): case leads of the child's own
    organisation; case leads of an organisation it was shared with (what was shared); anyone
    who opened it by break-glass. `relation`, when the caller has it already, saves asking."""
    relation = relation or standing(actor, child)
    if relation in (policy.Relationship.BREAK_GLASS, policy.Relationship.SHARED):
        return True
    return relation is policy.Relationship.OWN and bool(
        policy.roles_at(actor, child.organisation_id) & policy.CASE_LEADS
    )


def can_record_at(actor: Person | None, organisation_id: uuid.UUID) -> bool:
    """Anyone working in the organisation may record a concern there and pick its children."""
    return bool(policy.roles_at(actor, organisation_id) & RECORDERS)


def can_edit_identity(actor: Person | None, child: Child) -> bool:
    return bool(policy.roles_at(actor, child.organisation_id) & policy.CASE_LEADS)


def can_share(actor: Person | None, child: Child) -> bool:
    """Sharing is a designated safeguarding lead's deliberate decision (PROCESS.md)."""
    return bool(policy.roles_at(actor, child.organisation_id) & policy.DSL_ROLES)


def can_correct(actor: Person | None, entry: ChronologyEntry, child: Child) -> bool:
    """The person who recorded an entry, or a case lead of the child's organisation."""
    if actor is None or not can_record_at(actor, child.organisation_id):
        return False
    return entry.recorded_by_id == actor.pk or can_edit_identity(actor, child)


def acting_role(actor: Person, organisation_id: uuid.UUID) -> str:
    """The role a person acts in at an organisation, for the record: their most responsible
    one there."""
    held = policy.roles_at(actor, organisation_id)
    for role in (Role.DSL, Role.DEPUTY_DSL, Role.MANAGER, Role.MASH, Role.STAFF):
        if role in held:
            return str(role)
    return sorted(held)[0] if held else ""


def find_record(child_id: uuid.UUID) -> policy.RecordRef | None:
    """For break-glass: the child's file as the resolver knows it (its owner), unscoped."""
    child = Child.objects.filter(pk=child_id).only("id", "organisation_id").first()
    return record_of(child) if child else None
