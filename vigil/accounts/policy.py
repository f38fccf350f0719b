"""Who may do what: the one place where access is resolved from role and relationship.

PROCESS.md ("People and organisations") decides access by a person's role and by the
relationship between their organisation and the record. Every app's policy builds on the
resolver here (`relationship`, `roles_at`), so that the rules live in one place. It knows
five relationships: own organisation, referred to the person's organisation (the front door a
referral was sent to), shared with the person's organisation, break-glass, and another
organisation.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass

from django.http import Http404, HttpRequest
from django.utils import timezone

from vigil.accounts.models import BreakGlass, Membership, OrganisationKind, Person, Role

DSL_ROLES = frozenset({Role.DSL, Role.DEPUTY_DSL})
CASE_LEADS = DSL_ROLES | {Role.MANAGER}
BREAK_GLASS_ROLES = CASE_LEADS | {Role.MASH}
# Roles held for the whole partnership, only in its own team.
PARTNERSHIP_ONLY_ROLES = frozenset({Role.ANALYST, Role.AUDITOR})
# Who works on referrals at a front door: its practitioners and its managers (PROCESS.md: "a
# MASH manager as mash").
RECEIVERS = frozenset({Role.MASH, Role.MANAGER})
# Passkeys are offered to those whose accounts open the most (allauth MFA: webauthn).
PASSKEY_ROLES = CASE_LEADS | {Role.MASH, Role.ADMIN, Role.AUDITOR}

_ALL_KINDS = frozenset(OrganisationKind.values)
_OPERATIONAL = _ALL_KINDS - {OrganisationKind.PARTNERSHIP}
ROLE_KINDS: dict[str, frozenset[str]] = {
    Role.STAFF: _OPERATIONAL,
    Role.DSL: _OPERATIONAL - {OrganisationKind.MASH},
    Role.DEPUTY_DSL: _OPERATIONAL - {OrganisationKind.MASH},
    Role.MANAGER: _OPERATIONAL,
    Role.MASH: frozenset({OrganisationKind.MASH}),
    Role.ANALYST: frozenset({OrganisationKind.PARTNERSHIP}),
    Role.AUDITOR: frozenset({OrganisationKind.PARTNERSHIP}),
    Role.ADMIN: _ALL_KINDS,
}


@dataclass(frozen=True)
class Holding:
    """One current membership, as the resolver sees it."""

    organisation_id: uuid.UUID
    organisation_kind: str
    role: str


def holdings(actor: Person) -> tuple[Holding, ...]:
    """The person's current memberships, loaded once per person object (one query)."""
    cached: tuple[Holding, ...] | None = getattr(actor, "_vigil_holdings", None)
    if cached is None:
        rows = Membership.objects.filter(
            person_id=actor.pk, ended_at__isnull=True, organisation__is_active=True
        ).values_list("organisation_id", "organisation__kind", "role")
        cached = tuple(Holding(*row) for row in rows)
        actor._vigil_holdings = cached  # type: ignore[attr-defined]
    return cached


def forget_holdings(actor: Person) -> None:
    """Call after changing someone's memberships in the same request."""
    actor.__dict__.pop("_vigil_holdings", None)


def person_of(request: HttpRequest) -> Person:
    """The signed-in person making a request; 404 for anyone else (pages behind sign-in)."""
    user = request.user
    if not isinstance(user, Person) or not user.is_active:
        raise Http404
    return user


def _signed_in(actor: Person | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active)


def _current(actor: Person | None) -> tuple[Holding, ...]:
    """The memberships that count: none for anyone not signed in or deactivated."""
    if actor is None or not _signed_in(actor):
        return ()
    return holdings(actor)


def roles(actor: Person | None) -> frozenset[str]:
    return frozenset(holding.role for holding in _current(actor))


def roles_at(actor: Person | None, organisation_id: uuid.UUID) -> frozenset[str]:
    return frozenset(h.role for h in _current(actor) if h.organisation_id == organisation_id)


def organisations_where(actor: Person | None, *wanted: str) -> frozenset[uuid.UUID]:
    """The organisations where the person holds any of the roles."""
    return frozenset(h.organisation_id for h in _current(actor) if h.role in wanted)


def has_role(actor: Person | None, *wanted: str) -> bool:
    return bool(roles(actor) & set(wanted))


# Administration ---------------------------------------------------------------------------


def is_partnership_admin(actor: Person | None) -> bool:
    """An administrator in the partnership's own team administers the whole partnership."""
    return any(
        h.role == Role.ADMIN and h.organisation_kind == OrganisationKind.PARTNERSHIP
        for h in _current(actor)
    )


def is_admin(actor: Person | None) -> bool:
    return has_role(actor, Role.ADMIN)


def can_administer_organisation(actor: Person | None, organisation_id: uuid.UUID) -> bool:
    return is_partnership_admin(actor) or Role.ADMIN in roles_at(actor, organisation_id)


def can_grant_role(actor: Person | None, organisation_id: uuid.UUID, role: str) -> bool:
    """Organisation administrators grant working roles; the partnership's administrators
    also grant administration, analysis and audit."""
    if is_partnership_admin(actor):
        return True
    trusted = {Role.ADMIN, *PARTNERSHIP_ONLY_ROLES}
    return role not in trusted and can_administer_organisation(actor, organisation_id)


def can_administer_person(actor: Person | None, person: Person) -> bool:
    """Partnership admins administer everyone; an organisation's admin, its own people.
    Nobody administers their own access (no self-escalation)."""
    if not _signed_in(actor) or actor is None or actor.pk == person.pk:
        return False
    if is_partnership_admin(actor):
        return True
    theirs = {h.organisation_id for h in holdings(person)}
    return bool(theirs & organisations_where(actor, Role.ADMIN))


def role_allowed_at(role: str, organisation_kind: str) -> bool:
    return organisation_kind in ROLE_KINDS.get(role, frozenset())


# Logs ---------------------------------------------------------------------------------------


def can_read_audit(actor: Person | None) -> bool:
    """Auditors (information governance) read both logs, and nothing else."""
    return has_role(actor, Role.AUDITOR)


def passkeys_offered(actor: Person | None) -> bool:
    return bool(roles(actor) & PASSKEY_ROLES)


# Records: relationship and break-glass -------------------------------------------------


class Relationship(enum.StrEnum):
    OWN = "own"
    REFERRED = "referred"
    SHARED = "shared"
    OTHER = "other"
    BREAK_GLASS = "break-glass"


@dataclass(frozen=True)
class RecordRef:
    """A case record, as the resolver needs to know it: what, which, and whose."""

    kind: str
    id: uuid.UUID
    organisation_id: uuid.UUID
    recorded_by_id: uuid.UUID | None = None
    # Organisations a DSL has shared the record (or entries of it) with.
    shared_with: frozenset[uuid.UUID] = frozenset()
    # Front doors (receiving organisations) a referral about it was sent to.
    referred_to: frozenset[uuid.UUID] = frozenset()


def live_break_glass(actor: Person, record: RecordRef) -> BreakGlass | None:
    return (
        BreakGlass.objects.filter(
            person_id=actor.pk,
            record_type=record.kind,
            record_id=record.id,
            expires_at__gt=timezone.now(),
        )
        .order_by("-opened_at")
        .first()
    )


def relationship(actor: Person | None, record: RecordRef) -> Relationship:
    """How the person stands to the record: their organisation's, referred to a front door
    where they work on referrals, shared with a team where they lead on cases, opened by
    break-glass (which lapses; it never outlives the person's break-glass role), or another
    organisation's."""
    if any(h.organisation_id == record.organisation_id for h in _current(actor)):
        return Relationship.OWN
    if organisations_where(actor, *RECEIVERS) & record.referred_to:
        return Relationship.REFERRED
    if organisations_where(actor, *CASE_LEADS) & record.shared_with:
        return Relationship.SHARED
    if actor is not None and can_break_glass(actor) and live_break_glass(actor, record):
        return Relationship.BREAK_GLASS
    return Relationship.OTHER


def can_break_glass(actor: Person | None) -> bool:
    """Break-glass is open to DSLs, managers and MASH practitioners only (PROCESS.md)."""
    return has_role(actor, *BREAK_GLASS_ROLES)


def can_open_case_record(actor: Person | None, record: RecordRef) -> bool:
    """The base rule for a case record of a child (PROCESS.md's table):

    - own organisation: DSLs (and deputies) and managers see everything; staff see what they
      recorded; administrators, analysts and auditors see no case data;
    - referred to the person's organisation: its MASH practitioners and managers see
      everything in the referral;
    - shared with the person's organisation: its DSLs and managers see what was shared;
    - another organisation: only by break-glass.
    """
    standing = relationship(actor, record)
    if standing in (Relationship.BREAK_GLASS, Relationship.SHARED, Relationship.REFERRED):
        return True
    if standing is not Relationship.OWN or actor is None:
        return False
    held = roles_at(actor, record.organisation_id)
    if held & CASE_LEADS:
        return True
    return Role.STAFF in held and record.recorded_by_id == actor.pk
