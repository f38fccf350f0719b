"""The briefings API: what to read, confirming a version, one's own reflective answers, and the
case leads' read reports and reminders (tests/api/test_api_permissions.py checks who may)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.briefings.publishing import new_version, published
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent, Log
from vigil.briefings.models import ReadReceipt

pytestmark = pytest.mark.django_db


def api(person) -> Client:
    token = api_token_create(actor=person, person=person, name="test")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def call(client: Client, method: str, path: str, body: object = None):
    response = getattr(client, method)(
        f"/api/v1{path}",
        data=json.dumps(body) if body is not None else None,
        content_type="application/json",
    )
    return response.status_code, response.json()


def test_briefings_to_read_and_confirming_one(world) -> None:
    briefing = published(world, body="Text <script>alert(1)</script> [x](javascript:alert(2))")
    staff = api(world["staff"])
    status, listed = call(staff, "get", "/briefings")
    assert status == 200 and listed["count"] == 1
    [item] = listed["items"]
    assert item["must_read"] and not item["read"] and item["version_number"] == 1
    status, one = call(staff, "get", f"/briefings/{briefing.pk}")
    assert status == 200 and one["can_confirm"] and len(one["questions"]) == 2
    assert "alert" not in one["body_html"] and "javascript" not in one["body_html"]
    assert one["body_markdown"].startswith("Text <script>")  # as written, for an editor
    status, receipt = call(
        staff, "post", f"/briefings/{briefing.pk}/read", {"version_id": str(briefing.current_id)}
    )
    assert status == 201 and receipt["version_number"] == 1
    _, listed = call(staff, "get", "/briefings")
    assert listed["items"][0]["read"] and listed["items"][0]["read_version_number"] == 1


def test_confirming_a_replaced_version_is_a_conflict(world) -> None:
    briefing = published(world)
    old = briefing.current_id
    new_version(world, briefing)
    status, body = call(
        api(world["staff"]), "post", f"/briefings/{briefing.pk}/read", {"version_id": str(old)}
    )
    assert status == 409 and body["error"]["code"] == "conflict"
    assert "new version" in body["error"]["message"] and not ReadReceipt.objects.exists()


def test_reflective_answers_are_ones_own(world) -> None:
    question = published(world).questions.first()
    staff, dsl = api(world["staff"]), api(world["dsl"])
    path = f"/reflections/{question.pk}"
    status, first = call(staff, "put", path, {"answer": "My own thoughts."})
    assert status == 200 and first["version"] == 1 and first["question"] == question.text
    assert call(staff, "put", path, {"answer": "Without a version."})[0] == 409
    status, changed = call(staff, "put", path, {"answer": "Better thoughts.", "version": 1})
    assert status == 200 and changed["version"] == 2
    _, mine = call(staff, "get", "/reflections")
    assert [a["answer"] for a in mine["items"]] == ["Better thoughts."]
    _, theirs = call(dsl, "get", "/reflections")
    assert theirs["items"] == []
    status, body = call(staff, "put", path, {"answer": ""})
    assert status == 422 and body["error"]["code"] == "invalid-input"


def test_the_read_report_and_reminders(world) -> None:
    briefing = published(world)
    call(
        api(world["staff"]),
        "post",
        f"/briefings/{briefing.pk}/read",
        {"version_id": str(briefing.current_id)},
    )
    dsl = api(world["dsl"])
    _, summaries = call(dsl, "get", "/briefing-reports")
    [summary] = summaries["items"]
    assert (summary["people"], summary["read"]) == (4, 1)
    path = f"/briefing-reports/{world.school.pk}/{briefing.pk}"
    status, rows = call(dsl, "get", path)
    assert status == 200 and rows["count"] == 4
    read = {r["name"]: r["read"] for r in rows["items"]}
    assert read[world["staff"].full_name] and not read[world["dsl"].full_name]
    [event] = AuditEvent.objects.filter(verb="briefing-report.export")
    assert event.log == Log.ACCESS
    status, reminded = call(dsl, "post", f"{path}/remind")
    assert status == 200 and reminded == {"reminded": 3}
    assert call(dsl, "post", f"{path}/remind")[1] == {"reminded": 0}
