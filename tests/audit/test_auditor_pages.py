"""The auditor reads, filters and exports both logs (CSV, and JSON with the chain's values),
and each export is itself on the access log."""

from __future__ import annotations

import csv
import io
import json
import uuid

import pytest

from tests.conftest import signed_in
from vigil.audit import chain
from vigil.audit.models import AuditEvent
from vigil.audit.services import access_event_record, audit_event_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(world) -> uuid.UUID:
    child = uuid.uuid4()
    audit_event_record(
        actor=world["dsl"], verb="concern.record", object_type="concern", object_id=uuid.uuid4()
    )
    access_event_record(actor=world["dsl"], verb="child.view", object_type="child", object_id=child)
    return child


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_auditor_filters_by_log_and_record(world, events) -> None:
    client = signed_in(world["auditor"])
    page = client.get("/audit/", {"log": "access"})
    rows = page.context["rows"]
    assert {event.verb for event, _ in rows} >= {"child.view"}
    assert all(event.log == "access" for event, _ in rows)
    page = client.get("/audit/", {"object_id": str(events)})
    assert [event.verb for event, _ in page.context["rows"]] == ["child.view"]
    assert world["dsl"].full_name in page.content.decode()  # who, by name on the page


def test_the_csv_export_carries_the_chain_and_is_logged(world, events) -> None:
    client = signed_in(world["auditor"])
    rows = list(csv.DictReader(io.StringIO(body(client.get("/audit/export.csv")))))
    assert [int(r["seq"]) for r in rows] == sorted(int(r["seq"]) for r in rows)
    assert all(len(r["mac"]) == 64 for r in rows)
    export = AuditEvent.objects.filter(verb="audit.export").get()
    assert (export.log, export.actor, export.object_id) == (
        "access",
        str(world["auditor"].pk),
        "csv",
    )


def test_the_json_export_verifies_independently_with_the_key(world, events, settings) -> None:
    client = signed_in(world["auditor"])
    exported = json.loads(body(client.get("/audit/export.json")))
    key = chain.key_bytes(settings.VIGIL_AUDIT_KEY)
    rows = [
        (
            e["seq"],
            e["occurred_at"],
            e["log"],
            e["actor"],
            e["verb"],
            e["object_type"],
            e["object_id"],
            chain.canonical_details(e["details"]),
            e["prev_mac"],
            e["mac"],
        )
        for e in exported
    ]
    result = chain.verify(rows, key)
    assert result.failure is None and result.count == len(exported)


def test_the_auditor_sees_no_case_pages_or_administration(world) -> None:
    client = signed_in(world["auditor"])
    for path in (
        "/administration/",
        "/administration/people/",
        f"/administration/organisations/{world.school.pk}/",
    ):
        assert client.get(path).status_code == 404
