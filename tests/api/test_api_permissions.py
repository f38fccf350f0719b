"""The API's permission matrix: every operation in the OpenAPI document, for every role (by
API token) and every relationship, plus anonymous. An operation added without an entry fails."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client

from tests.attendance.api_cases import DISMISSAL, absence_flag
from tests.conftest import World
from vigil.accounts.tokens import api_token_create
from vigil.notifications.models import Notification

ROLES = (
    "anonymous",
    "staff",
    "dsl",
    "manager",
    "other_dsl",
    "mash",
    "mash_manager",  # answers professional challenges at the front door
    "analyst",
    "admin",
    "school_admin",
    "auditor",
    "police",
)
OWN, OTHER = "own", "other"

Expect = Callable[[str, str], set[int]]


def _authenticated(allowed: Callable[[str, str], bool], ok: set[int] | None = None) -> Expect:
    def expect(role: str, relationship: str) -> set[int]:
        if role == "anonymous":
            return {401}
        return (ok or {200}) if allowed(role, relationship) else {404}

    return expect


ANYONE = _authenticated(lambda role, rel: True)
ADMINS = _authenticated(
    lambda role, rel: role == "admin" or (role == "school_admin" and rel == OWN)
)
ANY_ADMIN = _authenticated(lambda role, rel: role in {"admin", "school_admin"})
AUDITOR = _authenticated(lambda role, rel: role == "auditor")
# Working roles: everyone but those who only audit.
NOT_AUDITORS = _authenticated(lambda role, rel: role != "auditor")
MINE = _authenticated(lambda role, rel: rel == OWN)
# A token cannot make more tokens: only a signed-in browser session can.
SESSION_ONLY: Expect = lambda role, rel: {401}  # noqa: E731


@dataclass(frozen=True)
class Operation:
    expect: Expect
    path_params: Callable[[World, str, object], dict[str, object]] = field(
        default=lambda w, r, p: {}
    )
    body: Callable[[World, str], dict[str, object]] | None = None
    query: str = ""


def _organisation(w: World, rel: str, who: object) -> dict[str, object]:
    return {"organisation_id": (w.school if rel == OWN else w.other_school).pk}


def _person(w: World, rel: str, who: object) -> dict[str, object]:
    return {"person_id": (w["staff"] if rel == OWN else w["other_dsl"]).pk}


def _someone_else(w: World, who: object) -> object:
    return w["police"] if who != w["police"] else w["analyst"]


def _token(w: World, rel: str, who: object) -> dict[str, object]:
    owner = who if rel == OWN and who is not None else _someone_else(w, who)
    return {"token_id": api_token_create(actor=owner, person=owner, name="matrix")[0].pk}


def _notification(w: World, rel: str, who: object) -> dict[str, object]:
    owner = who if rel == OWN and who is not None else _someone_else(w, who)
    note = Notification.objects.create(
        recipient=owner,
        kind="t",
        title="Something needs you",
        link="/",
        key=f"api-matrix:{uuid.uuid4()}",
    )
    return {"notification_id": note.pk}


def _new_person(w: World, rel: str) -> dict[str, object]:
    name = f"api.{uuid.uuid4().hex[:8]}"
    return {
        "username": name,
        "full_name": "Api Example",
        "email": f"{name}@testshire.example",
        "role": "staff",
        "organisation_id": str((w.school if rel == OWN else w.other_school).pk),
    }


RECORDERS = {"staff", "dsl", "manager", "other_dsl", "police"}
# A record of the school ("own") or of the other school ("other"): who may act on it.
RECORD_AT = _authenticated(
    lambda role, rel: role in ({"staff", "dsl", "manager"} if rel == OWN else {"other_dsl"}), {201}
)
FILE_READERS = _authenticated(
    lambda role, rel: role in ({"dsl", "manager"} if rel == OWN else {"other_dsl"})
)
CONCERN_READERS = _authenticated(
    lambda role, rel: role in ({"staff", "dsl", "manager"} if rel == OWN else {"other_dsl"})
)


def _school_dsls(ok: int) -> Expect:
    return _authenticated(
        lambda role, rel: role in ({"dsl"} if rel == OWN else {"other_dsl"}), {ok}
    )


# The record made for the current call, for its body (made after its path).
_made: dict[str, object] = {}


def _case(w: World, rel: str, decided: bool = False) -> tuple[object, object]:
    from tests.factories import child_in, concern_data
    from vigil.concerns.services import concern_decide, concern_record

    school, recorder, dsl = (
        (w.school, w["staff"], w["dsl"])
        if rel == OWN
        else (w.other_school, w["other_dsl"], w["other_dsl"])
    )
    child = child_in(school, recorder)
    concern = concern_record(actor=recorder, organisation=school, data=concern_data(child))
    if decided:
        concern_decide(
            actor=dsl, concern=concern, version=1, kind="early-help", reason="Agreed with family."
        )
    _made.update(child=child, concern=concern)
    return child, concern


def _child(w: World, rel: str, who: object) -> dict[str, object]:
    return {"child_id": _case(w, rel)[0].pk}


def _concern(w: World, rel: str, who: object) -> dict[str, object]:
    return {"concern_id": _case(w, rel)[1].pk}


def _decided(w: World, rel: str, who: object) -> dict[str, object]:
    return {"concern_id": _case(w, rel, decided=True)[1].pk}


def _new_child(w: World, rel: str) -> dict[str, object]:
    school = w.school if rel == OWN else w.other_school
    return {
        "organisation_id": str(school.pk),
        "given_names": "Api",
        "family_name": "Examplechild",
        "date_of_birth": "2013-02-03",
    }


def _new_concern(w: World, rel: str) -> dict[str, object]:
    from tests.factories import child_in

    school, recorder = (w.school, w["dsl"]) if rel == OWN else (w.other_school, w["other_dsl"])
    child = child_in(school, recorder)
    return {
        "organisation_id": str(school.pk),
        "immediate_risk": True,
        "child_id": str(child.pk),
        "seen_or_heard": "Seen with an older man.",
        "happened_on": "2026-11-20",
        "location": "Park",
        "indicators": ["i.older_risky_adults"],
    }


def _screening_at(w: World, rel: str, stage: str) -> object:
    """A screening of a new child, started by the school's DSL: a draft, "observed" (the
    concern's sign confirmed), "computed" (nothing observed: no risk identified), or
    "awaiting" sign-off (observed, computed medium, judged low)."""
    from django.utils import timezone

    from vigil.screening.services import (
        observation_add,
        screening_compute,
        screening_judge,
        screening_start,
    )

    child, concern = _case(w, rel)
    dsl = w["dsl"] if rel == OWN else w["other_dsl"]
    screening = screening_start(actor=dsl, child=child)
    if stage in {"observed", "awaiting"}:
        _made["observation"] = observation_add(
            actor=dsl,
            screening=screening,
            version=screening.version,
            indicator="i.older_risky_adults",
            observed_on=timezone.localdate(concern.happened_at),
            entry_id=concern.entry_id,
        )
    if stage in {"computed", "awaiting"}:
        screening_compute(
            actor=dsl, screening=screening, version=screening.version, immediate_risk=False
        )
    if stage == "awaiting":
        screening_judge(
            actor=dsl,
            screening=screening,
            version=screening.version,
            level="low",
            reason="A safety plan is agreed with the family.",
        )
    _made["screening"] = screening
    return screening


def _screening(stage: str = "draft") -> Callable[[World, str, object], dict[str, object]]:
    return lambda w, rel, who: {"screening_id": _screening_at(w, rel, stage).pk}


def _observation(w: World, rel: str, who: object) -> dict[str, object]:
    screening = _screening_at(w, rel, "observed")
    return {"screening_id": screening.pk, "observation_id": _made["observation"].pk}


def _observed(w: World, rel: str) -> dict[str, object]:
    from django.utils import timezone

    concern = _made["concern"]
    return {
        "version": 1,
        "indicator": "i.older_risky_adults",
        "observed_on": timezone.localdate(concern.happened_at).isoformat(),
        "entry_id": str(concern.entry_id),
    }


def _screening_version() -> int:
    return _made["screening"].version


# Referrals. "own": a referral of a child of the school, made and sent by its member of staff;
# "other": one of the other school's, by its DSL. Both go to the MASH, which moves them on.
def _referral_at(w: World, rel: str, stage: str) -> object:
    from tests.factories import REFERRAL_ANSWERS, child_in, referral_sent
    from vigil.referrals import services

    school, referrer = (w.school, w["staff"]) if rel == OWN else (w.other_school, w["other_dsl"])
    child = child_in(school, referrer)
    if stage in {"draft", "answered"}:
        referral = services.referral_start(actor=referrer, child=child)
        if stage == "answered":
            services.referral_update(
                actor=referrer, referral=referral, version=1, answers=dict(REFERRAL_ANSWERS)
            )
        _made["referral"] = referral
        return referral
    referral = referral_sent(w, child=child, by=referrer)
    moves = [
        ("acknowledged", services.referral_acknowledge, {"rating": "red", "reason": "High risk."}),
        (
            "enquiry",
            services.referral_decide,
            {"decision": "mash-enquiry", "reason": "Partner information is needed."},
        ),
        (
            "outcome",
            services.referral_conclude,
            {"outcome": "early-help", "reason": "Agreed with the family."},
        ),
        ("feedback-sent", services.referral_feedback, {"feedback": "Early help is arranged."}),
    ]
    for reached, move, fields in moves:
        if stage == referral.state:
            break
        move(actor=w["mash"], referral=referral, version=referral.version, **fields)
        assert referral.state == reached
    _made["referral"] = referral
    return referral


def _referral(stage: str = "sent") -> Callable[[World, str, object], dict[str, object]]:
    return lambda w, rel, who: {"referral_id": _referral_at(w, rel, stage).pk}


def _referral_version() -> int:
    return _made["referral"].version


def _partner_request(w: World, rel: str, who: object) -> dict[str, object]:
    """A request from the MASH's enquiry into the school's referral: "own" to the police,
    "other" to the other school."""
    from vigil.referrals.services import partner_request_send

    referral = _referral_at(w, OWN, "enquiry")
    partner = w.police if rel == OWN else w.other_school
    asked = partner_request_send(
        actor=w["mash"], referral=referral, partner=partner, question="What do you know?"
    )
    _made["request"] = asked
    return {"request_id": asked.pk}


def _challenge(w: World, rel: str, who: object) -> dict[str, object]:
    from vigil.referrals.services import challenge_raise

    referral = _referral_at(w, rel, "sent")
    raiser = w["staff"] if rel == OWN else w["other_dsl"]
    raised = challenge_raise(actor=raiser, referral=referral, reason="No answer has come yet.")
    _made["challenge"] = raised
    return {"challenge_id": raised.pk}


def _by(own: set[str], other: set[str], ok: int = 200) -> Expect:
    return _authenticated(lambda role, rel: role in (own if rel == OWN else other), {ok})


REFERRAL_AUTHOR = _by({"staff"}, {"other_dsl"})
REFERRAL_READERS = _by(
    {"staff", "dsl", "manager", "mash", "mash_manager"}, {"other_dsl", "mash", "mash_manager"}
)
REFERRER_SIDE = {"staff", "dsl", "manager"}, {"other_dsl"}
FRONT_DOOR = _authenticated(lambda role, rel: role in {"mash", "mash_manager"})


# Missing episodes. "own": an episode of a child of the school recorded by its member of staff;
# "other": one of the other school's, recorded by its DSL. The recorder and the child's case
# leads see it; the case leads record the return home interview.
def _missing_child(w: World, rel: str) -> tuple[object, object]:
    from tests.factories import child_in

    school, recorder = (w.school, w["staff"]) if rel == OWN else (w.other_school, w["other_dsl"])
    return child_in(school, recorder), recorder


def _ago(hours: float) -> str:
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.now() - timedelta(hours=hours)).isoformat()


def _missing_episode(w: World, rel: str, returned: bool = False) -> object:
    from datetime import datetime

    from vigil.missing.services import episode_record, episode_return

    child, recorder = _missing_child(w, rel)
    episode = episode_record(
        actor=recorder,
        child=child,
        missing_since=datetime.fromisoformat(_ago(30)),
        missing_from="Home",
        reported_by="Testparent Example, mother",
    )
    if returned:
        episode = episode_return(
            actor=recorder,
            episode=episode,
            version=episode.version,
            returned_at=datetime.fromisoformat(_ago(2)),
            found_at="Came home on their own",
            condition="Tired; no injuries seen.",
        )
    return episode


def _episode(returned: bool = False) -> Callable[[World, str, object], dict[str, object]]:
    return lambda w, rel, who: {"episode_id": _missing_episode(w, rel, returned).pk}


def _new_episode(w: World, rel: str) -> dict[str, object]:
    child, _ = _missing_child(w, rel)
    return {
        "child_id": str(child.pk),
        "immediate_risk": False,
        "missing_since": _ago(5),
        "missing_from": "Home",
        "reported_by": "Testparent Example, mother",
        "police_reference": "NP-0001",
    }


EPISODE_READERS = _by({"staff", "dsl", "manager"}, {"other_dsl"})


# Briefings. "own" is a briefing for everyone working in schools, "other" one for the MASH's
# practitioners; a read report is "own" at the school and "other" at the other school.
def _briefing(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.briefings.publishing import published

    if rel == OWN:
        briefing = published(w)
    else:
        briefing = published(w, title="MASH", audience_roles=["mash"], audience_kinds=["mash"])
    _made["briefing"] = briefing
    return {"briefing_id": briefing.pk}


def _briefing_question(w: World, rel: str, who: object) -> dict[str, object]:
    _briefing(w, rel, who)
    return {"question_id": _made["briefing"].questions.first().pk}


def _briefing_report(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.briefings.publishing import published

    school = w.school if rel == OWN else w.other_school
    return {"organisation_id": school.pk, "briefing_id": published(w).pk}


BRIEFING_AUDIENCE = {"staff", "dsl", "manager", "other_dsl"}, {"mash"}
BRIEFING_OPENERS = _by({*BRIEFING_AUDIENCE[0], "admin"}, {"mash", "mash_manager", "admin"})


OPERATIONS: dict[tuple[str, str], Operation] = {
    ("get", "/api/v1/indicators"): Operation(ANYONE),
    ("get", "/api/v1/children"): Operation(ANYONE),
    ("post", "/api/v1/children"): Operation(RECORD_AT, body=_new_child),
    ("get", "/api/v1/organisations/{organisation_id}/children"): Operation(ANYONE, _organisation),
    ("get", "/api/v1/organisations/{organisation_id}/children/duplicates"): Operation(
        ANYONE,
        _organisation,
        query="?given_names=Testchild&family_name=Example&date_of_birth=2012-05-01",
    ),
    ("get", "/api/v1/children/{child_id}"): Operation(FILE_READERS, _child),
    ("get", "/api/v1/children/{child_id}/chronology"): Operation(FILE_READERS, _child),
    ("put", "/api/v1/children/{child_id}"): Operation(
        FILE_READERS, _child, body=lambda w, r: {"version": 1, "known_as": "Tess"}
    ),
    ("post", "/api/v1/children/{child_id}/chronology/{entry_id}/corrections"): Operation(
        _authenticated(
            lambda role, rel: role in ({"dsl", "manager"} if rel == OWN else {"other_dsl"}), {201}
        ),
        lambda w, r, p: {
            "child_id": _case(w, r)[0].pk,
            "entry_id": _made["concern"].entry_id,
        },
        body=lambda w, r: {"correction": "The time was 15:45, not 15:40."},
    ),
    ("post", "/api/v1/children/{child_id}/shares"): Operation(
        _school_dsls(201),
        _child,
        body=lambda w, r: {
            "to_organisation_id": str(w.police.pk),
            "entry_ids": [str(_made["concern"].entry_id)],
            "reason": "The police are investigating the man seen with the child.",
        },
    ),
    ("get", "/api/v1/shares"): Operation(ANYONE),
    # Attendance: a school's DSLs import its marks (an empty body is a file with no header:
    # 422), see the pupils held for matching, and dismiss the flags; anyone may list the flags
    # they can see (none, unless they are a DSL).
    ("post", "/api/v1/organisations/{organisation_id}/attendance"): Operation(
        _school_dsls(422), _organisation
    ),
    ("get", "/api/v1/organisations/{organisation_id}/attendance/unmatched"): Operation(
        _school_dsls(200), _organisation
    ),
    ("get", "/api/v1/absence-flags"): Operation(ANYONE),
    ("post", "/api/v1/absence-flags/{flag_id}/dismiss"): Operation(
        _school_dsls(200), absence_flag, body=lambda w, r: DISMISSAL
    ),
    # Screenings: the child's case leads read them, its school's DSLs screen, and a manager
    # (or another DSL) of the school signs off, never the DSL who judged.
    ("get", "/api/v1/children/{child_id}/screenings"): Operation(FILE_READERS, _child),
    ("post", "/api/v1/children/{child_id}/screenings"): Operation(_school_dsls(201), _child),
    ("get", "/api/v1/screenings/{screening_id}"): Operation(FILE_READERS, _screening()),
    ("get", "/api/v1/screenings/{screening_id}/suggestions"): Operation(FILE_READERS, _screening()),
    ("post", "/api/v1/screenings/{screening_id}/observations"): Operation(
        _school_dsls(201), _screening(), body=_observed
    ),
    ("delete", "/api/v1/screenings/{screening_id}/observations/{observation_id}"): Operation(
        _school_dsls(200), _observation, query="?version=2"
    ),
    ("post", "/api/v1/screenings/{screening_id}/compute"): Operation(
        _school_dsls(200),
        _screening(),
        body=lambda w, r: {"version": 1, "immediate_risk": False},
    ),
    ("post", "/api/v1/screenings/{screening_id}/judgement"): Operation(
        _school_dsls(200),
        _screening("computed"),
        body=lambda w, r: {"version": _screening_version(), "level": "none", "reason": ""},
    ),
    ("post", "/api/v1/screenings/{screening_id}/sign-off"): Operation(
        _authenticated(lambda role, rel: role == "manager" and rel == OWN),
        _screening("awaiting"),
        body=lambda w, r: {
            "version": _screening_version(),
            "agree": True,
            "note": "Agreed in supervision today.",
        },
    ),
    ("post", "/api/v1/concerns"): Operation(RECORD_AT, body=_new_concern),
    ("get", "/api/v1/concerns/queue"): Operation(ANYONE),
    ("get", "/api/v1/concerns/mine"): Operation(ANYONE),
    ("get", "/api/v1/concerns/{concern_id}"): Operation(CONCERN_READERS, _concern),
    ("post", "/api/v1/concerns/{concern_id}/decisions"): Operation(
        _school_dsls(201),
        _concern,
        body=lambda w, r: {"version": 1, "kind": "early-help", "reason": "Family agree to help."},
    ),
    ("post", "/api/v1/concerns/{concern_id}/child"): Operation(
        _school_dsls(200),
        _concern,
        body=lambda w, r: {"version": 1, "child_id": str(_made["concern"].child_id)},
    ),
    ("post", "/api/v1/concerns/{concern_id}/close"): Operation(
        _school_dsls(200),
        _decided,
        body=lambda w, r: {
            "version": 2,
            "summary": "s",
            "action_taken": "a",
            "outcome": "o",
            "rationale": "r",
        },
    ),
    ("get", "/api/v1/me"): Operation(ANYONE),
    ("get", "/api/v1/organisations"): Operation(ANYONE),
    ("get", "/api/v1/organisations/{organisation_id}"): Operation(ANYONE, _organisation),
    ("get", "/api/v1/people"): Operation(ANY_ADMIN),
    ("post", "/api/v1/people"): Operation(
        _authenticated(
            lambda role, rel: role == "admin" or (role == "school_admin" and rel == OWN), {201}
        ),
        body=_new_person,
    ),
    ("get", "/api/v1/people/{person_id}"): Operation(ADMINS, _person),
    ("get", "/api/v1/tokens"): Operation(ANYONE),
    ("post", "/api/v1/tokens"): Operation(SESSION_ONLY, body=lambda w, r: {"name": "x", "days": 5}),
    ("post", "/api/v1/tokens/{token_id}/revoke"): Operation(MINE, _token),
    ("get", "/api/v1/partnership"): Operation(ANYONE),
    ("get", "/api/v1/deadlines"): Operation(ANYONE),
    ("get", "/api/v1/notifications"): Operation(ANYONE),
    ("post", "/api/v1/notifications/{notification_id}/read"): Operation(MINE, _notification),
    ("post", "/api/v1/notifications/read-all"): Operation(ANYONE),
    ("get", "/api/v1/audit/events"): Operation(AUDITOR),
    ("post", "/api/v1/screenings/evaluate"): Operation(
        NOT_AUDITORS,
        body=lambda w, r: {
            "assessed_on": "2026-11-24",
            "child": {"date_of_birth": "2012-05-01"},
            "observations": [{"indicator": "e.disclosure", "observed_on": "2026-11-20"}],
        },
    ),
    # Referrals: the referrer's side, the front door's moves, partner requests, challenges.
    ("get", "/api/v1/referral-routes"): Operation(ANYONE),
    ("get", "/api/v1/referrals"): Operation(ANYONE),
    ("post", "/api/v1/children/{child_id}/referrals"): Operation(
        RECORD_AT, _child, body=lambda w, r: {}
    ),
    ("get", "/api/v1/referrals/{referral_id}"): Operation(REFERRAL_READERS, _referral()),
    ("patch", "/api/v1/referrals/{referral_id}"): Operation(
        REFERRAL_AUTHOR,
        _referral("draft"),
        body=lambda w, r: {"version": 1, "answers": {"details": "Seen near the station."}},
    ),
    ("post", "/api/v1/referrals/{referral_id}/send"): Operation(
        REFERRAL_AUTHOR, _referral("answered"), body=lambda w, r: {"version": 2}
    ),
    ("post", "/api/v1/referrals/{referral_id}/withdraw"): Operation(
        _by(*REFERRER_SIDE),
        _referral(),
        body=lambda w, r: {"version": _referral_version(), "reason": "Sent by mistake."},
    ),
    ("post", "/api/v1/referrals/{referral_id}/challenge"): Operation(
        _by(*REFERRER_SIDE, ok=201),
        _referral(),
        body=lambda w, r: {"reason": "No acknowledgement has come."},
    ),
    ("get", "/api/v1/mash/queue"): Operation(ANYONE),
    ("post", "/api/v1/referrals/{referral_id}/acknowledge"): Operation(
        FRONT_DOOR,
        _referral(),
        body=lambda w, r: {
            "version": _referral_version(),
            "rating": "amber",
            "reason": "Medium screening.",
        },
    ),
    ("post", "/api/v1/referrals/{referral_id}/decide"): Operation(
        FRONT_DOOR,
        _referral("acknowledged"),
        body=lambda w, r: {
            "version": _referral_version(),
            "decision": "early-help",
            "reason": "The family agree.",
        },
    ),
    ("post", "/api/v1/referrals/{referral_id}/conclude"): Operation(
        FRONT_DOOR,
        _referral("enquiry"),
        body=lambda w, r: {
            "version": _referral_version(),
            "outcome": "child-in-need",
            "reason": "Partners agree.",
        },
    ),
    ("post", "/api/v1/referrals/{referral_id}/feedback"): Operation(
        FRONT_DOOR,
        _referral("outcome"),
        body=lambda w, r: {"version": _referral_version(), "feedback": "Early help is arranged."},
    ),
    ("post", "/api/v1/referrals/{referral_id}/close"): Operation(
        FRONT_DOOR, _referral("feedback-sent"), body=lambda w, r: {"version": _referral_version()}
    ),
    ("post", "/api/v1/referrals/{referral_id}/assign"): Operation(
        FRONT_DOOR,
        _referral(),
        body=lambda w, r: {"version": _referral_version(), "assignee": str(w["mash"].pk)},
    ),
    ("post", "/api/v1/referrals/{referral_id}/requests"): Operation(
        _authenticated(lambda role, rel: role in {"mash", "mash_manager"}, {201}),
        _referral("enquiry"),
        body=lambda w, r: {"partner": str(w.police.pk), "question": "What do you know?"},
    ),
    ("get", "/api/v1/partner-requests"): Operation(ANYONE),
    ("get", "/api/v1/partner-requests/{request_id}"): Operation(
        _by({"police", "mash", "mash_manager"}, {"other_dsl", "mash", "mash_manager"}),
        _partner_request,
    ),
    ("post", "/api/v1/partner-requests/{request_id}/answer"): Operation(
        _by({"police"}, {"other_dsl"}),
        _partner_request,
        body=lambda w, r: {"version": 1, "answer": "Nothing on our records."},
    ),
    ("post", "/api/v1/partner-requests/{request_id}/chase"): Operation(
        FRONT_DOOR, _partner_request
    ),
    ("post", "/api/v1/challenges/{challenge_id}/answer"): Operation(
        _authenticated(lambda role, rel: role == "mash_manager"),
        _challenge,
        body=lambda w, r: {"version": 1, "answer": "Acknowledged today, sorry."},
    ),
    # Missing episodes: recorded about a child one may record about; seen by its recorder and
    # the child's case leads; the return home interview recorded by the case leads.
    ("post", "/api/v1/missing-episodes"): Operation(RECORD_AT, body=_new_episode),
    ("get", "/api/v1/missing-episodes/{episode_id}"): Operation(EPISODE_READERS, _episode()),
    ("post", "/api/v1/missing-episodes/{episode_id}/return"): Operation(
        EPISODE_READERS,
        _episode(),
        body=lambda w, r: {
            "version": 1,
            "returned_at": _ago(1),
            "found_at": "Came home on their own",
            "condition": "No concerns noted.",
        },
    ),
    ("post", "/api/v1/missing-episodes/{episode_id}/interviews"): Operation(
        _by({"dsl", "manager"}, {"other_dsl"}, ok=201),
        _episode(returned=True),
        body=lambda w, r: {
            "version": 2,
            "outcome": "offered",
            "happened_at": _ago(1),
            "interviewer": "Robin Sample",
            "interviewer_role": "Example Children's Charity",
        },
    ),
    ("get", "/api/v1/children/{child_id}/missing-episodes"): Operation(FILE_READERS, _child),
    ("get", "/api/v1/missing-flags"): Operation(ANYONE),
    ("get", "/api/v1/return-interviews/overdue"): Operation(ANYONE),
    # Briefings: its audience reads and confirms it and answers its questions (privately);
    # an organisation's case leads see and follow up who has read it there.
    ("get", "/api/v1/briefings"): Operation(ANYONE),
    ("get", "/api/v1/briefings/{briefing_id}"): Operation(BRIEFING_OPENERS, _briefing),
    ("post", "/api/v1/briefings/{briefing_id}/read"): Operation(
        _by(*BRIEFING_AUDIENCE, ok=201),
        _briefing,
        body=lambda w, r: {"version_id": str(_made["briefing"].current_id)},
    ),
    ("get", "/api/v1/reflections"): Operation(ANYONE),
    ("put", "/api/v1/reflections/{question_id}"): Operation(
        _by(*BRIEFING_AUDIENCE),
        _briefing_question,
        body=lambda w, r: {"answer": "I would tell our DSL the same day."},
    ),
    ("get", "/api/v1/briefing-reports"): Operation(ANYONE),
    ("get", "/api/v1/briefing-reports/{organisation_id}/{briefing_id}"): Operation(
        _by({"dsl", "manager"}, {"other_dsl"}), _briefing_report
    ),
    ("post", "/api/v1/briefing-reports/{organisation_id}/{briefing_id}/remind"): Operation(
        _by({"dsl", "manager"}, {"other_dsl"}), _briefing_report
    ),
}


def _schema_operations() -> set[tuple[str, str]]:
    from vigil.api.urls import api

    schema = api.get_openapi_schema(path_prefix="/api/v1/")
    return {(method, path) for path, methods in schema["paths"].items() for method in methods}


def test_every_api_operation_has_an_entry() -> None:
    operations = _schema_operations()
    assert sorted(operations - set(OPERATIONS)) == [], "add these operations to the API matrix"
    assert sorted(set(OPERATIONS) - operations) == [], "these matrix entries match no operation"


def _headers(world: World, role: str) -> dict[str, str]:
    if role == "anonymous":
        return {}
    person = world[role]
    return {
        "HTTP_AUTHORIZATION": f"Bearer {api_token_create(actor=person, person=person, name='m')[1]}"
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path"), sorted(OPERATIONS))
def test_api_matrix(world: World, method: str, path: str) -> None:
    operation = OPERATIONS[(method, path)]
    failures = []
    client = Client()
    relationships = (OTHER, OWN) if "{" in path or operation.body else (OWN,)
    for role in ROLES:
        headers = _headers(world, role)
        person = None if role == "anonymous" else world[role]
        for relationship in relationships:
            url = (
                path.format(**operation.path_params(world, relationship, person)) + operation.query
            )
            body = operation.body(world, relationship) if operation.body else None
            response = getattr(client, method)(
                url,
                data=json.dumps(body) if body is not None else None,
                content_type="application/json",
                **headers,
            )
            expected = operation.expect(role, relationship)
            if response.status_code not in expected:
                failures.append(
                    f"{role}/{relationship} {method.upper()} {url}: {response.status_code}, expected {expected}"
                )
            if response.status_code >= 400:
                error = response.json().get("error", {})
                if not (error.get("code") and error.get("message")):
                    failures.append(
                        f"{role} {url}: error without a code and message: {response.content!r}"
                    )
            if response.status_code == 404:
                assert response.json()["error"]["code"] == "not-found"
    assert failures == []
