"""The API's shared behaviour: errors with stable codes, rate limits that say when to come
back, bounded bodies, and the OpenAPI document."""

from __future__ import annotations

import pytest
from django.test import Client

from vigil.accounts.tokens import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(world) -> dict[str, str]:
    _, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_unauthenticated_requests_get_a_json_error(world) -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not-authenticated"


def test_too_many_requests_answer_429_with_retry_after(world, token, settings) -> None:
    from vigil.api.auth import THROTTLE

    throttle = THROTTLE[0]
    original = (throttle.num_requests, throttle.duration)
    throttle.num_requests, throttle.duration = 3, 60
    try:
        statuses = [Client().get("/api/v1/me", **token).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = Client().get("/api/v1/me", **token)
        assert limited.json()["error"]["code"] == "rate-limited"
        # Sliding: the minute's 5 requests must weigh under 3 in the next minute.
        assert 1 <= int(limited["Retry-After"]) <= 2 * 60
    finally:
        throttle.num_requests, throttle.duration = original


def test_an_oversized_body_is_refused_before_it_is_read(world, token) -> None:
    response = Client().generic(
        "POST",
        "/api/v1/people",
        data=b"{}",
        content_type="application/json",
        CONTENT_LENGTH=str(11 * 1024 * 1024),
        **token,
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too-large"


def test_invalid_input_names_the_field(world) -> None:
    _, secret = api_token_create(actor=world["admin"], person=world["admin"], name="t")
    response = Client().post(
        "/api/v1/people",
        data={"username": "bad name!", "full_name": ""},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid-input"
    assert "username" in error["message"]


def test_the_openapi_document_and_docs_are_served(world, token) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert "/api/v1/me" in schema.json()["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()
