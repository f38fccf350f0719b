"""Missing episodes over /api/v1: the pages' rules and messages, stable error codes, UTC out."""

from __future__ import annotations

import json

import pytest
import time_machine
from django.test import Client

from tests.conftest import World
from tests.factories import child_in
from tests.missing.cases import interviewed, reported, returned
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent, Log
from vigil.core.models import Clock
from vigil.missing import rules

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


class Api:
    def __init__(self, person) -> None:
        token = api_token_create(actor=person, person=person, name="test")[1]
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        self.client = Client()

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"], given_names="Testlou", family_name="Example")


def test_record_return_and_interview(world, child) -> None:
    staff, dsl = Api(world["staff"]), Api(world["dsl"])
    made = staff.post(
        "/missing-episodes",
        {
            "child_id": str(child.pk),
            "immediate_risk": False,
            "missing_since": "2026-11-23T21:30:00+00:00",
            "missing_from": "Home",
            "reported_by": "Testparent Example, mother",
        },
    )
    assert made.status_code == 201
    episode = made.json()
    assert episode["reference"].startswith("MIS-2026-") and episode["interview"] == ""
    path = f"/missing-episodes/{episode['id']}"
    back = staff.post(
        f"{path}/return",
        {
            "version": 1,
            "returned_at": "2026-11-24T08:15:00+01:00",
            "found_at": "Came home",
            "condition": "No concerns noted.",
        },
    )
    assert back.status_code == 200 and back.json()["returned_at"] == "2026-11-24T07:15:00Z"
    again = staff.post(
        f"{path}/return",
        {"version": 2, "returned_at": "2026-11-24T08:00:00Z", "found_at": "x", "condition": "y"},
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"
    # Staff do not record the interview: as for an episode that does not exist.
    body = {
        "version": 2,
        "outcome": "done",
        "happened_at": "2026-11-24T09:00:00Z",
        "interviewer": "Robin Sample",
        "interviewer_role": "Example Children's Charity",
        "childs_words": "I went to see my friends.",
        "push_factors": ["bullying"],
        "pull_factors": ["friends", "other"],
        "pull_other": "Somewhere warm to stay",
    }
    assert staff.post(f"{path}/interviews", body).status_code == 404
    held = dsl.post(f"{path}/interviews", body)
    assert held.status_code == 201 and held.json()["pull_other"] == "Somewhere warm to stay"
    shown = dsl.get(path).json()
    assert shown["interview"] == "done" and shown["interview_due_at"] == "2026-11-27T07:15:00Z"
    assert shown["interviews"][0]["childs_words"] == "I went to see my friends."
    assert Clock.objects.get(subject_id=episode["id"]).stopped_at is not None


def test_problems_are_named_with_a_stable_code(world, child) -> None:
    staff = Api(world["staff"])
    refused = staff.post(
        "/missing-episodes",
        {
            "child_id": str(child.pk),
            "immediate_risk": False,
            "missing_since": "2026-11-25T21:30:00Z",
            "missing_from": "",
            "reported_by": "Testparent Example",
        },
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid-input"
    assert "missing_since" in error["message"] and "missing_from" in error["message"]
    naive = staff.post(
        "/missing-episodes",
        {
            "child_id": str(child.pk),
            "immediate_risk": False,
            "missing_since": "2026-11-23T21:30:00",
            "missing_from": "Home",
            "reported_by": "Testparent Example",
        },
    )
    assert naive.status_code == 422
    unknown = Api(world["dsl"]).post(
        f"/missing-episodes/{reported(world, child, '2026-11-23T20:00:00Z').pk}/interviews",
        {
            "version": 1,
            "outcome": "done",
            "happened_at": "2026-11-24T09:00:00Z",
            "interviewer": "Robin Sample",
            "interviewer_role": "Charity",
            "push_factors": ["lifestyle"],
        },
    )
    assert unknown.status_code == 422  # not a factor the partnership records


def test_lists_a_childs_episodes_the_flags_and_the_overdue(world, child) -> None:
    for day in ("10", "15"):
        returned(
            world, reported(world, child, f"2026-11-{day}T20:00:00Z"), f"2026-11-{day}T23:00:00Z"
        )
    third = reported(world, child, "2026-11-20T20:00:00Z")
    returned(world, third, "2026-11-23T09:00:00Z")
    interviewed(world, third, rules.OFFERED, "2026-11-23T12:00:00Z")
    dsl = Api(world["dsl"])
    listed = dsl.get(f"/children/{child.pk}/missing-episodes").json()
    assert [e["missing_since"][:10] for e in listed["items"]] == [
        "2026-11-20",
        "2026-11-15",
        "2026-11-10",
    ]
    assert AuditEvent.objects.filter(log=Log.ACCESS, verb="child.missing-episodes").exists()
    (flag,) = dsl.get("/missing-flags").json()["items"]
    assert flag["episodes"] == 3 and flag["child_name"] == "Testlou Example"
    assert flag["mash_id"] is None
    overdue = dsl.get("/return-interviews/overdue").json()["items"]
    assert [o["returned_at"][:10] for o in overdue] == ["2026-11-10", "2026-11-15"]
    assert Api(world["other_dsl"]).get("/return-interviews/overdue").json()["items"] == []
    assert Api(world["mash"]).get("/missing-flags").json()["items"] == []
    assert Api(world["staff"]).get(f"/children/{child.pk}/missing-episodes").status_code == 404
