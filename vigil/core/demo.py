"""The synthetic demo partnership: Northmoor, which does not exist.

Every name, number and address here is fictional: phone numbers are from Ofcom's drama range
(0161 496 0000 to 0999), addresses use the reserved `.example` domain, DfE numbers are 999xxxx.
Loading is idempotent: when the partnership is there already, nothing is written.

People are created through the same services an administrator uses, so the demo's audit log
reads like a real deployment's first day.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import asdict, dataclass
from datetime import time
from typing import Any

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db import transaction

from vigil.accounts import services as people
from vigil.accounts.models import Organisation, OrganisationKind, Person, Role
from vigil.attendance.demo import attendance_load
from vigil.briefings.demo import briefings_load
from vigil.concerns.demo import cases_load
from vigil.core.models import Partnership
from vigil.core.services.bootstrap import partnership_bootstrap
from vigil.missing.demo import missing_load
from vigil.referrals.demo import referrals_load
from vigil.screening.demo import screenings_load

# Demo only: shown in the README and printed by `vigil demo`.
# The synthetic demo's one password; `vigil demo` refuses to run in production.
PASSWORD = "Northmoor-demo-2026"  # noqa: S105  # nosec B105

PARTNERSHIP = {
    "name": "Northmoor Safeguarding Children Partnership",
    "front_door_name": "Northmoor Children's Front Door",
    "front_door_phone": "0161 496 0123",
    "out_of_hours_phone": "0161 496 0999",
    "referral_url": "https://northmoor.example/worried-about-a-child",
}
TEAM = "Northmoor Safeguarding Partnership Team"
CASTLEBROOK = "Castlebrook High School"
POLICE = "Northmoor Police (demo)"
EDUCATION_WELFARE = "Northmoor Education Welfare Service (demo)"
LADO = "Northmoor LADO Service (demo)"

ORGANISATIONS: list[dict[str, Any]] = [
    {"name": "Northmoor MASH", "kind": OrganisationKind.MASH},
    {
        "name": "Ashgrove Academy",
        "kind": OrganisationKind.SCHOOL,
        "dfe_number": "9999001",
        "opening_from": time(8, 30),
        "opening_to": time(16, 30),
    },
    {"name": "Brindle Hill School", "kind": OrganisationKind.SCHOOL, "dfe_number": "9999002"},
    {"name": CASTLEBROOK, "kind": OrganisationKind.SCHOOL, "dfe_number": "9999003"},
    {"name": POLICE, "kind": OrganisationKind.POLICE},
    {"name": "Northmoor Community Health (demo)", "kind": OrganisationKind.HEALTH},
    {"name": EDUCATION_WELFARE, "kind": OrganisationKind.EDUCATION_WELFARE},
    {"name": LADO, "kind": OrganisationKind.LADO},
    {
        "name": "Northmoor Emergency Duty Team",
        "kind": OrganisationKind.EMERGENCY_DUTY_TEAM,
        "around_the_clock": True,
    },
]

# username, full name, job title, organisation, role. Each school has someone to record
# concerns, a DSL and a deputy, so the demo's cases can be recorded and triaged at all three.
PEOPLE = [
    ("admin", "Alex Example", "Systems administrator", TEAM, Role.ADMIN),
    ("teacher", "Tamsin Example", "Class teacher", "Ashgrove Academy", Role.STAFF),
    ("dsl", "Dev Example", "Designated safeguarding lead", "Ashgrove Academy", Role.DSL),
    ("manager", "Morgan Example", "Headteacher", "Ashgrove Academy", Role.MANAGER),
    (
        "deputy",
        "Dana Example",
        "Deputy designated safeguarding lead",
        "Ashgrove Academy",
        Role.DEPUTY_DSL,
    ),
    ("dsl2", "Sam Sample", "Designated safeguarding lead", "Brindle Hill School", Role.DSL),
    (
        "deputy2",
        "Drew Sample",
        "Deputy designated safeguarding lead",
        "Brindle Hill School",
        Role.DEPUTY_DSL,
    ),
    ("teacher2", "Toby Sample", "Class teacher", "Brindle Hill School", Role.STAFF),
    ("dsl3", "Charlie Example", "Designated safeguarding lead", CASTLEBROOK, Role.DSL),
    (
        "deputy3",
        "Robin Example",
        "Deputy designated safeguarding lead",
        CASTLEBROOK,
        Role.DEPUTY_DSL,
    ),
    ("teacher3", "Tess Example", "Form tutor", CASTLEBROOK, Role.STAFF),
    ("mash", "Jordan Sample", "MASH social worker", "Northmoor MASH", Role.MASH),
    ("mash-manager", "Riley Sample", "MASH team manager", "Northmoor MASH", Role.MANAGER),
    # The other referral routes' receivers: managers receive and answer referrals.
    ("police", "Parker Example", "Detective sergeant, child protection team", POLICE, Role.MANAGER),
    ("ews", "Emery Sample", "Education welfare manager", EDUCATION_WELFARE, Role.MANAGER),
    ("lado", "Casey Sample", "Local authority designated officer", LADO, Role.MANAGER),
    ("analyst", "Avery Example", "Exploitation analyst", TEAM, Role.ANALYST),
    ("auditor", "Aubrey Example", "Information governance officer", TEAM, Role.AUDITOR),
]


@dataclass(frozen=True)
class SignIn:
    username: str
    password: str
    organisation: str
    roles: list[str]
    totp_secret: str


def totp_secret(username: str) -> str:
    """A fixed secret per demo person, so the printed sign-ins work after every reload."""
    digest = hashlib.sha256(f"vigil-demo-totp:{username}".encode()).digest()[:20]
    return base64.b32encode(digest).decode("ascii")


def _enrol(person: Person) -> None:
    person.set_password(PASSWORD)
    person.save(update_fields=["password"])
    TOTP.activate(person, totp_secret(person.username))
    RecoveryCodes.activate(person)


def _load() -> None:
    admin = partnership_bootstrap(
        name=PARTNERSHIP["name"],
        team_name=TEAM,
        admin_username="admin",
        admin_name="Alex Example",
        admin_email="admin@northmoor.example",
        front_door_name=PARTNERSHIP["front_door_name"],
        front_door_phone=PARTNERSHIP["front_door_phone"],
        out_of_hours_phone=PARTNERSHIP["out_of_hours_phone"],
    )
    Partnership.objects.filter(pk=1).update(referral_url=PARTNERSHIP["referral_url"])
    _enrol(admin)
    for fields in ORGANISATIONS:
        people.organisation_create(actor=admin, **fields)
    for username, name, title, organisation, role in PEOPLE[1:]:
        person = people.person_create(
            actor=admin,
            username=username,
            full_name=name,
            job_title=title,
            email=f"{username}@northmoor.example",
            role=role,
            send_link=False,
            organisation=Organisation.objects.get(name=organisation),
        )
        _enrol(person)
    cases_load()
    screenings_load()
    referrals_load(admin)
    missing_load()
    briefings_load(admin)
    attendance_load()


def load() -> bool:
    """Load the demo partnership. False (and nothing written) when it is already there."""
    if settings.PRODUCTION:
        raise RuntimeError(
            "The demo partnership is synthetic data: it is never loaded in production."
        )
    with transaction.atomic():
        if Partnership.objects.exists():
            return False
        _load()
    return True


def sign_ins() -> list[SignIn]:
    found = []
    for username, _name, _title, organisation, _role in PEOPLE:
        person = Person.objects.filter(username=username).first()
        if person is None:
            continue
        roles = sorted(
            person.memberships.filter(ended_at__isnull=True).values_list("role", flat=True)
        )
        found.append(SignIn(username, PASSWORD, organisation, roles, totp_secret(username)))
    return found


def sign_ins_as_dicts() -> list[dict[str, object]]:
    return [asdict(sign_in) for sign_in in sign_ins()]
