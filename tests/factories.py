"""Synthetic, obviously fictional people and organisations for tests."""

from __future__ import annotations

from datetime import time

import factory

from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person, Role
from vigil.core.models import Partnership

PASSWORD = "Test-password-2026"


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ("id",)

    id = 1
    name = "Testshire Safeguarding Children Partnership"
    front_door_name = "Testshire Front Door"
    front_door_phone = "0161 496 0456"
    out_of_hours_phone = "0161 496 0457"
    referral_url = "https://testshire.example/refer"
    opening_from = time(9, 0)
    opening_to = time(17, 0)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Example Organisation {n}")
    kind = OrganisationKind.HEALTH


class SchoolFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Example School {n}")
    kind = OrganisationKind.SCHOOL
    dfe_number = factory.Sequence(lambda n: f"9998{n:03d}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    email = factory.LazyAttribute(lambda p: f"{p.username}@testshire.example")

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF


def person_with(role: str, organisation: Organisation, **fields: object) -> Person:
    person = PersonFactory(**fields)
    MembershipFactory(person=person, organisation=organisation, role=role)
    return person
