"""Shared fixtures: a fictional partnership with one person per role, and sign-in helpers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from tests.factories import OrganisationFactory, PartnershipFactory, SchoolFactory, person_with
from vigil.accounts.models import Organisation, OrganisationKind, Person, Role
from vigil.referrals.models import Route
from vigil.referrals.routes import MASH_CLOCKS

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path: Path) -> None:
    """Fast password hashing, and a checkpoint file of each test's own."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.VIGIL_AUDIT_CHECKPOINT_FILE = tmp_path / "checkpoints.jsonl"


@dataclass
class World:
    """A small partnership: a team, a MASH, two schools, police; someone in every role."""

    team: Organisation
    mash: Organisation
    school: Organisation
    other_school: Organisation
    police: Organisation
    people: dict[str, Person]

    def __getitem__(self, name: str) -> Person:
        return self.people[name]


def build_world() -> World:
    PartnershipFactory()
    team = OrganisationFactory(name="Testshire Partnership Team", kind=OrganisationKind.PARTNERSHIP)
    mash = OrganisationFactory(name="Testshire MASH", kind=OrganisationKind.MASH)
    school = SchoolFactory(name="Example Primary School")
    other = SchoolFactory(name="Example Secondary School")
    police = OrganisationFactory(name="Testshire Police (test)", kind=OrganisationKind.POLICE)
    people = {
        "staff": person_with(Role.STAFF, school, username="staff"),
        "dsl": person_with(Role.DSL, school, username="dsl"),
        "deputy": person_with(Role.DEPUTY_DSL, school, username="deputy"),
        "manager": person_with(Role.MANAGER, school, username="manager"),
        "other_dsl": person_with(Role.DSL, other, username="otherdsl"),
        "mash": person_with(Role.MASH, mash, username="mash"),
        "mash_manager": person_with(Role.MANAGER, mash, username="mashmanager"),
        "analyst": person_with(Role.ANALYST, team, username="analyst"),
        "admin": person_with(Role.ADMIN, team, username="admin"),
        "school_admin": person_with(Role.ADMIN, school, username="schooladmin"),
        "auditor": person_with(Role.AUDITOR, team, username="auditor"),
        "police": person_with(Role.STAFF, police, username="officer"),
    }
    Route.objects.create(
        code="mash",
        name="Testshire MASH",
        receiver=mash,
        workflow="mash",
        clocks=list(MASH_CLOCKS),
        order=1,
    )
    return World(team, mash, school, other, police, people)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def transactional_world(transactional_db) -> World:
    return build_world()


def enrol(person: Person, secret: str = TOTP_SECRET) -> None:
    """An authenticator app and recovery codes, as enrolment at first sign-in leaves them."""
    TOTP.activate(person, secret)
    RecoveryCodes.activate(person)


def totp_code(secret: str = TOTP_SECRET, at: float | None = None) -> str:
    import time

    counter = int(at if at is not None else time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def signed_in(person: Person) -> Client:
    """A client signed in with both factors done (the second factor enrolled)."""
    enrol(person) if not person.authenticator_set.exists() else None  # type: ignore[attr-defined]
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def client_for(world):
    return signed_in


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL, tests need not wait for each commit to reach the disk: a test database
    is thrown away. (Production keeps PostgreSQL's durable default.)"""
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                f'ALTER DATABASE "{connection.settings_dict["NAME"]}" SET synchronous_commit TO off'
            )
        connection.close()
