"""The JSON API for children and concerns: the same rules, errors and logs as the pages."""

from __future__ import annotations

import json

import pytest
import time_machine

from tests.conftest import World
from tests.factories import child_in
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


class Api:
    def __init__(self, client, person) -> None:
        self.client = client
        token = api_token_create(actor=person, person=person, name="test")[1]
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path: str, body: dict):
        return self.client.post(
            f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
        )


def concern_body(world: World, child, **fields) -> dict:
    body = {
        "organisation_id": str(world.school.pk),
        "immediate_risk": False,
        "child_id": str(child.pk),
        "seen_or_heard": "Seen getting into a car with an older man.",
        "childs_words": "He is my friend.",
        "happened_on": "2026-11-20",
        "happened_time": "15:30",
        "location": "Bus station",
        "indicators": ["i.older_risky_adults"],
    }
    body.update(fields)
    return body


@time_machine.travel("2026-11-24T10:00:00+00:00", tick=False)
def test_a_concern_recorded_over_the_api_starts_the_same_journey(client, world: World) -> None:
    child = child_in(world.school, world["staff"])
    teacher = Api(client, world["staff"])
    response = teacher.post("/concerns", concern_body(world, child, immediate_risk=True))
    assert response.status_code == 201
    recorded = response.json()
    assert recorded["emergency_instruction"] and "999" in recorded["emergency_instruction"]
    assert recorded["status"] == "new" and recorded["reference"].startswith("CON-")
    dsl = Api(client, world["dsl"])
    queue = dsl.get("/concerns/queue").json()["items"]
    assert [item["id"] for item in queue] == [recorded["id"]]
    assert queue[0]["clock_state"] == "running"
    assert queue[0]["due_at"].startswith("2026-11-24T11:00:00")
    decided = dsl.post(
        f"/concerns/{recorded['id']}/decisions",
        {"version": 1, "kind": "screening", "reason": "Screen for exploitation this week."},
    )
    assert decided.status_code == 201
    entries = dsl.get(f"/children/{child.pk}/chronology").json()["items"]
    assert [e["kind"] for e in entries] == ["concern", "decision"]
    assert entries[0]["childs_words"] == "He is my friend."
    assert AuditEvent.objects.filter(verb="child.chronology", log="access").count() == 1


def test_invalid_answers_get_field_messages_and_nothing_is_recorded(client, world: World) -> None:
    child = child_in(world.school, world["staff"])
    response = Api(client, world["staff"]).post(
        "/concerns", concern_body(world, child, seen_or_heard="", indicators=["i.made_up"])
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid-input"
    assert "seen_or_heard" in error["message"] and "indicators" in error["message"]


def test_a_stale_decision_is_a_conflict_not_an_overwrite(client, world: World) -> None:
    child = child_in(world.school, world["staff"])
    recorded = Api(client, world["staff"]).post("/concerns", concern_body(world, child)).json()
    dsl = Api(client, world["dsl"])
    body = {"version": 1, "kind": "early-help", "reason": "Early help agreed with the family."}
    assert dsl.post(f"/concerns/{recorded['id']}/decisions", body).status_code == 201
    again = dsl.post(f"/concerns/{recorded['id']}/decisions", body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "conflict"


def test_staff_see_names_and_birth_dates_only_when_picking(client, world: World) -> None:
    child_in(world.school, world["dsl"], given_names="Zara", family_name="Testholm")
    rows = (
        Api(client, world["staff"]).get(f"/organisations/{world.school.pk}/children?q=zara").json()
    )
    assert len(rows) == 1 and set(rows[0]) == {
        "id",
        "given_names",
        "family_name",
        "known_as",
        "date_of_birth",
    }
    assert Api(client, world["staff"]).get(f"/children/{rows[0]['id']}").status_code == 404


def test_a_shared_file_shows_only_names_and_the_shared_entries(client, world: World) -> None:
    child = child_in(world.school, world["staff"])
    recorded = Api(client, world["staff"]).post("/concerns", concern_body(world, child)).json()
    other = Api(client, world["other_dsl"])
    assert other.get(f"/children/{child.pk}").status_code == 404
    entry = Api(client, world["dsl"]).get(f"/children/{child.pk}/chronology").json()["items"][0]
    shared = Api(client, world["dsl"]).post(
        f"/children/{child.pk}/shares",
        {
            "to_organisation_id": str(world.other_school.pk),
            "entry_ids": [entry["id"]],
            "reason": "The child is joining your school on Monday.",
        },
    )
    assert shared.status_code == 201
    seen = other.get(f"/children/{child.pk}").json()
    assert set(seen) == {"id", "organisation_id", "given_names", "family_name", "date_of_birth"}
    items = other.get(f"/children/{child.pk}/chronology").json()["items"]
    assert [i["id"] for i in items] == [entry["id"]] and recorded["id"]


def test_identity_changes_need_the_version_and_corrections_keep_the_original(
    client, world: World
) -> None:
    child = child_in(world.school, world["staff"])
    Api(client, world["staff"]).post("/concerns", concern_body(world, child))
    dsl = Api(client, world["dsl"])
    changed = client.put(
        f"/api/v1/children/{child.pk}",
        json.dumps({"version": 1, "known_as": "Tess", "nhs_number": "943 476 5919"}),
        content_type="application/json",
        **dsl.headers,
    )
    assert changed.status_code == 200 and changed.json()["known_as"] == "Tess"
    assert changed.json()["nhs_number"] == "9434765919"
    stale = client.put(
        f"/api/v1/children/{child.pk}",
        json.dumps({"version": 1, "known_as": "Tessa"}),
        content_type="application/json",
        **dsl.headers,
    )
    assert stale.status_code == 409
    fixed = dsl.post(
        f"/children/{child.pk}/chronology/{child.entries.get().pk}/corrections",
        {"correction": "It was the Wednesday, not the Thursday."},
    )
    assert fixed.status_code == 201 and fixed.json()["corrects_id"] == str(
        child.entries.get(kind="concern").pk
    )
    kinds = [e["kind"] for e in dsl.get(f"/children/{child.pk}/chronology").json()["items"]]
    assert kinds == ["concern", "correction"]


def test_a_body_that_is_not_json_is_a_documented_400(client, world: World) -> None:
    dsl = Api(client, world["dsl"])
    response = client.post(
        "/api/v1/concerns", b"\xcf~\xc6", content_type="application/json", **dsl.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad-request"
    from vigil.api.urls import api

    documented = api.get_openapi_schema()["paths"]["/api/v1/concerns"]["post"]["responses"]
    assert 400 in documented


def test_paging_past_what_a_database_can_count_is_refused_not_a_crash(client, world: World) -> None:
    response = Api(client, world["dsl"]).get("/children?offset=4007093016967937689208498421760")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid-input"
