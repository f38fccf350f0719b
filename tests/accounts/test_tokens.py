"""API tokens: stored as digests, expiring, revocable, acting with exactly the person's access."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.conftest import signed_in
from vigil.accounts.models import ApiToken
from vigil.accounts.tokens import api_token_authenticate, api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_only_a_digest_is_stored(world) -> None:
    token, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="Case system")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in (stored.digest, stored.prefix, stored.name)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.expires_at - stored.created_at == timedelta(days=90)


def test_tokens_act_as_their_person(world) -> None:
    for _ in range(20):  # secrets with and without underscores in their random part
        _, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="x")
        assert api_token_authenticate(secret) == world["dsl"]
    response = Client().get("/api/v1/me", **bearer(secret))
    assert response.status_code == 200
    assert response.json()["username"] == "dsl"
    assert [r["role"] for r in response.json()["roles"]] == ["dsl"]


@pytest.mark.parametrize(
    "presented", ["", "vgl_", "vgl_abc_def", "Bearer", "vgl_ünïcode_x", "x" * 500]
)
def test_nonsense_is_not_a_token(world, presented: str) -> None:
    assert api_token_authenticate(presented) is None


def test_expired_revoked_and_deactivated_tokens_stop_working(world) -> None:
    token, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="x", days=1)
    with time_machine.travel(timezone.now() + timedelta(days=1, seconds=1)):
        assert api_token_authenticate(secret) is None
    assert api_token_authenticate(secret) == world["dsl"]
    api_token_revoke(actor=world["dsl"], token_id=token.pk)
    assert api_token_authenticate(secret) is None
    assert Client().get("/api/v1/me", **bearer(secret)).status_code == 401
    _, second = api_token_create(actor=world["staff"], person=world["staff"], name="y")
    world["staff"].is_active = False
    world["staff"].save()
    assert api_token_authenticate(second) is None


def test_nobody_makes_or_revokes_tokens_for_someone_else(world) -> None:
    with pytest.raises(PermissionDenied):
        api_token_create(actor=world["admin"], person=world["dsl"], name="x")
    token, _ = api_token_create(actor=world["dsl"], person=world["dsl"], name="x")
    with pytest.raises(ApiToken.DoesNotExist):
        api_token_revoke(actor=world["admin"], token_id=token.pk)


def test_lifetimes_are_bounded(world) -> None:
    for days in (0, 366):
        with pytest.raises(ValidationError):
            api_token_create(actor=world["dsl"], person=world["dsl"], name="x", days=days)


def test_the_console_creates_a_token(world) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "--user", "mash", "--days", "7", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert api_token_authenticate(secret) == world["mash"]
    assert "expires" in err.getvalue()


def test_a_signed_in_person_creates_lists_and_revokes_tokens_on_their_page(world) -> None:
    client = signed_in(world["dsl"])
    page = client.post("/account/tokens/new/", {"name": "Case system", "days": "30"})
    assert page.status_code == 200
    secret = page.context["secret"]
    assert secret in page.content.decode()
    token = ApiToken.objects.get(person=world["dsl"])
    listing = client.get("/account/").content.decode()
    assert "Case system" in listing and secret not in listing
    client.post(f"/account/tokens/{token.pk}/revoke/")
    assert api_token_authenticate(secret) is None


def test_a_token_cannot_make_more_tokens(world) -> None:
    _, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="x")
    response = Client().post(
        "/api/v1/tokens",
        data={"name": "more", "days": 5},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 401
    session = signed_in(world["dsl"])
    made = session.post(
        "/api/v1/tokens", data={"name": "more", "days": 5}, content_type="application/json"
    )
    assert made.status_code == 201
    assert api_token_authenticate(made.json()["token"]) == world["dsl"]


def test_the_session_api_checks_csrf(world) -> None:
    client = signed_in(world["dsl"])
    client.handler.enforce_csrf_checks = True
    response = client.post("/api/v1/notifications/read-all", content_type="application/json")
    assert response.status_code == 403
