"""The permission matrix: every URL pattern, for every role and every relationship, plus
anonymous. A pattern added without an entry here fails `test_every_url_pattern_has_an_entry`.

Where a person may not see something, the answer is exactly the answer for something that
does not exist: the same status and the same page.
"""

from __future__ import annotations

import re
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import World, signed_in
from vigil.accounts import policy
from vigil.accounts.break_glass import break_glass_open
from vigil.accounts.models import Membership
from vigil.accounts.tokens import api_token_create
from vigil.core.models import Closure
from vigil.notifications.models import Notification

ROLES = (
    "anonymous",
    "staff",
    "dsl",
    "deputy",
    "manager",
    "other_dsl",
    "mash",
    "mash_manager",
    "analyst",
    "admin",
    "school_admin",
    "auditor",
    "police",
)
OWN, OTHER = "own", "other"
DSLS = {"dsl", "deputy", "other_dsl"}

# Expectation: (role, relationship) -> the statuses allowed. "login" means a redirect to sign in.
Expect = Callable[[str, str], set[object]]


def _signed_in_only(allowed: Callable[[str, str], bool], ok: set[object] | None = None) -> Expect:
    def expect(role: str, relationship: str) -> set[object]:
        if role == "anonymous":
            return {"login"}
        return (ok or {200}) if allowed(role, relationship) else {404}

    return expect


PUBLIC: Expect = lambda role, rel: {200}  # noqa: E731
GUEST: Expect = lambda role, rel: {200} if role == "anonymous" else {200, 302}  # noqa: E731
NOT_OFFERED: Expect = lambda role, rel: {404}  # noqa: E731
SIGNED_IN = _signed_in_only(lambda role, rel: True)
SIGNED_IN_REDIRECT = _signed_in_only(lambda role, rel: True, {200, 302})
ADMIN = _signed_in_only(lambda role, rel: role in {"admin", "school_admin"})
PARTNERSHIP_ADMIN = _signed_in_only(lambda role, rel: role == "admin")
AUDITOR = _signed_in_only(lambda role, rel: role == "auditor")
PASSKEYS = _signed_in_only(
    lambda role, rel: (
        role
        in {
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
    )
)
BREAK_GLASS_READERS = _signed_in_only(lambda role, rel: role in DSLS | {"auditor"})
# The owning school's DSLs (and the auditors) read a break-glass report about its record:
# "own" is a record of the school, "other" one of the other school.
BREAK_GLASS_REPORT = _signed_in_only(
    lambda role, rel: (
        role == "auditor"
        or (role in {"dsl", "deputy"} and rel == OWN)
        or (role == "other_dsl" and rel == OTHER)
    )
)
# allauth asks a passkey holder to confirm who they are before touching a key (302); anyone
# else never reaches the page.
PASSKEY_KEY = _signed_in_only(lambda role, rel: PASSKEYS(role, rel) == {200}, {302})
SIGN_OUT: Expect = lambda role, rel: {302} if role == "anonymous" else {200}  # noqa: E731
ORGANISATION_ADMIN = _signed_in_only(
    lambda role, rel: role == "admin" or (role == "school_admin" and rel == OWN)
)
PERSON_ADMIN = ORGANISATION_ADMIN
RECORDERS = {"staff", "dsl", "deputy", "manager", "other_dsl", "mash_manager", "police"}
CASE_LEADS = {"dsl", "deputy", "manager", "other_dsl", "mash_manager"}
RECORDER = _signed_in_only(lambda role, rel: role in RECORDERS)
CASE_LEAD = _signed_in_only(lambda role, rel: role in CASE_LEADS)
# A record of the school ("own") or of the other school ("other"): who may open it.
FILE_READERS = _signed_in_only(
    lambda role, rel: role in ({"dsl", "deputy", "manager"} if rel == OWN else {"other_dsl"})
)
CONCERN_READERS = _signed_in_only(
    lambda role, rel: (
        role in ({"staff", "dsl", "deputy", "manager"} if rel == OWN else {"other_dsl"})
    )
)
SCHOOL_DSLS = _signed_in_only(
    lambda role, rel: role in ({"dsl", "deputy"} if rel == OWN else {"other_dsl"})
)
# Acting on a screening: its school's DSLs (a form posted empty comes back with its messages).
SCREENERS = _signed_in_only(lambda role, rel: SCHOOL_DSLS(role, rel) == {200}, {422})
# Signing off a judgement below the computed level: a manager or another DSL, never its judge.
SIGNERS = _signed_in_only(lambda role, rel: rel == OWN and role in {"deputy", "manager"}, {422})
OWN_DRAFT = _signed_in_only(lambda role, rel: rel == OWN and role in RECORDERS, {200, 302})
MINE = _signed_in_only(lambda role, rel: rel == OWN, {200, 302})
NOBODY_SIGNED_IN = _signed_in_only(lambda role, rel: False)


@dataclass(frozen=True)
class Entry:
    expect: Expect
    method: str = "get"
    kwargs: Callable[[World, str, object], dict[str, object]] = field(
        default=lambda w, rel, who: {}
    )
    data: dict[str, object] = field(default_factory=dict)


def _org(w: World, rel: str, who: object) -> dict[str, object]:
    return {"organisation_id": (w.school if rel == OWN else w.other_school).pk}


def _person(w: World, rel: str, who: object) -> dict[str, object]:
    return {"person_id": (w["staff"] if rel == OWN else w["other_dsl"]).pk}


def _person_action(w: World, rel: str, who: object) -> dict[str, object]:
    return {**_person(w, rel, who), "action": "send-setup-link"}


def _membership(w: World, rel: str, who: object) -> dict[str, object]:
    person = w["staff"] if rel == OWN else w["other_dsl"]
    return {"membership_id": Membership.objects.get(person=person).pk}


def _closure(w: World, rel: str, who: object) -> dict[str, object]:
    organisation = w.school if rel == OWN else w.other_school
    closure = Closure.objects.create(
        organisation=organisation,
        first_day=date(2027, 2, 15),
        last_day=date(2027, 2, 19),
        description="Half term",
    )
    return {"closure_id": closure.pk}


def _someone_else(w: World, who: object) -> object:
    return w["police"] if who != w["police"] else w["analyst"]


def _token(w: World, rel: str, who: object) -> dict[str, object]:
    owner = who if rel == OWN and who is not None else _someone_else(w, who)
    token, _ = api_token_create(actor=owner, person=owner, name="matrix")
    return {"token_id": token.pk}


def _notification(w: World, rel: str, who: object) -> dict[str, object]:
    owner = who if rel == OWN and who is not None else _someone_else(w, who)
    note = Notification.objects.create(
        recipient=owner,
        kind="test",
        title="Something needs you",
        link="/",
        key=f"matrix:{uuid.uuid4()}",
    )
    return {"notification_id": note.pk}


REASON = "The child is missing tonight: the police asked for the last contact details."


def _grant(w: World, rel: str, who: object) -> dict[str, object]:
    school = w.school if rel == OWN else w.other_school
    opener = w["mash"]
    record = policy.RecordRef(kind="test-record", id=uuid.uuid4(), organisation_id=school.pk)
    return {"grant_id": break_glass_open(actor=opener, record=record, reason=REASON).pk}


def _break_glass_subject(w: World, rel: str, who: object) -> dict[str, object]:
    return {"kind": "no-such-kind", "record_id": uuid.uuid4()}


def _draft(w: World, rel: str, who: object) -> dict[str, object]:
    from vigil.children.policy import can_record_at
    from vigil.concerns.services import draft_start

    mine = rel == OWN and who is not None and can_record_at(who, _home(w, who).pk)
    someone_else = w["dsl"] if who == w["staff"] else w["staff"]
    author = who if mine else someone_else
    draft = draft_start(actor=author, organisation=_home(w, author))
    return {"draft_id": draft.pk}


def _draft_step(w: World, rel: str, who: object) -> dict[str, object]:
    return {**_draft(w, rel, who), "step": "what"}


def _home(w: World, who: object) -> object:
    return Membership.objects.filter(person=who).first().organisation


def _case(w: World, rel: str) -> tuple[object, object]:
    """A child with a concern: at the school, recorded by staff; or at the other school."""
    from tests.factories import child_in, concern_data
    from vigil.concerns.services import concern_record

    school, recorder = (w.school, w["staff"]) if rel == OWN else (w.other_school, w["other_dsl"])
    child = child_in(school, recorder)
    concern = concern_record(actor=recorder, organisation=school, data=concern_data(child))
    return child, concern


def _concern(w: World, rel: str, who: object) -> dict[str, object]:
    return {"concern_id": _case(w, rel)[1].pk}


def _child(w: World, rel: str, who: object) -> dict[str, object]:
    return {"child_id": _case(w, rel)[0].pk}


def _entry(w: World, rel: str, who: object) -> dict[str, object]:
    child, concern = _case(w, rel)
    return {"child_id": child.pk, "entry_id": concern.entry_id}


def _screening(w: World, rel: str, who: object, judged_below: bool = False) -> object:
    """A computed screening of a child with a concern (medium: an immediate indicator), by the
    child's school's DSL; `judged_below` leaves it judged low, awaiting sign-off."""
    from vigil.screening import selectors as screenings
    from vigil.screening import services

    child, _ = _case(w, rel)
    dsl = w["dsl"] if rel == OWN else w["other_dsl"]
    screening = services.screening_start(actor=dsl, child=child)
    picks = [
        (s.indicator.id, s.observed_on, s.entry_id) for s in screenings.suggestions_for(screening)
    ]
    services.observations_confirm(actor=dsl, screening=screening, version=1, picks=picks)
    screening.refresh_from_db()
    services.screening_compute(
        actor=dsl, screening=screening, version=screening.version, immediate_risk=False
    )
    if judged_below:
        services.screening_judge(
            actor=dsl,
            screening=screening,
            version=screening.version,
            level="low",
            reason="A safety plan is in place and working well.",
        )
    return screening


def _screening_id(w: World, rel: str, who: object) -> dict[str, object]:
    return {"screening_id": _screening(w, rel, who).pk}


def _started_id(w: World, rel: str, who: object) -> dict[str, object]:
    """A screening just started: its concern's signs still to confirm."""
    from vigil.screening import services

    child, _ = _case(w, rel)
    dsl = w["dsl"] if rel == OWN else w["other_dsl"]
    return {"screening_id": services.screening_start(actor=dsl, child=child).pk}


def _awaiting_id(w: World, rel: str, who: object) -> dict[str, object]:
    return {"screening_id": _screening(w, rel, who, judged_below=True).pk}


def _observation(w: World, rel: str, who: object) -> dict[str, object]:
    screening = _screening(w, rel, who)
    return {"screening_id": screening.pk, "observation_id": screening.observations.first().pk}


def _reset_key(w: World, rel: str, who: object) -> dict[str, object]:
    return {"uidb36": w["staff"].pk.hex, "key": "not-a-real-key"}


def _webauthn_key(w: World, rel: str, who: object) -> dict[str, object]:
    return {"pk": 999999}


MATRIX: dict[str, Entry] = {
    "": Entry(SIGNED_IN),
    "accessibility/": Entry(PUBLIC),
    "privacy/": Entry(PUBLIC),
    "health/": Entry(PUBLIC),
    "session/keep-alive/": Entry(SIGNED_IN, method="post"),
    # allauth, with what Vigil does not offer answered 404 first
    "accounts/signup/": Entry(NOT_OFFERED),
    "accounts/signup/passkey/": Entry(NOT_OFFERED),
    "accounts/email/": Entry(NOT_OFFERED),
    "accounts/confirm-email/": Entry(NOT_OFFERED),
    "accounts/^confirm-email/(?P<key>[-:\\w]+)/$": Entry(
        NOT_OFFERED, kwargs=lambda w, r, p: {"key": "x"}
    ),
    "accounts/password/set/": Entry(NOT_OFFERED),
    "accounts/login/code/confirm/": Entry(NOT_OFFERED),
    "accounts/login/": Entry(GUEST),
    "accounts/logout/": Entry(SIGN_OUT),
    "accounts/inactive/": Entry(PUBLIC),
    "accounts/reauthenticate/": Entry(SIGNED_IN),
    "accounts/password/change/": Entry(SIGNED_IN),
    "accounts/password/reset/": Entry(GUEST),
    "accounts/password/reset/done/": Entry(GUEST),
    "accounts/password/reset/key/done/": Entry(GUEST),
    "accounts/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": Entry(
        GUEST, kwargs=_reset_key
    ),
    "accounts/2fa/": Entry(SIGNED_IN),
    "accounts/2fa/authenticate/": Entry(
        lambda role, rel: {"login"} if role == "anonymous" else {302}
    ),
    "accounts/2fa/reauthenticate/": Entry(SIGNED_IN),
    "accounts/2fa/totp/activate/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/totp/deactivate/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/recovery-codes/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/recovery-codes/generate/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/recovery-codes/download/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/webauthn/": Entry(PASSKEYS),
    "accounts/2fa/webauthn/add/": Entry(
        _signed_in_only(lambda r, rel: PASSKEYS(r, rel) == {200}, {200, 302})
    ),
    "accounts/2fa/webauthn/reauthenticate/": Entry(SIGNED_IN_REDIRECT),
    "accounts/2fa/webauthn/keys/<int:pk>/remove/": Entry(PASSKEY_KEY, kwargs=_webauthn_key),
    "accounts/2fa/webauthn/keys/<int:pk>/edit/": Entry(PASSKEY_KEY, kwargs=_webauthn_key),
    # the person's own account
    "account/": Entry(SIGNED_IN),
    "account/tokens/new/": Entry(SIGNED_IN),
    "account/tokens/<uuid:token_id>/revoke/": Entry(MINE, method="post", kwargs=_token),
    # administration
    "administration/": Entry(ADMIN),
    "administration/organisations/": Entry(ADMIN),
    "administration/organisations/new/": Entry(PARTNERSHIP_ADMIN),
    "administration/organisations/<uuid:organisation_id>/": Entry(ORGANISATION_ADMIN, kwargs=_org),
    "administration/organisations/<uuid:organisation_id>/edit/": Entry(
        ORGANISATION_ADMIN, kwargs=_org
    ),
    "administration/organisations/<uuid:organisation_id>/closures/": Entry(
        _signed_in_only(lambda r, rel: ORGANISATION_ADMIN(r, rel) == {200}, {302, 422}),
        method="post",
        kwargs=_org,
    ),
    "administration/people/": Entry(ADMIN),
    "administration/people/new/": Entry(ADMIN),
    "administration/people/<uuid:person_id>/": Entry(PERSON_ADMIN, kwargs=_person),
    "administration/people/<uuid:person_id>/edit/": Entry(PERSON_ADMIN, kwargs=_person),
    "administration/people/<uuid:person_id>/roles/": Entry(
        _signed_in_only(lambda r, rel: PERSON_ADMIN(r, rel) == {200}, {422}),
        method="post",
        kwargs=_person,
    ),
    "administration/people/<uuid:person_id>/<slug:action>/": Entry(
        PERSON_ADMIN, kwargs=_person_action
    ),
    "administration/roles/<uuid:membership_id>/end/": Entry(PERSON_ADMIN, kwargs=_membership),
    "administration/partnership/": Entry(PARTNERSHIP_ADMIN),
    "administration/partnership/closures/": Entry(
        _signed_in_only(lambda r, rel: r == "admin", {422}), method="post"
    ),
    "administration/closures/<uuid:closure_id>/remove/": Entry(ORGANISATION_ADMIN, kwargs=_closure),
    # everyone's own
    "deadlines/": Entry(SIGNED_IN),
    "notifications/": Entry(SIGNED_IN),
    "notifications/read-all/": Entry(_signed_in_only(lambda r, rel: True, {302}), method="post"),
    "notifications/<uuid:notification_id>/open/": Entry(MINE, method="post", kwargs=_notification),
    # logs
    "audit/": Entry(AUDITOR),
    "audit/export.csv": Entry(AUDITOR),
    "audit/export.json": Entry(AUDITOR),
    "break-glass/": Entry(BREAK_GLASS_READERS),
    "break-glass/<uuid:grant_id>/": Entry(BREAK_GLASS_REPORT, kwargs=_grant),
    # Recognise, record, triage
    "know-the-signs/": Entry(SIGNED_IN),
    "concerns/": Entry(RECORDER),
    "concerns/new/": Entry(RECORDER),
    "concerns/drafts/<uuid:draft_id>/emergency/": Entry(OWN_DRAFT, kwargs=_draft),
    "concerns/drafts/<uuid:draft_id>/new-child/": Entry(OWN_DRAFT, kwargs=_draft),
    "concerns/drafts/<uuid:draft_id>/autosave/": Entry(
        _signed_in_only(lambda r, rel: OWN_DRAFT(r, rel) != {404}, {400}),
        method="post",
        kwargs=_draft,
    ),
    "concerns/drafts/<uuid:draft_id>/discard/": Entry(OWN_DRAFT, kwargs=_draft),
    "concerns/drafts/<uuid:draft_id>/<slug:step>/": Entry(OWN_DRAFT, kwargs=_draft_step),
    "concerns/<uuid:concern_id>/": Entry(CONCERN_READERS, kwargs=_concern),
    "concerns/<uuid:concern_id>/recorded/": Entry(CONCERN_READERS, kwargs=_concern),
    "concerns/<uuid:concern_id>/decide/": Entry(SCHOOL_DSLS, kwargs=_concern),
    "concerns/<uuid:concern_id>/child/": Entry(SCHOOL_DSLS, kwargs=_concern),
    "concerns/<uuid:concern_id>/close/": Entry(SCHOOL_DSLS, kwargs=_concern),
    "children/": Entry(CASE_LEAD),
    "children/<uuid:child_id>/": Entry(FILE_READERS, kwargs=_child),
    "children/<uuid:child_id>/edit/": Entry(FILE_READERS, kwargs=_child),
    "children/<uuid:child_id>/share/": Entry(SCHOOL_DSLS, kwargs=_child),
    "children/<uuid:child_id>/entries/<uuid:entry_id>/correct/": Entry(FILE_READERS, kwargs=_entry),
    # Assess
    "children/<uuid:child_id>/screenings/new/": Entry(
        _signed_in_only(lambda role, rel: SCHOOL_DSLS(role, rel) == {200}, {302}),
        method="post",
        kwargs=_child,
    ),
    "screenings/<uuid:screening_id>/": Entry(FILE_READERS, kwargs=_screening_id),
    "screenings/<uuid:screening_id>/suggestions/": Entry(
        SCREENERS, method="post", kwargs=_started_id
    ),
    "screenings/<uuid:screening_id>/observations/": Entry(
        SCREENERS, method="post", kwargs=_screening_id
    ),
    "screenings/<uuid:screening_id>/observations/<uuid:observation_id>/remove/": Entry(
        SCREENERS, method="post", kwargs=_observation
    ),
    "screenings/<uuid:screening_id>/compute/": Entry(
        SCREENERS, method="post", kwargs=_screening_id
    ),
    "screenings/<uuid:screening_id>/judgement/": Entry(
        SCREENERS, method="post", kwargs=_screening_id
    ),
    "screenings/<uuid:screening_id>/sign-off/": Entry(SIGNERS, method="post", kwargs=_awaiting_id),
    # No record kind can be opened by break-glass until a capability registers one.
    "break-glass/open/<slug:kind>/<uuid:record_id>/": Entry(
        NOBODY_SIGNED_IN, kwargs=_break_glass_subject
    ),
}

# Referrals keep their entries beside this file, one module per side (imported here, after
# Entry and the expectations they use are defined). pytest imports this file as
# `test_permission_matrix` (its folder is not a package): the parts, importing it by its full
# name, must find this module, half made, rather than run it a second time.
sys.modules.setdefault("tests.architecture.test_permission_matrix", sys.modules[__name__])
from tests.architecture import (  # noqa: E402
    matrix_attendance,
    matrix_briefings,
    matrix_front_door,
    matrix_missing,
    matrix_pdf,
    matrix_referrer,
    matrix_routes,
)

for _part in (
    matrix_referrer,
    matrix_front_door,
    matrix_pdf,
    matrix_routes,
    matrix_briefings,
    matrix_attendance,
    matrix_missing,
):
    MATRIX.update(_part.MATRIX)  # type: ignore[arg-type]

# The API is checked operation by operation in tests/api/test_api_permissions.py.
API_PREFIX = "api/v1/"


def url_patterns() -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                found.append((prefix + str(pattern.pattern), pattern))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_url_pattern_has_an_entry() -> None:
    missing = sorted(
        {
            route
            for route, _ in url_patterns()
            if not route.startswith(API_PREFIX) and route not in MATRIX
        }
    )
    assert missing == [], f"add these to the permission matrix: {missing}"
    stale = sorted(set(MATRIX) - {route for route, _ in url_patterns()})
    assert stale == [], f"these entries no longer match a URL pattern: {stale}"


def _path(route: str, kwargs: dict[str, object]) -> str:
    path = route.replace("^", "").replace("$", "")
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>|\(\?P<{name}>[^)]*\)", str(value), path)
    assert "<" not in path and "(?P" not in path, path
    return "/" + path


def _client(world: World, role: str) -> Client:
    return Client() if role == "anonymous" else signed_in(world[role])


def _normalised(body: bytes) -> str:
    text = body.decode()
    text = re.sub(r'nonce="[^"]*"', "", text)
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"|content="[^"]*" name="csrf-token"|name="csrf-token" content="[^"]*"',
        "",
        text,
    )


def _outcome(response) -> object:
    if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
        return "login"
    return response.status_code


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_matrix(world: World, route: str) -> None:
    entry = MATRIX[route]
    failures: list[str] = []
    compared: set[str] = set()
    # A route without a record in it has no relationship to vary. "other" first: a success
    # message from acting on one's own would otherwise show on the next page.
    relationships = (OTHER, OWN) if "<" in route or "(?P" in route else (OWN,)
    for role in ROLES:
        person = None if role == "anonymous" else world[role]
        client = _client(world, role)
        for relationship in relationships:
            path = _path(route, entry.kwargs(world, relationship, person))
            response = getattr(client, entry.method)(path, entry.data)
            outcome = _outcome(response)
            expected = entry.expect(role, relationship)
            if outcome not in expected:
                failures.append(
                    f"{role}/{relationship} {entry.method.upper()} {path}: {outcome}, expected {expected}"
                )
            elif (
                outcome == 404
                and person is not None
                and len(relationships) == 2
                and relationship not in compared
            ):
                compared.add(relationship)
                _same_as_nothing_there(client, route, entry, response, failures, role)
    assert failures == []


def _same_as_nothing_there(client, route, entry, response, failures, role) -> None:
    """A forbidden record answers byte for byte like one that does not exist."""
    fake = {
        name: (
            999999
            if name == "pk"
            else "send-setup-link"
            if name == "action"
            else "x"
            if name in {"kind", "key", "uidb36"}
            else uuid.uuid4()
        )
        for name in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
        for name in name
        if name
    }
    nothing = getattr(client, entry.method)(_path(route, fake), entry.data)
    if nothing.status_code != 404 or _normalised(nothing.content) != _normalised(response.content):
        failures.append(f"{role} {route}: forbidden and not-found differ")
