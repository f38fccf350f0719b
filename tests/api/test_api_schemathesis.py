"""Schemathesis against /api/v1/openapi.json, for each role: generated requests never cause a
server error, and every response matches the schema. Bounded: a few examples per operation."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from vigil.accounts.tokens import api_token_create

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
ROLES = (
    "anonymous",
    "staff",
    "dsl",
    "manager",
    "mash",
    "analyst",
    "admin",
    "school_admin",
    "auditor",
)
EXAMPLES = int(os.environ.get("VIGIL_SCHEMATHESIS_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calls go straight to the WSGI application, whose end-of-request handler would close
    the test's database connection; Django's own test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES)
def role_headers(request, world) -> dict[str, str]:
    if request.param == "anonymous":
        return {}
    person = world[request.param]
    return {
        "Authorization": f"Bearer {api_token_create(actor=person, person=person, name='fuzz')[1]}"
    }


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_matches_its_schema(case, role_headers) -> None:
    case.call_and_validate(headers=role_headers, checks=CHECKS)
