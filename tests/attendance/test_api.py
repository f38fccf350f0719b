"""The attendance API: importing a CSV body (422 with the report), the flags, dismissing one,
and the pupils held for matching."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from tests.attendance.marks import NOON, csv_bytes, school_days, sessions, upn
from tests.factories import child_in
from vigil.accounts.tokens import api_token_create
from vigil.attendance.models import AbsenceFlag, AttendanceMark

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_noon")]


@pytest.fixture
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


def _api(person) -> Client:
    token = api_token_create(actor=person, person=person, name="attendance")[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _import(client: Client, school, body: bytes):
    return client.post(
        f"/api/v1/organisations/{school.pk}/attendance", data=body, content_type="text/csv"
    )


def test_a_csv_body_is_imported_and_counted(world) -> None:
    child_in(world.school, world["dsl"], upn=upn(1))
    rows = [
        *sessions(upn(1), school_days(30), "/" * 40 + "O" * 20),
        (upn(2), "2026-11-24", "AM", "/"),
    ]
    answer = _import(_api(world["dsl"]), world.school, csv_bytes(rows))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert {k: body[k] for k in ("state", "rows", "created", "held", "flags_raised")} == {
        "state": "done",
        "rows": 61,
        "created": 61,
        "held": 1,
        "flags_raised": 1,
    }


def test_a_bad_file_is_422_with_every_bad_line_and_nothing_stored(world) -> None:
    rows = [(upn(1), "2026-11-24", "AM", "/"), (upn(1), "2026-13-01", "AM", "/")]
    answer = _import(_api(world["dsl"]), world.school, csv_bytes(rows))
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert error["code"] == "bad-lines"
    assert error["problem_count"] == 1
    assert error["problems"] == [{"line": 3, "message": "'2026-13-01' is not a real date"}]
    assert "Nothing was stored" in error["message"]
    assert not AttendanceMark.objects.exists()


def test_a_file_larger_than_a_form_body_is_read_whole(world) -> None:
    pupils = [upn(n) for n in range(400)]
    rows = [row for pupil in pupils for row in sessions(pupil, school_days(60), "/" * 120)]
    body = csv_bytes(rows)
    assert len(body) > 1024 * 1024 * 1.3
    answer = _import(_api(world["dsl"]), world.school, body)
    assert answer.status_code == 201
    assert answer.json()["rows"] == 48_000


def test_another_school_is_answered_as_if_it_did_not_exist(world) -> None:
    answer = _import(_api(world["other_dsl"]), world.school, b"upn,date,session,code\n")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not-found"


def test_flags_are_listed_and_dismissed_with_the_version_read(world) -> None:
    child_in(world.school, world["dsl"], upn=upn(1), given_names="Apiflag")
    client = _api(world["dsl"])
    _import(client, world.school, csv_bytes(sessions(upn(1), school_days(30), "/" * 40 + "O" * 20)))
    listed = client.get("/api/v1/absence-flags").json()
    assert listed["count"] == 1
    (flag,) = listed["items"]
    assert flag["child_name"] == "Apiflag Example"
    assert flag["kind"] == "persistent"
    assert flag["description"].startswith("Attended 40 of 60 possible sessions (66%)")
    url = f"/api/v1/absence-flags/{flag['id']}/dismiss"
    short = client.post(url, {"version": 1, "reason": "no"}, content_type="application/json")
    assert short.status_code == 422
    reason = {"version": 1, "reason": "Known to the education welfare service already."}
    done = client.post(url, reason, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "dismissed"
    again = client.post(url, reason, content_type="application/json")
    assert again.status_code == 409
    assert client.get("/api/v1/absence-flags").json()["count"] == 0
    assert client.get("/api/v1/absence-flags?state=").json()["count"] == 1
    assert AbsenceFlag.objects.get().reason == reason["reason"]


def test_the_pupils_held_for_matching(world) -> None:
    client = _api(world["dsl"])
    _import(client, world.school, csv_bytes(sessions(upn(3), school_days(2), "////")))
    held = client.get(f"/api/v1/organisations/{world.school.pk}/attendance/unmatched").json()
    assert held["items"] == [
        {"upn": upn(3), "marks": 4, "first": school_days(2)[0].isoformat(), "last": "2026-11-25"}
    ]


def test_the_flags_list_refuses_an_unknown_kind_or_state_without_logging_it(world) -> None:
    """Filters are from a fixed list: anything else is a 422 naming it, and the access log
    never holds free text from a query string."""
    import json

    from tests.conftest import signed_in
    from vigil.audit.models import AuditEvent

    client = signed_in(world["dsl"])
    assert client.get("/api/v1/absence-flags?kind=<script>").status_code == 422
    assert client.get("/api/v1/absence-flags?state=anything").status_code == 422
    assert client.get("/api/v1/absence-flags?kind=persistent").status_code == 200
    logged = AuditEvent.objects.filter(verb="absence-flags.list")
    assert [json.loads(e.details) for e in logged] == [{"kind": "persistent", "state": "open"}]
