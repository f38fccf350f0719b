"""Referrals over /api/v1 (issue 6): a whole referral from draft to closed, with the front
door's moves and a partner agency's answer, under the same access rules, conflicts and logs
as the pages."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
import time_machine
from django.test import Client

from tests.conftest import World
from tests.factories import REFERRAL_ANSWERS, child_in, referral_sent
from vigil.accounts.models import Person
from vigil.accounts.tokens import api_token_create
from vigil.audit.models import AuditEvent, Log
from vigil.referrals import schemas, workflow

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 10:00 in London (GMT).
MONDAY = "2026-11-23T10:00:00+00:00"
MASH_ONLY = {"referrer_phone", "young_persons_view", "basis"}


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


class Api:
    """Calls to /api/v1 with one person's API token."""

    def __init__(self, person: Person) -> None:
        _, secret = api_token_create(actor=person, person=person, name="test")
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        self.client = Client()

    def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return getattr(self.client, method)(
            f"/api/v1/{path}",
            data=json.dumps(body) if body is not None else None,
            content_type="application/json",
            **self.headers,
        )

    def ok(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self(method, path, body)
        assert response.status_code in {200, 201}, response.content
        return response.json()


def _error(response: Any, status: int) -> dict[str, str]:
    assert response.status_code == status, response.content
    return response.json()["error"]


def test_a_referral_from_draft_to_closed(world: World) -> None:
    staff, mash, police = Api(world["staff"]), Api(world["mash"]), Api(world["police"])
    child = child_in(world.school, world["staff"], given_names="Testamy")

    draft = staff.ok("post", f"children/{child.pk}/referrals", {})
    assert (draft["state"], draft["version"], draft["reference"]) == ("draft", 1, "")
    assert draft["answers"]["given_names"] == "Testamy"
    assert draft["route"] == "mash" and "basis" in draft["missing"]
    ref = draft["id"]
    partial = {k: v for k, v in REFERRAL_ANSWERS.items() if k not in MASH_ONLY}
    draft = staff.ok("patch", f"referrals/{ref}", {"version": 1, "answers": partial})
    assert draft["version"] == 2 and set(draft["missing"]) == MASH_ONLY

    refused = _error(staff("post", f"referrals/{ref}/send", {"version": 2}), 422)
    assert refused["code"] == "invalid-input"
    for name in MASH_ONLY:
        assert name in refused["message"]
    assert "Select at least one basis of concern" in refused["message"]

    rest = {k: v for k, v in REFERRAL_ANSWERS.items() if k in MASH_ONLY}
    staff.ok("patch", f"referrals/{ref}", {"version": 2, "answers": rest})
    sent = staff.ok("post", f"referrals/{ref}/send", {"version": 3})
    assert sent["state"] == "sent" and sent["reference"].startswith("REF-2026-")
    assert sent["sent_at"] == "2026-11-23T10:00:00Z" and sent["missing"] is None

    queued = mash.ok("get", "mash/queue")
    assert [item["id"] for item in queued["items"]] == [ref]
    assert queued["items"][0]["next_due_at"] == "2026-11-24T17:00:00Z"
    reason = "High screening and a missing episode overnight."
    acknowledged = mash.ok(
        "post",
        f"referrals/{ref}/acknowledge",
        {"version": sent["version"], "rating": "red", "reason": reason},
    )
    assert acknowledged["rating"] == "red" and acknowledged["rating_reason"] == reason
    enquiry = mash.ok(
        "post",
        f"referrals/{ref}/decide",
        {
            "version": acknowledged["version"],
            "decision": "mash-enquiry",
            "reason": "Partner information is needed.",
        },
    )
    assert enquiry["state"] == "enquiry" and enquiry["first_decision"] == "mash-enquiry"

    asked = mash.ok(
        "post",
        f"referrals/{ref}/requests",
        {
            "partner": str(world.police.pk),
            "question": "What do your records say about the man with the car?",
            "due_at": "2026-11-23T13:30:00+01:00",
        },
    )
    assert asked["due_at"] == "2026-11-23T12:30:00Z" and asked["answered_at"] is None
    mine = police.ok("get", "partner-requests")
    assert [item["id"] for item in mine["items"]] == [asked["id"]]
    shown = police.ok("get", f"partner-requests/{asked['id']}")
    assert shown["child"]["given_names"] == "Testamy" and shown["reference"] == sent["reference"]
    _error(police("get", f"referrals/{ref}"), 404)
    answered = police.ok(
        "post",
        f"partner-requests/{asked['id']}/answer",
        {"version": shown["version"], "answer": "Two reports about the car and its driver."},
    )
    assert answered["answer"].startswith("Two reports") and answered["answered_by"]

    referral = mash.ok("get", f"referrals/{ref}")
    assert referral["requests"][0]["answer"] == answered["answer"]
    outcome = mash.ok(
        "post",
        f"referrals/{ref}/conclude",
        {
            "version": referral["version"],
            "outcome": "strategy-discussion",
            "reason": "Police and social care agree.",
        },
    )
    feedback = "A strategy discussion is arranged for tomorrow."
    fed = mash.ok(
        "post", f"referrals/{ref}/feedback", {"version": outcome["version"], "feedback": feedback}
    )
    closed = mash.ok("post", f"referrals/{ref}/close", {"version": fed["version"]})
    assert closed["state"] == "closed" and closed["closed_at"] == "2026-11-23T10:00:00Z"

    seen = staff.ok("get", f"referrals/{ref}")
    assert (seen["state"], seen["outcome"], seen["feedback"]) == (
        "closed",
        "strategy-discussion",
        feedback,
    )
    # Staff who referred see the state and the feedback, not the enquiry.
    assert seen["requests"] is None and seen["challenges"] is None
    assert "request" not in {step["action"] for step in seen["steps"]}
    leads = Api(world["dsl"]).ok("get", f"referrals/{ref}")
    assert leads["requests"][0]["partner"] == world.police.name
    assert "request" in {step["action"] for step in leads["steps"]}


def test_a_stale_version_is_a_conflict_and_nothing_changes(world: World) -> None:
    dsl = Api(world["dsl"])
    child = child_in(world.school, world["dsl"])
    ref = dsl.ok("post", f"children/{child.pk}/referrals", {})["id"]
    dsl.ok("patch", f"referrals/{ref}", {"version": 1, "answers": {"details": "First words."}})
    stale = dsl("patch", f"referrals/{ref}", {"version": 1, "answers": {"details": "Other."}})
    assert _error(stale, 409)["code"] == "conflict"
    assert dsl.ok("get", f"referrals/{ref}")["answers"]["details"] == "First words."

    referral = referral_sent(world)
    mash = Api(world["mash"])
    body = {"version": referral.version, "rating": "green", "reason": "No sign of harm now."}
    mash.ok("post", f"referrals/{referral.pk}/acknowledge", body)
    again = mash("post", f"referrals/{referral.pk}/acknowledge", body)
    assert _error(again, 409)["code"] in {"conflict", "move-not-allowed"}


def test_a_move_out_of_order_is_refused_with_move_not_allowed(world: World) -> None:
    referral = referral_sent(world)
    mash, dsl = Api(world["mash"]), Api(world["dsl"])
    early = mash(
        "post",
        f"referrals/{referral.pk}/conclude",
        {"version": referral.version, "outcome": "early-help", "reason": "Too early for this."},
    )
    assert _error(early, 409)["code"] == "move-not-allowed"
    twice = dsl("post", f"referrals/{referral.pk}/send", {"version": referral.version})
    assert _error(twice, 409)["code"] == "move-not-allowed"
    changed = dsl("patch", f"referrals/{referral.pk}", {"version": referral.version})
    assert _error(changed, 409)["code"] == "move-not-allowed"
    referral.refresh_from_db()
    assert referral.state == workflow.SENT


def test_a_referral_of_another_organisation_answers_like_one_that_does_not_exist(
    world: World,
) -> None:
    referral = referral_sent(world)
    other = Api(world["other_dsl"])
    missing = other("get", "referrals/00000000-0000-4000-8000-000000000000")
    hidden = other("get", f"referrals/{referral.pk}")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    for action in ("withdraw", "acknowledge", "challenge"):
        body = {"version": referral.version, "reason": "Trying from another school."}
        assert _error(other("post", f"referrals/{referral.pk}/{action}", body), 404)
    assert other.ok("get", "referrals")["count"] == 0
    # The referrer's side may not make the front door's moves, nor the front door the referrer's.
    dsl, mash = Api(world["dsl"]), Api(world["mash"])
    body = {"version": referral.version, "rating": "green", "reason": "Rating my own referral."}
    _error(dsl("post", f"referrals/{referral.pk}/acknowledge", body), 404)
    withdraw = {"version": referral.version, "reason": "The front door withdrawing it."}
    _error(mash("post", f"referrals/{referral.pk}/withdraw", withdraw), 404)


def test_opening_a_referral_is_on_the_access_log(world: World) -> None:
    referral = referral_sent(world)
    Api(world["mash"]).ok("get", f"referrals/{referral.pk}")
    opened = AuditEvent.objects.filter(
        log=Log.ACCESS, verb="referral.view", object_id=str(referral.pk)
    )
    assert opened.count() == 1
    # Acting on it is on the audit log instead, not logged as an opening.
    Api(world["mash"]).ok(
        "post",
        f"referrals/{referral.pk}/acknowledge",
        {"version": referral.version, "rating": "amber", "reason": "Medium screening today."},
    )
    assert opened.count() == 1


def test_a_draft_refuses_unknown_fields_and_impossible_values(world: World) -> None:
    dsl = Api(world["dsl"])
    child = child_in(world.school, world["dsl"])
    ref = dsl.ok("post", f"children/{child.pk}/referrals", {})["id"]
    unknown = dsl("patch", f"referrals/{ref}", {"version": 1, "answers": {"shoe_size": "5"}})
    assert "shoe_size" in _error(unknown, 422)["message"]
    wrong = dsl("patch", f"referrals/{ref}", {"version": 1, "answers": {"placement": "moon"}})
    assert "placement" in _error(wrong, 422)["message"]
    route = dsl("patch", f"referrals/{ref}", {"version": 1, "route": "nowhere"})
    assert "route" in _error(route, 422)["message"]
    assert dsl.ok("get", f"referrals/{ref}")["version"] == 1


def test_withdrawing_and_challenging_are_the_referrers(world: World) -> None:
    referral = referral_sent(world, by=world["staff"])
    staff, manager = Api(world["staff"]), Api(world["mash_manager"])
    raised = staff.ok(
        "post",
        f"referrals/{referral.pk}/challenge",
        {"reason": "No acknowledgement has arrived and the child is missing again."},
    )
    answer = {"version": raised["version"], "answer": "Acknowledged now: we are sorry it was late."}
    _error(Api(world["mash"])("post", f"challenges/{raised['id']}/answer", answer), 404)
    answered = manager.ok("post", f"challenges/{raised['id']}/answer", answer)
    assert answered["answer"] == answer["answer"]
    late = manager("post", f"challenges/{raised['id']}/answer", answer)
    assert _error(late, 409)["code"] == "conflict"
    withdrawn = staff.ok(
        "post",
        f"referrals/{referral.pk}/withdraw",
        {"version": referral.version, "reason": "Sent about the wrong child by mistake."},
    )
    assert withdrawn["state"] == "withdrawn"
    after = staff(
        "post", f"referrals/{referral.pk}/challenge", {"reason": "Challenging it anyway."}
    )
    assert _error(after, 409)["code"] == "move-not-allowed"


def test_the_queue_filters_and_assigning(world: World) -> None:
    red = referral_sent(world)
    referral_sent(world)
    mash = Api(world["mash"])
    mash.ok(
        "post",
        f"referrals/{red.pk}/acknowledge",
        {"version": red.version, "rating": "red", "reason": "Missing overnight, high screening."},
    )
    assert [i["id"] for i in mash.ok("get", "mash/queue?rating=red")["items"]] == [str(red.pk)]
    assert mash.ok("get", "mash/queue?holder=me")["count"] == 0
    _error(mash("get", "mash/queue?clock=later"), 422)
    red.refresh_from_db()
    nobody = mash("post", f"referrals/{red.pk}/assign", {"version": red.version, "assignee": None})
    held = mash.ok(
        "post",
        f"referrals/{red.pk}/assign",
        {"version": nobody.json()["version"], "assignee": str(world["mash"].pk)},
    )
    assert held["assigned_to"]["full_name"] == world["mash"].full_name
    assert [i["id"] for i in mash.ok("get", "mash/queue?holder=me")["items"]] == [str(red.pk)]
    outsider = {"version": held["version"], "assignee": str(world["dsl"].pk)}
    assert (
        "assignee" in _error(mash("post", f"referrals/{red.pk}/assign", outsider), 422)["message"]
    )
    assert Api(world["dsl"]).ok("get", "mash/queue")["count"] == 0


def test_routes_are_listed_for_anyone_signed_in(world: World) -> None:
    listed = Api(world["staff"]).ok("get", "referral-routes")
    assert listed == [
        {
            "code": "mash",
            "name": "Testshire MASH",
            "description": "",
            "receiver": world.mash.name,
            "receiver_id": str(world.mash.pk),
            "workflow": "mash",
            "rated": True,
        }
    ]


def test_the_schemas_name_the_workflows_states_and_choices() -> None:
    assert set(get_args(schemas.State)) == set(workflow.STATES)
    assert set(get_args(schemas.LiveState)) == set(workflow.LIVE)
    assert set(get_args(schemas.Rating)) == set(workflow.RATINGS)
    assert set(get_args(schemas.Outcome)) == set(workflow.OUTCOMES)
    assert set(get_args(schemas.FirstDecision)) == set(workflow.FIRST_DECISIONS)
