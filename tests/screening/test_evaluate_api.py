"""`POST /api/v1/screenings/evaluate`: the contract of `vigil screen` over HTTP, for people
signed in or holding a token, never for auditors; it stores, audits and logs nothing."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import World, signed_in
from tests.screening.screening_cases import HIGH, case
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent
from vigil.screening.contract import respond

pytestmark = pytest.mark.django_db
URL = "/api/v1/screenings/evaluate"
DISCLOSURE = case(("e.disclosure", 4))


def token_for(person) -> dict[str, str]:
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=person, person=person, name='t')[1]}"
    }


def post(body: str | bytes, headers: dict[str, str], client: Client | None = None):
    return (client or Client()).post(URL, body, content_type="application/json", **headers)


def test_one_case_gets_the_same_result_as_vigil_screen(world: World) -> None:
    response = post(json.dumps(DISCLOSURE), token_for(world["staff"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == json.loads(respond(json.dumps(DISCLOSURE)).text)
    assert response.json()["actions"] == HIGH


def test_a_batch_answers_200_with_errors_in_place(world: World) -> None:
    batch = [DISCLOSURE, {"id": 7, "assessed_on": "2026-02-30"}, "not a case"]
    response = post(json.dumps(batch), token_for(world["dsl"]))
    assert response.status_code == 200
    results = response.json()
    assert results[0]["level"] == "high"
    assert [r.get("error", {}).get("code") for r in results] == [
        None,
        "invalid-date",
        "invalid-value",
    ]
    assert results[1]["id"] == 7


@pytest.mark.parametrize("body", [b"not json", b"NaN", b'"a case"', b"12", b"null", b"", b"\xff"])
def test_a_body_that_is_not_json_or_not_an_object_or_array_is_400(world: World, body) -> None:
    response = post(body, token_for(world["dsl"]))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid-input"
    assert response.json()["error"]["message"]


def test_more_than_10000_cases_is_413_and_10000_are_answered(world: World) -> None:
    headers = token_for(world["dsl"])
    too_many = post("[" + ",".join(["{}"] * 10_001) + "]", headers)
    assert too_many.status_code == 413
    assert too_many.json()["error"]["code"] == "too-large"
    enough = post(json.dumps([DISCLOSURE] * 10_000), headers)
    assert enough.status_code == 200
    assert len(enough.json()) == 10_000


def test_a_body_over_10_mb_is_413_before_it_is_read(world: World) -> None:
    response = Client().generic(
        "POST",
        URL,
        data=b"[]",
        content_type="application/json",
        CONTENT_LENGTH=str(11 * 1024 * 1024),
        **token_for(world["dsl"]),
    )
    assert response.status_code == 413


def test_an_auditor_is_answered_as_if_there_were_nothing_here(world: World) -> None:
    headers = token_for(world["auditor"])
    refused = post(json.dumps(DISCLOSURE), headers)
    missing = Client().get(f"/api/v1/people/{uuid.uuid4()}", **headers)
    assert refused.status_code == missing.status_code == 404
    assert refused.json() == missing.json()
    assert refused.json()["error"]["code"] == "not-found"
    # Refused before the body is read: a bad body gets the same answer.
    assert post(b"not json", token_for(world["auditor"])).status_code == 404


def test_anonymous_callers_must_authenticate(world: World) -> None:
    response = post(json.dumps(DISCLOSURE), {})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not-authenticated"


def test_a_signed_in_session_works_with_its_csrf_token(world: World) -> None:
    client = signed_in(world["manager"])
    assert post(json.dumps(DISCLOSURE), {}, client).status_code == 200
    strict = signed_in(world["manager"])
    strict.handler.enforce_csrf_checks = True
    assert post(json.dumps(DISCLOSURE), {}, strict).status_code == 403
    strict.get("/")  # the page sets the CSRF cookie
    csrf = {"HTTP_X_CSRFTOKEN": strict.cookies[settings.CSRF_COOKIE_NAME].value}
    assert post(json.dumps(DISCLOSURE), csrf, strict).status_code == 200


def test_a_session_without_the_second_factor_is_not_enough(world: World) -> None:
    client = Client()
    client.force_login(world["manager"])  # no authenticator enrolled or used
    response = post(json.dumps(DISCLOSURE), {}, client)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "second-factor-required"


def test_nothing_is_stored_audited_or_logged(world: World, caplog) -> None:
    headers = token_for(world["dsl"])
    events = AuditEvent.objects.count()
    secret = case(("e.disclosure", 4))
    secret["id"] = "caller-id-4417"
    with caplog.at_level(logging.DEBUG):
        assert post(json.dumps(secret), headers).status_code == 200
        assert post(b"[" + b'"caller-id-4418"' * 2 + b"]", headers).status_code == 400
    assert AuditEvent.objects.count() == events
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "caller-id-441" not in logged
    assert "2026-11-20" not in logged
