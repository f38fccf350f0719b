"""Signing in: password then a second factor for everyone, enrolment at first sign-in,
throttling and lock-out that cannot lock a DSL out, idle and absolute session ends, and
every step on the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.conftest import TOTP_SECRET, enrol, totp_code
from tests.factories import PASSWORD
from vigil.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def verbs(person=None) -> list[str]:
    events = AuditEvent.objects.order_by("seq")
    if person is not None:
        events = events.filter(object_id=str(person.pk))
    return list(events.values_list("verb", flat=True))


def password_step(
    client: Client, username: str, password: str = PASSWORD, address: str = "198.51.100.7"
):
    return client.post(LOGIN, {"login": username, "password": password}, REMOTE_ADDR=address)


def test_password_alone_does_not_sign_in_an_enrolled_person(world) -> None:
    dsl = world["dsl"]
    enrol(dsl)
    client = Client()
    response = password_step(client, "dsl")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/").status_code == 302  # still not signed in
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": "000000"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 200 and "auth.sign-in" not in verbs(dsl)
    response = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code()}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200 and dsl.full_name in home.content.decode()
    assert "auth.sign-in" in verbs(dsl)
    assert "auth.second-factor-failed" in verbs(dsl)


def test_first_sign_in_requires_enrolling_an_authenticator(
    world, django_capture_on_commit_callbacks
) -> None:
    staff = world["staff"]
    client = Client()
    assert password_step(client, "staff").status_code == 302
    for path in ("/", "/account/", "/notifications/", "/api/v1/me"):
        response = client.get(path)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].endswith("/accounts/2fa/totp/activate/")
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode().replace(" ", "")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert "auth.factor-added" in verbs(staff)


def test_a_wrong_password_message_reveals_no_account(world) -> None:
    known = password_step(Client(), "dsl", "not-the-password-at-all")
    unknown = password_step(Client(), "nobody-by-this-name", "not-the-password-at-all")
    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        assert "username and/or password you specified are not correct" in response.content.decode()
    failed = AuditEvent.objects.filter(verb="auth.sign-in-failed").order_by("seq")
    assert [e.object_id for e in failed] == [str(world["dsl"].pk), "unknown"]
    assert all('"ip":"198.51.100.7"' in e.details for e in failed)


def test_an_address_is_locked_out_but_the_dsl_still_signs_in_from_elsewhere(world) -> None:
    enrol(world["dsl"])
    attacker = Client()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            # One guess each at many accounts, slowly enough to pass the per-minute limits.
            traveller.shift(timedelta(seconds=20))
            password_step(attacker, f"someone{attempt}", "a-wrong-guess", address="203.0.113.66")
        assert "auth.locked-out" in verbs()
        traveller.shift(timedelta(minutes=2))
        # Even the right password is refused from the locked-out address.
        locked = password_step(attacker, "dsl", address="203.0.113.66")
        assert locked.status_code == 429
        assert "Too many attempts" in locked.content.decode()
        assert "dsl" not in locked.content.decode()
    # The designated safeguarding lead, at school, is not locked out.
    response = password_step(Client(), "dsl", address="192.0.2.10")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/authenticate/")


def test_failed_attempts_on_one_account_are_throttled_from_that_address(world) -> None:
    client = Client()
    for attempt in range(5):
        password_step(client, "manager", f"wrong-{attempt}", address="203.0.113.9")
    throttled = password_step(client, "manager", address="203.0.113.9")
    assert throttled.status_code == 200  # the form again, with the throttling message
    assert "Too many failed login attempts" in throttled.content.decode()
    assert password_step(Client(), "manager", address="192.0.2.44").status_code == 302


def _signed_in_client(person) -> Client:
    enrol(person)
    client = Client()
    password_step(client, person.username)
    client.post("/accounts/2fa/authenticate/", {"code": totp_code()}, REMOTE_ADDR="198.51.100.7")
    return client


def test_an_idle_session_ends_with_a_message_and_an_audit_event(world, settings) -> None:
    settings.VIGIL_IDLE_MINUTES = 30
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = _signed_in_client(world["dsl"])
        assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get("/").status_code == 200  # activity resets the idle clock
        traveller.shift(timedelta(minutes=31))
        response = client.get("/account/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        page = client.get(response["Location"])
        assert "not used for 30 minutes" in page.content.decode()
    assert "auth.idle-timeout" in verbs(world["dsl"])


def test_the_keep_alive_extends_an_idle_session(world) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = _signed_in_client(world["dsl"])
        for _ in range(3):
            traveller.shift(timedelta(minutes=20))
            assert client.post("/session/keep-alive/").status_code == 200
        assert client.get("/").status_code == 200


def test_a_session_ends_after_the_absolute_limit_however_active(world) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        client = _signed_in_client(world["dsl"])
        for _ in range(settings.VIGIL_ABSOLUTE_SESSION_HOURS * 3 + 2):
            traveller.shift(timedelta(minutes=20))
            response = client.get("/")
        assert response.status_code == 302
    assert "auth.session-expired" in verbs(world["dsl"])


def test_sign_out_is_audited(world) -> None:
    client = _signed_in_client(world["dsl"])
    assert client.post("/accounts/logout/").status_code == 302
    assert verbs(world["dsl"])[-1] == "auth.sign-out"
    assert client.get("/").status_code == 302


def test_the_last_second_factor_cannot_be_removed(world) -> None:
    client = _signed_in_client(world["dsl"])
    client.post("/accounts/2fa/totp/deactivate/", {})
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=world["dsl"], type="totp").exists()


def test_the_secret_is_stored_encrypted(world) -> None:
    from allauth.mfa.models import Authenticator

    enrol(world["dsl"])
    stored = Authenticator.objects.get(user=world["dsl"], type="totp").data["secret"]
    assert TOTP_SECRET not in stored and stored.startswith("fernet:")


def test_there_is_no_public_sign_up(world) -> None:
    assert Client().get("/accounts/signup/").status_code == 404
    assert Client().post("/accounts/signup/", {"username": "x"}).status_code == 404


def test_short_passwords_are_refused(world) -> None:
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("Short-pass1", user=world["dsl"])
    validate_password("a-much-longer-passphrase-2026", user=world["dsl"])
