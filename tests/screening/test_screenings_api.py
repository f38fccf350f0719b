"""The JSON API for screening a child: the same services, access rules and logs as the pages
(issue 5)."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
import time_machine

from tests.conftest import World
from tests.factories import child_in, concern_data
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry
from vigil.concerns.services.recording import concern_record
from vigil.core.models import Clock

pytestmark = pytest.mark.django_db

REASON = "A safety plan is in place and the adult is known to police."


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


class Api:
    def __init__(self, client, person) -> None:
        self.client = client
        token = api_token_create(actor=person, person=person, name="test")[1]
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}

    def get(self, path: str):
        return self.client.get(f"/api/v1{path}", **self.headers)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            f"/api/v1{path}",
            json.dumps(body) if body is not None else None,
            content_type="application/json",
            **self.headers,
        )

    def delete(self, path: str):
        return self.client.delete(f"/api/v1{path}", **self.headers)


@pytest.fixture
def child(world: World):
    child = child_in(world.school, world["staff"], date_of_birth=date(2012, 5, 1))
    for happened_on, indicators in (
        ("2026-10-01", ["i.going_missing"]),
        ("2026-11-02", ["i.older_risky_adults", "v.girl"]),
    ):
        data = concern_data(child, happened_on=happened_on, indicators=indicators)
        concern_record(actor=world["staff"], organisation=world.school, data=data)
    return child


def started(dsl: Api, child) -> dict:
    response = dsl.post(f"/children/{child.pk}/screenings")
    assert response.status_code == 201
    return response.json()


def test_a_dsl_screens_a_child_over_the_api_and_a_manager_signs_it_off(
    client, world: World, child
) -> None:
    dsl = Api(client, world["dsl"])
    assert dsl.get(f"/children/{child.pk}/screenings").json()["items"] == []
    screening = started(dsl, child)
    assert screening["state"] == "draft" and screening["reference"].startswith("SCR-")
    assert screening["instrument"] == "cse-screening-1" and screening["computed_level"] is None
    path = f"/screenings/{screening['id']}"
    suggested = dsl.get(f"{path}/suggestions").json()
    assert [(s["indicator"], s["observed_on"]) for s in suggested] == [
        ("i.going_missing", "2026-10-01"),
        ("i.older_risky_adults", "2026-11-02"),
    ]
    version = screening["version"]
    for suggestion in suggested:
        body = {k: suggestion[k] for k in ("indicator", "observed_on", "entry_id")}
        added = dsl.post(f"{path}/observations", {"version": version, **body})
        assert added.status_code == 201
        version = added.json()["screening_version"]
    noted = dsl.post(
        f"{path}/observations",
        {
            "version": version,
            "indicator": "g.gifts_substances",
            "observed_on": "2026-11-20",
            "basis": "concern",
            "note": "Came in with a new phone and would not say who gave it.",
        },
    ).json()
    assert ChronologyEntry.objects.get(pk=noted["entry_id"]).kind == "note"
    removed = dsl.delete(f"{path}/observations/{noted['id']}?version={noted['screening_version']}")
    assert removed.status_code == 200
    assert [o["indicator"] for o in removed.json()["observations"]] == [
        "i.going_missing",
        "i.older_risky_adults",
    ]
    assert dsl.get(f"{path}/suggestions").json() == []

    computed = dsl.post(
        f"{path}/compute", {"version": removed.json()["version"], "immediate_risk": False}
    ).json()
    assert computed["computed_level"] == "high"
    assert computed["result"]["rules"] == ["H3", "M1"]
    assert computed["case"]["observations"][0]["indicator"] == "i.going_missing"
    judged = dsl.post(
        f"{path}/judgement", {"version": computed["version"], "level": "medium", "reason": REASON}
    ).json()
    assert judged["state"] == "awaiting-sign-off" and judged["judged_by"] == world["dsl"].full_name
    signed = Api(client, world["manager"]).post(
        f"{path}/sign-off",
        {"version": judged["version"], "agree": True, "note": "Agreed in supervision today."},
    )
    assert signed.status_code == 200
    final = signed.json()
    assert final["state"] == "final" and final["judged_level"] == "medium"
    assert final["signed_off_by"] == world["manager"].full_name
    assert final["review_by"] == "2026-12-22" and final["entry_id"]
    assert Clock.objects.get(kind="screening-review", subject_id=screening["id"])

    listed = dsl.get(f"/children/{child.pk}/screenings").json()
    assert listed["count"] == 1 and listed["items"][0]["judged_level"] == "medium"
    assert dsl.get(path).json()["judgement_reason"] == REASON
    access = AuditEvent.objects.filter(log="access")
    assert access.filter(verb="screening.view", object_id=screening["id"]).count() == 1
    assert access.filter(verb="child.screenings", object_id=str(child.pk)).count() == 2


def test_a_childs_screenings_come_newest_first(client, world: World, child) -> None:
    dsl = Api(client, world["dsl"])
    first = started(dsl, child)
    second = started(dsl, child)
    items = dsl.get(f"/children/{child.pk}/screenings").json()["items"]
    assert [i["id"] for i in items] == [second["id"], first["id"]]


def test_invalid_observations_and_judgements_get_field_messages(
    client, world: World, child
) -> None:
    dsl = Api(client, world["dsl"])
    screening = started(dsl, child)
    path = f"/screenings/{screening['id']}"
    refused = dsl.post(
        f"{path}/observations",
        {"version": 1, "indicator": "v.girl", "observed_on": "2026-12-01"},
    )
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "invalid-input"
    for field in ("indicator", "observed_on", "note"):
        assert f"{field}:" in error["message"]
    malformed = dsl.post(f"{path}/observations", {"version": 0, "observed_on": "1 December"})
    assert malformed.status_code == 422
    message = malformed.json()["error"]["message"]
    assert "version" in message and "indicator" in message and "observed_on" in message
    computed = dsl.post(f"{path}/compute", {"version": 1, "immediate_risk": False}).json()
    unexplained = dsl.post(
        f"{path}/judgement", {"version": computed["version"], "level": "high", "reason": ""}
    )
    assert unexplained.status_code == 422
    assert "reason:" in unexplained.json()["error"]["message"]
    assert dsl.get(path).json()["state"] == "draft"


def test_a_stale_version_is_a_conflict_and_nothing_changes(client, world: World, child) -> None:
    dsl = Api(client, world["dsl"])
    screening = started(dsl, child)
    path = f"/screenings/{screening['id']}"
    suggestion = dsl.get(f"{path}/suggestions").json()[0]
    body = {k: suggestion[k] for k in ("indicator", "observed_on", "entry_id")}
    observed = dsl.post(f"{path}/observations", {"version": 1, **body}).json()
    stale = dsl.post(f"{path}/compute", {"version": 1, "immediate_risk": True})
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    again = dsl.delete(f"{path}/observations/{observed['id']}?version=1")
    assert again.status_code == 409
    now = dsl.get(path).json()
    assert now["version"] == 2 and now["immediate_risk"] is False
    assert len(now["observations"]) == 1


def test_outsiders_get_the_same_404_as_for_nothing_at_all(client, world: World, child) -> None:
    screening = started(Api(client, world["dsl"]), child)
    path = f"/screenings/{screening['id']}"
    nothing = Api(client, world["dsl"]).get(f"/screenings/{uuid.uuid4()}")
    assert nothing.status_code == 404
    for outsider in ("staff", "other_dsl", "mash", "analyst", "admin", "auditor", "police"):
        api = Api(client, world[outsider])
        for response in (
            api.get(path),
            api.get(f"{path}/suggestions"),
            api.get(f"/children/{child.pk}/screenings"),
            api.post(f"/children/{child.pk}/screenings"),
            api.post(f"{path}/compute", {"version": 1, "immediate_risk": False}),
        ):
            assert response.status_code == 404, outsider
            assert response.json() == nothing.json()
    # A manager reads the file but does not screen.
    manager = Api(client, world["manager"])
    assert manager.get(path).status_code == 200
    assert manager.post(f"/children/{child.pk}/screenings").status_code == 404
    assert AuditEvent.objects.filter(verb="screening.view", log="access").count() == 1


def test_the_assessor_cannot_sign_off_their_own_judgement(client, world: World, child) -> None:
    dsl = Api(client, world["dsl"])
    screening = started(dsl, child)
    path = f"/screenings/{screening['id']}"
    suggestion = dsl.get(f"{path}/suggestions").json()[0]
    body = {k: suggestion[k] for k in ("indicator", "observed_on", "entry_id")}
    observed = dsl.post(f"{path}/observations", {"version": 1, **body}).json()
    computed = dsl.post(
        f"{path}/compute", {"version": observed["screening_version"], "immediate_risk": False}
    ).json()
    assert computed["computed_level"] == "medium"
    judged = dsl.post(
        f"{path}/judgement", {"version": computed["version"], "level": "low", "reason": REASON}
    ).json()
    own = dsl.post(
        f"{path}/sign-off", {"version": judged["version"], "agree": True, "note": REASON}
    )
    assert own.status_code == 404
    returned = (
        Api(client, world["deputy"])
        .post(
            f"{path}/sign-off",
            {
                "version": judged["version"],
                "agree": False,
                "note": "Talk to the school nurse first.",
            },
        )
        .json()
    )
    assert returned["state"] == "draft" and returned["judged_level"] is None
    unknown = dsl.delete(f"{path}/observations/{uuid.uuid4()}?version={returned['version']}")
    assert unknown.status_code == 404
