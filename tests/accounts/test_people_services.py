"""Administering people and organisations through the services: permission, one transaction,
one audit event, no self-escalation, and edits that never silently overwrite each other."""

from __future__ import annotations

from datetime import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.conftest import enrol, signed_in
from vigil.accounts import services
from vigil.accounts.models import Membership, OrganisationKind, Person, Role
from vigil.audit.models import AuditEvent
from vigil.core.versioning import EditConflictError

pytestmark = pytest.mark.django_db


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def create(actor, organisation, role=Role.STAFF, username="new.teacher", **extra):
    return services.person_create(
        actor=actor,
        username=username,
        full_name="Nova Example",
        email="Nova@Testshire.example",
        organisation=organisation,
        role=role,
        **extra,
    )


def test_an_admin_creates_a_person_who_is_emailed_a_setup_link(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = create(world["admin"], world.school)
    assert person.email == "nova@testshire.example"
    assert not person.has_usable_password()
    assert Membership.objects.get(person=person).role == Role.STAFF
    event = last_event()
    assert (event.verb, event.object_id, event.actor) == (
        "person.create",
        str(person.pk),
        str(world["admin"].pk),
    )
    (message,) = mail.outbox
    assert message.to == ["nova@testshire.example"]
    assert "/accounts/password/reset/key/" in message.body
    assert person.username in message.body


def test_the_setup_link_lets_them_choose_a_password_once(
    world, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        person = create(world["admin"], world.school)
    link = next(
        line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line
    )
    path = link.split("127.0.0.1:8000")[-1].strip()
    client = Client()
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "a-long-and-private-passphrase"
    done = client.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.check_password(new_password)
    again = Client().get(path, follow=True)
    assert "password1" not in again.content.decode()  # the link worked once


def test_an_organisation_admin_creates_people_only_at_their_organisation(world) -> None:
    create(world["school_admin"], world.school, username="one")
    with pytest.raises(PermissionDenied):
        create(world["school_admin"], world.other_school, username="two")
    with pytest.raises(PermissionDenied):
        create(world["school_admin"], world.school, role=Role.ADMIN, username="three")


@pytest.mark.parametrize("who", ["staff", "dsl", "manager", "mash", "analyst", "auditor"])
def test_only_administrators_create_people(world, who) -> None:
    with pytest.raises(PermissionDenied):
        create(world[who], world.school)
    assert not Person.objects.filter(username="new.teacher").exists()


def test_a_role_must_fit_the_kind_of_organisation(world) -> None:
    with pytest.raises(ValidationError) as error:
        create(world["admin"], world.school, role=Role.MASH)
    assert "cannot be held" in str(error.value)


def test_usernames_are_unique_whatever_the_case(world) -> None:
    with pytest.raises(ValidationError):
        create(world["admin"], world.school, username="DSL")


def test_each_person_has_their_own_email_address(world) -> None:
    create(world["admin"], world.school, username="first")
    with pytest.raises(ValidationError) as error:
        create(world["admin"], world.school, username="second")
    assert "e-mail" in str(error.value)


def test_nobody_changes_their_own_roles(world) -> None:
    with pytest.raises(PermissionDenied):
        services.membership_add(
            actor=world["admin"], person=world["admin"], organisation=world.mash, role=Role.MANAGER
        )
    own = Membership.objects.get(person=world["admin"])
    with pytest.raises(PermissionDenied):
        services.membership_end(actor=world["admin"], membership=own)


def test_roles_are_added_and_ended_not_deleted(world) -> None:
    staff = world["staff"]
    membership = services.membership_add(
        actor=world["admin"], person=staff, organisation=world.school, role=Role.DEPUTY_DSL
    )
    with pytest.raises(ValidationError):
        services.membership_add(
            actor=world["admin"], person=staff, organisation=world.school, role=Role.DEPUTY_DSL
        )
    services.membership_end(actor=world["admin"], membership=membership)
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert Membership.objects.filter(person=staff).count() == 2
    assert [e.verb for e in AuditEvent.objects.order_by("seq")] == [
        "membership.add",
        "membership.end",
    ]


def test_deactivating_ends_sessions_and_sign_in(world) -> None:
    staff = world["staff"]
    client = signed_in(staff)
    assert client.get("/").status_code == 200
    services.person_set_active(actor=world["admin"], person=staff, active=False)
    assert client.get("/").status_code == 302
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(staff.pk) for s in Session.objects.all()
    )


def test_resetting_a_second_factor_forces_enrolment_again(world) -> None:
    dsl = world["dsl"]
    enrol(dsl)
    services.person_second_factor_reset(actor=world["admin"], person=dsl)
    assert not Authenticator.objects.filter(user=dsl).exists()
    client = Client()
    client.force_login(dsl)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith(
        "/accounts/2fa/totp/activate/"
    )
    verbs = list(AuditEvent.objects.order_by("seq").values_list("verb", flat=True))
    assert verbs == ["person.second-factor-reset", "auth.sign-in"]


def test_concurrent_edits_never_silently_overwrite(world) -> None:
    staff = world["staff"]
    version = staff.version
    services.person_update(
        actor=world["admin"], person=staff, version=version, full_name="First Editor"
    )
    with pytest.raises(EditConflictError):
        services.person_update(
            actor=world["school_admin"],
            person=Person.objects.get(pk=staff.pk),
            version=version,
            full_name="Second Editor",
        )
    staff.refresh_from_db()
    assert staff.full_name == "First Editor"


def test_organisations_need_a_dfe_number_when_schools(world) -> None:
    with pytest.raises(ValidationError):
        services.organisation_create(
            actor=world["admin"], name="Example Academy", kind=OrganisationKind.SCHOOL
        )
    school = services.organisation_create(
        actor=world["admin"],
        name="Example Academy",
        kind=OrganisationKind.SCHOOL,
        dfe_number="9990042",
        opening_from=time(8, 0),
        opening_to=time(16, 0),
    )
    assert school.dfe_number == "9990042"
    with pytest.raises(PermissionDenied):
        services.organisation_create(
            actor=world["school_admin"], name="Another", kind=OrganisationKind.HEALTH
        )


def test_an_organisation_admin_cannot_change_its_kind(world) -> None:
    school = world.school
    services.organisation_update(
        actor=world["school_admin"],
        organisation=school,
        version=school.version,
        kind=OrganisationKind.POLICE,
        name="Renamed School",
        dfe_number=school.dfe_number,
    )
    school.refresh_from_db()
    assert (school.name, school.kind) == ("Renamed School", OrganisationKind.SCHOOL)
