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
    # Seven digits, as DfE numbers are, however many schools a test run makes.
    dfe_number = factory.Sequence(lambda n: f"998{n % 10_000:04d}")


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


def child_in(organisation: Organisation, by: Person, **fields: object):
    """A fictional child on an organisation's roll, added as a recorder would add them."""
    from datetime import date

    from vigil.children.services import child_add

    identity: dict[str, object] = {
        "given_names": "Testchild",
        "family_name": "Example",
        "date_of_birth": date(2012, 5, 1),
        "gender": "female",
    }
    identity.update(fields)
    return child_add(actor=by, organisation=organisation, **identity)


def concern_data(child, **fields: object) -> dict[str, object]:
    """What a recorder answers at each step of recording a concern."""
    data: dict[str, object] = {
        "immediate_risk": "no",
        "child_id": str(child.pk),
        "seen_or_heard": "Seen getting into a car with an older man after school, twice this week.",
        "childs_words": "He said he would buy me a new phone.",
        "happened_on": "2026-11-23",
        "happened_time": "15:40",
        "location": "The school gates on Example Lane",
        "indicators": ["i.older_risky_adults", "g.lifts_new_places"],
        "others_involved": "",
    }
    data.update(fields)
    return data


# A referral form answered in full, as a DSL would before sending (fictional throughout).
REFERRAL_ANSWERS: dict[str, object] = {
    "referrer_phone": "0161 496 0123",
    "referrer_role": "Designated safeguarding lead",
    "address": "1 Example Road, Testtown",
    "parents_carers": "Testparent Example (mother), same address, 0161 496 0456.",
    "placement": "family",
    "basis": ["older-person", "going-missing"],
    "violence": "not-known",
    "details": "Seen twice getting into a car with an older man after school; missing overnight once.",
    "lawful_basis": "public-task",
    "parents_told": "no",
    "parents_not_told_reason": "increase-risk",
    "young_person_told": "yes",
    "young_persons_view": "She says he is her friend and that she is fine.",
}


def referral_sent(world, child=None, by=None, route=None, **answers: object):
    """A referral of a child of the school, answered in full and sent (by the DSL unless
    `by`)."""
    from vigil.referrals.services import referral_send, referral_start, referral_update

    referrer = by or world["dsl"]
    child = child or child_in(world.school, referrer)
    referral = referral_start(actor=referrer, child=child, route=route)
    referral_update(
        actor=referrer,
        referral=referral,
        version=referral.version,
        answers={**REFERRAL_ANSWERS, **answers},
    )
    return referral_send(actor=referrer, referral=referral, version=referral.version)
