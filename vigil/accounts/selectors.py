"""Reads of people and organisations, scoped to the administrator asking."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from vigil.accounts import policy
from vigil.accounts.models import Membership, Organisation, Person, Role


def organisations_administered_by(*, actor: Person, search: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if not policy.is_partnership_admin(actor):
        organisations = organisations.filter(pk__in=policy.organisations_where(actor, Role.ADMIN))
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(dfe_number__startswith=search.strip())
        )
    return organisations.order_by("name")


def organisation_for_admin(*, actor: Person, organisation_id: uuid.UUID) -> Organisation:
    """The organisation, or 404 — whether it does not exist or is not theirs to administer."""
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None or not policy.can_administer_organisation(actor, organisation.pk):
        raise Http404
    return organisation


def _current_memberships() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(ended_at__isnull=True).select_related("organisation"),
        to_attr="current_memberships",
    )


def people_administered_by(
    *,
    actor: Person,
    search: str = "",
    organisation_id: uuid.UUID | None = None,
    role: str = "",
) -> QuerySet[Person]:
    people = Person.objects.all()
    if not policy.is_partnership_admin(actor):
        theirs = policy.organisations_where(actor, Role.ADMIN)
        people = people.filter(memberships__organisation_id__in=theirs).distinct()
    if search:
        term = search.strip()
        people = people.filter(
            Q(full_name__icontains=term) | Q(username__icontains=term) | Q(email__icontains=term)
        )
    current = Q(memberships__ended_at__isnull=True)
    if organisation_id:
        people = people.filter(current, memberships__organisation_id=organisation_id).distinct()
    if role:
        people = people.filter(current, memberships__role=role).distinct()
    return people.prefetch_related(_current_memberships()).order_by("full_name", "username")


def person_for_admin(*, actor: Person, person_id: uuid.UUID) -> Person:
    """The person, or 404 — whether they do not exist or are not the actor's to administer."""
    person = Person.objects.filter(pk=person_id).first()
    if person is None or not policy.can_administer_person(actor, person):
        raise Http404
    return person


def memberships_of(person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("organisation").order_by(
        "ended_at", "organisation__name"
    )


def organisations_for_grant(*, actor: Person) -> QuerySet[Organisation]:
    """Organisations where the actor may give people roles."""
    return organisations_administered_by(actor=actor).filter(is_active=True)


def organisations_directory() -> QuerySet[Organisation]:
    """The partnership's organisations (names and kinds only): not case data."""
    return Organisation.objects.filter(is_active=True).order_by("name")


def safeguarding_leads_of(organisation_id: uuid.UUID) -> list[uuid.UUID]:
    """The people to tell about an organisation's case records: its current, active DSLs and
    deputies (an alert, a share, a break-glass opening)."""
    return members_holding(organisation_id, policy.DSL_ROLES)


def members_holding(organisation_id: uuid.UUID, roles: Iterable[str]) -> list[uuid.UUID]:
    """The organisation's current, active members who hold any of the roles there."""
    return list(
        Membership.objects.filter(
            organisation_id=organisation_id,
            role__in=sorted(roles),
            ended_at__isnull=True,
            person__is_active=True,
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
