"""The one access resolver: role and relationship decide, in one place (PROCESS.md)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from vigil.accounts import policy
from vigil.accounts.break_glass import LASTS, break_glass_open
from vigil.accounts.models import Role
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db


def record_of(organisation, recorded_by=None) -> policy.RecordRef:
    return policy.RecordRef(
        kind="test-record",
        id=uuid.uuid4(),
        organisation_id=organisation.pk,
        recorded_by_id=recorded_by.pk if recorded_by else None,
    )


REASON = "The child is missing tonight and police need the school's last contact details."


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("dsl", True),
        ("deputy", True),
        ("manager", True),
        ("staff", False),
        ("school_admin", False),
        ("other_dsl", False),
        ("mash", False),
        ("mash_manager", False),
        ("analyst", False),
        ("admin", False),
        ("auditor", False),
        ("police", False),
    ],
)
def test_who_opens_a_case_record_of_the_school(world, who: str, allowed: bool) -> None:
    assert policy.can_open_case_record(world[who], record_of(world.school)) is allowed


def test_staff_see_what_they_recorded_and_nothing_else(world) -> None:
    staff = world["staff"]
    assert policy.can_open_case_record(staff, record_of(world.school, recorded_by=staff))
    assert not policy.can_open_case_record(staff, record_of(world.school, recorded_by=world["dsl"]))
    assert not policy.can_open_case_record(staff, record_of(world.other_school, recorded_by=staff))


def test_relationships(world) -> None:
    record = record_of(world.school)
    assert policy.relationship(world["dsl"], record) is policy.Relationship.OWN
    assert policy.relationship(world["school_admin"], record) is policy.Relationship.OWN
    assert policy.relationship(world["other_dsl"], record) is policy.Relationship.OTHER
    assert policy.relationship(None, record) is policy.Relationship.OTHER


def test_a_deactivated_person_holds_nothing(world) -> None:
    dsl = world["dsl"]
    dsl.is_active = False
    assert policy.roles(dsl) == frozenset()
    assert not policy.can_open_case_record(dsl, record_of(world.school))


def test_an_ended_membership_gives_no_access(world) -> None:
    from vigil.accounts.models import Membership, Person

    Membership.objects.filter(person=world["dsl"]).update(ended_at=timezone.now())
    fresh = Person.objects.get(pk=world["dsl"].pk)
    assert not policy.can_open_case_record(fresh, record_of(world.school))


@pytest.mark.parametrize("who", ["other_dsl", "mash", "mash_manager"])
def test_break_glass_opens_another_organisations_record_for_a_while(world, who) -> None:
    record = record_of(world.school)
    person = world[who]
    assert not policy.can_open_case_record(person, record)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        grant = break_glass_open(actor=person, record=record, reason=REASON)
        assert policy.relationship(person, record) is policy.Relationship.BREAK_GLASS
        assert policy.can_open_case_record(person, record)
        # Only that record.
        assert not policy.can_open_case_record(person, record_of(world.school))
        traveller.shift(LASTS + timedelta(seconds=1))
        assert not policy.can_open_case_record(person, record)
    told = set(
        Notification.objects.filter(key=f"break-glass:{grant.pk}").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"dsl", "deputy", "auditor"}  # the owning DSLs and the auditors
    title = Notification.objects.filter(key=f"break-glass:{grant.pk}").first().title
    assert "opened by break-glass" in title


@pytest.mark.parametrize("who", ["staff", "analyst", "admin", "auditor", "police"])
def test_break_glass_is_only_for_dsls_managers_and_mash(world, who) -> None:
    with pytest.raises(PermissionDenied):
        break_glass_open(actor=world[who], record=record_of(world.other_school), reason=REASON)


def test_break_glass_needs_a_real_reason(world) -> None:
    with pytest.raises(ValidationError):
        break_glass_open(actor=world["other_dsl"], record=record_of(world.school), reason="need it")


def test_break_glass_is_on_both_logs(world) -> None:
    from vigil.audit.models import AuditEvent

    record = record_of(world.school)
    break_glass_open(actor=world["mash"], record=record, reason=REASON)
    logged = AuditEvent.objects.filter(object_id=str(record.id)).values_list("log", "verb")
    assert set(logged) == {("audit", "break-glass.open"), ("access", "break-glass.view")}


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.MASH, "mash", True),
        (Role.MASH, "school", False),
        (Role.AUDITOR, "partnership", True),
        (Role.AUDITOR, "school", False),
        (Role.ANALYST, "police", False),
        (Role.DSL, "school", True),
        (Role.DSL, "mash", False),
        (Role.ADMIN, "school", True),
        (Role.STAFF, "partnership", False),
    ],
)
def test_roles_belong_to_kinds_of_organisation(role, kind, allowed) -> None:
    assert policy.role_allowed_at(role, kind) is allowed


def test_administration_scope(world) -> None:
    assert policy.is_partnership_admin(world["admin"])
    assert not policy.is_partnership_admin(world["school_admin"])
    assert policy.can_administer_person(world["school_admin"], world["staff"])
    assert not policy.can_administer_person(world["school_admin"], world["other_dsl"])
    assert not policy.can_administer_person(world["admin"], world["admin"])  # not oneself
    assert policy.can_grant_role(world["school_admin"], world.school.pk, Role.DSL)
    assert not policy.can_grant_role(world["school_admin"], world.school.pk, Role.ADMIN)
    assert not policy.can_grant_role(world["school_admin"], world.other_school.pk, Role.STAFF)


def test_passkeys_are_offered_to_the_roles_named(world) -> None:
    offered = {name for name in world.people if policy.passkeys_offered(world[name])}
    assert offered == {
        "dsl",
        "deputy",
        "manager",
        "other_dsl",
        "mash",
        "mash_manager",
        "admin",
        "school_admin",
        "auditor",
    }
