"""The front door's pages (PROCESS.md step 6; issue 6): each move through its form, the MASH
queue with its filters, order and pages, who holds a referral, partner agencies asked and
answering, chasing, a challenge answered by the manager only, and nothing typed lost when the
form is wrong or someone else acted first."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils.html import escape

from tests.conftest import World, signed_in
from tests.factories import child_in, referral_sent
from vigil.referrals import mash_panel, services, workflow
from vigil.referrals.models import PartnerRequest, Referral, Route

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 10:00 in London (GMT).
MONDAY = datetime(2026, 11, 23, 10, tzinfo=UTC)
REASON = "The screening is medium and there was one missing episode overnight."


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def _url(referral: Referral, action: str) -> str:
    return f"/referrals/{referral.pk}/{action}/"


def _fresh(referral: Referral) -> Referral:
    referral.refresh_from_db()
    return referral


def _acknowledged(world: World, referral: Referral | None = None, rating: str = "amber"):
    referral = referral or referral_sent(world)
    return services.referral_acknowledge(
        actor=world["mash"],
        referral=referral,
        version=referral.version,
        rating=rating,
        reason=REASON,
    )


def _in_enquiry(world: World, rating: str = "amber") -> Referral:
    referral = _acknowledged(world, rating=rating)
    return services.referral_decide(
        actor=world["mash"],
        referral=referral,
        version=referral.version,
        decision="mash-enquiry",
        reason="We need the police's view before deciding.",
    )


def _panel_html(world: World, who: str, referral: Referral) -> str:
    request = RequestFactory().get(f"/referrals/{referral.pk}/")
    request.user = world[who]
    context = mash_panel.panel_context(world[who], _fresh(referral))
    return render_to_string("referrals/_mash_panel.html", context, request=request)


def _checked(page: str, name: str, value: str) -> bool:
    return bool(re.search(rf'<input type="radio" name="{name}" value="{value}"[^>]*checked', page))


# Each move through its form


def test_the_panel_preselects_the_rating_the_screening_suggests(world: World) -> None:
    referral = referral_sent(world)
    Referral.objects.filter(pk=referral.pk).update(
        screening_summary={
            "reference": "SCR-2026-000004",
            "assessed_on": "2026-11-20",
            "judged_level": "high",
            "level_label": "high risk",
            "score": None,
            "reason": "",
        }
    )
    page = _panel_html(world, "mash", referral)
    assert "Acknowledge the referral" in page
    assert _checked(page, "rating", "red")
    assert "judged it <strong>high risk</strong>" in page
    assert "Take it" in page and "Nobody holds it yet." in page


def test_the_panel_is_only_for_the_front_door(world: World) -> None:
    referral = referral_sent(world)
    assert mash_panel.panel_context(world["dsl"], referral) == {}
    assert mash_panel.panel_context(world["manager"], referral) == {}
    assert "mash_panel" in mash_panel.panel_context(world["mash_manager"], referral)
    assert _panel_html(world, "dsl", referral).strip() == ""


def test_acknowledging_rates_the_referral_and_goes_back_to_it(world: World) -> None:
    referral = referral_sent(world)
    response = signed_in(world["mash"]).post(
        _url(referral, "acknowledge"),
        {"version": referral.version, "rating": "amber", "reason": REASON},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/"
    referral = _fresh(referral)
    assert (referral.state, referral.rating, referral.rating_reason) == (
        workflow.ACKNOWLEDGED,
        "amber",
        REASON,
    )


def test_a_rating_without_a_reason_comes_back_with_the_message_and_the_choice(world) -> None:
    referral = referral_sent(world)
    response = signed_in(world["mash"]).post(
        _url(referral, "acknowledge"), {"version": referral.version, "rating": "red"}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "There is a problem" in page and "Enter why you rate it so" in page
    assert _checked(page, "rating", "red")
    assert referral.reference in page and "Sent" in page
    assert _fresh(referral).state == workflow.SENT


def test_a_reason_too_short_is_the_services_message(world: World) -> None:
    referral = referral_sent(world)
    response = signed_in(world["mash"]).post(
        _url(referral, "acknowledge"),
        {"version": referral.version, "rating": "green", "reason": "Fine"},
    )
    assert response.status_code == 422
    assert "Say why you rate it so, in a sentence or more" in response.content.decode()


def test_the_first_decision_opens_the_enquiry_then_the_outcome_feedback_and_close(world):
    referral = _acknowledged(world)
    mash = signed_in(world["mash"])
    steps = [
        ("decide", {"decision": "mash-enquiry", "reason": "Partner information is needed."}),
        ("conclude", {"outcome": "early-help", "reason": "Partners agree: early help."}),
        ("feedback", {"feedback": "Early help will contact the family this week."}),
        ("close", {}),
    ]
    states = []
    for action, typed in steps:
        response = mash.post(_url(referral, action), {"version": _fresh(referral).version, **typed})
        assert response.status_code == 302, (action, response.content.decode()[:2000])
        states.append(_fresh(referral).state)
    assert states == [workflow.ENQUIRY, workflow.OUTCOME, workflow.FEEDBACK_SENT, workflow.CLOSED]
    assert referral.outcome == "early-help"
    assert referral.feedback == "Early help will contact the family this week."


def test_an_outcome_straight_away_skips_the_enquiry(world: World) -> None:
    referral = _acknowledged(world)
    response = signed_in(world["mash_manager"]).post(
        _url(referral, "decide"),
        {
            "version": referral.version,
            "decision": "advice-signposting",
            "reason": "Advice to the school is enough here.",
        },
    )
    assert response.status_code == 302
    assert (_fresh(referral).state, referral.outcome) == (workflow.OUTCOME, "advice-signposting")


def test_a_direct_route_offers_only_outcomes_and_an_unrated_acknowledgement(world) -> None:
    route = Route.objects.create(
        code="ews", name="Education welfare (test)", receiver=world.mash, workflow="direct"
    )
    referral = referral_sent(world, route=route)
    page = _panel_html(world, "mash", referral)
    assert 'name="rating"' not in page and "Acknowledge" in page
    mash = signed_in(world["mash"])
    assert (
        mash.post(_url(referral, "acknowledge"), {"version": referral.version}).status_code == 302
    )
    assert 'value="mash-enquiry"' not in _panel_html(world, "mash", referral)
    response = mash.post(
        _url(referral, "decide"),
        {"version": _fresh(referral).version, "decision": "mash-enquiry", "reason": REASON},
    )
    assert response.status_code == 422
    assert _fresh(referral).state == workflow.ACKNOWLEDGED


def test_the_panel_offers_only_the_moves_open_now(world: World) -> None:
    referral = _in_enquiry(world)
    page = _panel_html(world, "mash", referral)
    assert "The enquiry&#x27;s outcome" in page and "Ask a partner agency" in page
    offered = re.findall(r'<option value="[^"]+">([^<]+)</option>', page.split('name="partner"')[1])
    assert "Testshire Police (test)" in offered and "Example Secondary School" in offered
    assert "Testshire MASH" not in offered and "Testshire Partnership Team" not in offered
    assert "Acknowledge the referral" not in page and "First decision" not in page


# Two practitioners at once


def test_a_second_post_of_the_same_version_is_told_and_keeps_the_typed_reason(world) -> None:
    referral = _acknowledged(world)
    version = referral.version
    first = signed_in(world["mash"]).post(
        _url(referral, "decide"),
        {"version": version, "decision": "mash-enquiry", "reason": "Partners first, please."},
    )
    assert first.status_code == 302
    typed = "I would decide early help: the school's plan is working well."
    second = signed_in(world["mash_manager"]).post(
        _url(referral, "decide"),
        {"version": version, "decision": "early-help", "reason": typed},
    )
    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this referral while you were working on it" in page
    assert escape(typed) in page
    assert _checked(page, "decision", "early-help")
    assert "MASH enquiry" in page  # where it is now
    assert _fresh(referral).state == workflow.ENQUIRY


def test_a_stale_version_in_the_same_state_is_a_conflict_too(world: World) -> None:
    referral = referral_sent(world)
    services.referral_assign(
        actor=world["mash_manager"],
        referral=referral,
        version=referral.version,
        assignee=world["mash"],
    )
    response = signed_in(world["mash"]).post(
        _url(referral, "acknowledge"),
        {"version": referral.version - 1, "rating": "green", "reason": REASON},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert REASON in page
    # Trying again acts on the referral as it is now.
    assert f'name="version" value="{_fresh(referral).version}"' in page


# Assignment


def test_assigning_and_taking_it(world: World) -> None:
    referral = referral_sent(world)
    manager = signed_in(world["mash_manager"])
    response = manager.post(
        _url(referral, "assign"), {"version": referral.version, "assignee": world["mash"].pk}
    )
    assert response.status_code == 302 and _fresh(referral).assigned_to == world["mash"]
    assert "Held by" in _panel_html(world, "mash_manager", referral)
    response = manager.post(
        _url(referral, "assign"),
        {"version": referral.version, "assignee": world["mash_manager"].pk},
    )
    assert response.status_code == 302 and _fresh(referral).assigned_to == world["mash_manager"]
    assert "Take it" not in _panel_html(world, "mash_manager", referral)


def test_a_referral_is_given_only_to_someone_at_the_front_door(world: World) -> None:
    referral = referral_sent(world)
    page = _panel_html(world, "mash", referral)
    assert world["mash_manager"].full_name in page and world["dsl"].full_name not in page
    response = signed_in(world["mash"]).post(
        _url(referral, "assign"), {"version": referral.version, "assignee": world["dsl"].pk}
    )
    assert response.status_code == 422
    assert "Select someone who works at the front door" in response.content.decode()
    assert _fresh(referral).assigned_to is None


# The queue


def _queue(client, **filters) -> str:
    response = client.get("/mash/", filters)
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_is_ordered_by_time_left_and_filters(world: World) -> None:
    red = _acknowledged(world, rating="red")  # to be named by 13:00, outcome by 14:00
    waiting = referral_sent(world)  # acknowledged and decided by Tuesday's close
    green = _in_enquiry(world, rating="green")  # the outcome in three working days
    green = services.referral_assign(
        actor=world["mash"], referral=green, version=green.version, assignee=world["mash"]
    )
    mash = signed_in(world["mash"])
    page = _queue(mash)
    order = [page.index(r.reference) for r in (red, waiting, green)]
    assert order == sorted(order)
    assert "Due in 3 hours" in page and "Nobody" in page
    assert _references(_queue(mash, rating="red")) == {red.reference}
    assert _references(_queue(mash, state="sent")) == {waiting.reference}
    assert _references(_queue(mash, holder="me")) == {green.reference}
    assert _references(_queue(mash, holder="nobody")) == {red.reference, waiting.reference}
    assert _references(_queue(mash, clock="due-soon")) == {red.reference}
    assert _references(_queue(mash, clock="overdue")) == set()
    # A value not on the list is ignored.
    assert len(_references(_queue(mash, rating="purple"))) == 3


def _references(page: str) -> set[str]:
    return set(re.findall(r">(REF-\d{4}-\d{6})</a>", page))


def test_the_queue_says_how_long_overdue(world: World) -> None:
    referral = _acknowledged(world, rating="red")
    with time_machine.travel(MONDAY + timedelta(hours=6, minutes=10), tick=False):
        page = _queue(signed_in(world["mash"]), clock="overdue")
    # Nobody named by 13:00: three hours and ten minutes ago.
    assert referral.reference in page and "Overdue by 3 hours" in page


def test_the_queue_pages_by_25(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    for _ in range(26):
        referral_sent(world, child=child)
    mash = signed_in(world["mash"])
    first, second = _queue(mash), _queue(mash, page=2)
    assert len(_references(first)) == 25 and len(_references(second)) == 1
    assert "26 referrals" in first and 'rel="next"' in first


def test_an_empty_queue_says_what_happens_next(world: World) -> None:
    page = _queue(signed_in(world["mash_manager"]))
    assert "No referrals are waiting" in page
    assert "No referral matches these filters" in _queue(
        signed_in(world["mash_manager"]), rating="red"
    )


@pytest.mark.parametrize("who", ["staff", "dsl", "manager", "police", "admin"])
def test_only_the_front_door_opens_the_queue(world: World, who: str) -> None:
    assert signed_in(world[who]).get("/mash/").status_code == 404


def test_the_front_door_finishes_and_the_queue_forgets_it(world: World) -> None:
    referral = _acknowledged(world)
    services.referral_decide(
        actor=world["mash"],
        referral=referral,
        version=referral.version,
        decision="no-further-action",
        reason="The school's plan covers it; advice given by phone.",
    )
    assert referral.reference in _queue(signed_in(world["mash"]))
    services.referral_feedback(
        actor=world["mash"], referral=referral, version=referral.version, feedback=REASON
    )
    services.referral_close(actor=world["mash"], referral=referral, version=referral.version)
    assert referral.reference not in _queue(signed_in(world["mash"]))


# Partner agencies


def _ask(client, referral: Referral, partner, **typed) -> object:
    return client.post(
        _url(referral, "requests"),
        {"partner": partner.pk, "question": "Any missing reports about the child?", **typed},
    )


def test_asking_the_police_by_a_time_in_london(world: World) -> None:
    referral = _in_enquiry(world)
    response = _ask(
        signed_in(world["mash"]),
        referral,
        world.police,
        due_on_day="24",
        due_on_month="11",
        due_on_year="2026",
        due_time="12:30",
    )
    assert response.status_code == 302
    request = PartnerRequest.objects.get(referral=referral)
    assert request.partner == world.police
    assert request.due_at == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    page = _panel_html(world, "mash", referral)
    assert "Request to Testshire Police (test)" in page and "24 November 2026, 12:30" in page
    assert "Chase" in page and "Not answered yet" in page


def test_a_request_without_a_time_is_due_with_the_rating(world: World) -> None:
    referral = _in_enquiry(world)
    assert _ask(signed_in(world["mash"]), referral, world.police).status_code == 302
    # Amber: one working day from receipt, Tuesday's close.
    assert PartnerRequest.objects.get().due_at == datetime(2026, 11, 24, 17, tzinfo=UTC)


def test_a_date_without_a_time_comes_back_with_the_question(world: World) -> None:
    referral = _in_enquiry(world)
    response = _ask(
        signed_in(world["mash"]),
        referral,
        world.police,
        due_on_day="24",
        due_on_month="11",
        due_on_year="2026",
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Enter the time the answer is due" in page
    assert "Any missing reports about the child?" in page
    assert not PartnerRequest.objects.exists()


def test_the_front_door_cannot_ask_itself_and_must_ask_the_future(world: World) -> None:
    referral = _in_enquiry(world)
    mash = signed_in(world["mash"])
    assert _ask(mash, referral, world.mash).status_code == 422
    past = {"due_on_day": "20", "due_on_month": "11", "due_on_year": "2026", "due_time": "09:00"}
    response = _ask(mash, referral, world.police, **past)
    assert response.status_code == 422
    assert "a moment in the future" in response.content.decode()


def _request(world: World) -> PartnerRequest:
    referral = _in_enquiry(world)
    return services.partner_request_send(
        actor=world["mash"],
        referral=referral,
        partner=world.police,
        question="Any missing reports or intelligence about the child?",
    )


def test_the_police_answer_the_request(world: World) -> None:
    asked = _request(world)
    police = signed_in(world["police"])
    listing = police.get("/requests/").content.decode()
    assert "Testchild Example" in listing and "Not yet" in listing
    page = police.get(f"/requests/{asked.pk}/").content.decode()
    assert "Any missing reports or intelligence about the child?" in page
    assert "1 May 2012" in page and "Send the answer" in page
    answer = "One missing report last month; found the next day at a friend's flat."
    response = police.post(f"/requests/{asked.pk}/", {"version": asked.version, "answer": answer})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.answered and asked.answer == answer and asked.answered_by == world["police"]
    assert "Answered" in police.get("/requests/").content.decode()
    assert answer.replace("'", "&#x27;") in _panel_html(world, "mash", asked.referral)


def test_an_empty_answer_comes_back_and_a_late_one_keeps_its_typing(world: World) -> None:
    asked = _request(world)
    police = signed_in(world["police"])
    response = police.post(f"/requests/{asked.pk}/", {"version": asked.version, "answer": ""})
    assert response.status_code == 422 and "Enter your answer" in response.content.decode()
    services.partner_request_answer(
        actor=world["police"],
        request=asked,
        version=asked.version,
        answer="Answered by a colleague already, with the dates.",
    )
    typed = "Nothing known to us about the child or the car."
    response = police.post(f"/requests/{asked.pk}/", {"version": 1, "answer": typed})
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone at your agency answered this request" in page and typed in page


def test_the_front_door_sees_a_request_read_only_and_the_referrer_not_at_all(world) -> None:
    asked = _request(world)
    page = signed_in(world["mash"]).get(f"/requests/{asked.pk}/").content.decode()
    assert "Any missing reports" in page and "Send the answer" not in page
    assert (
        signed_in(world["mash"])
        .post(f"/requests/{asked.pk}/", {"version": 1, "answer": "The front door cannot answer."})
        .status_code
        == 404
    )
    for who in ("dsl", "other_dsl", "staff"):
        assert signed_in(world[who]).get(f"/requests/{asked.pk}/").status_code == 404


def test_chasing_counts_until_the_answer(world: World) -> None:
    asked = _request(world)
    mash = signed_in(world["mash"])
    for _ in range(2):
        response = mash.post(f"/requests/{asked.pk}/chase/")
        assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.chases == 2
    assert "Chased 2 times" in _panel_html(world, "mash", asked.referral)
    assert signed_in(world["police"]).post(f"/requests/{asked.pk}/chase/").status_code == 404
    services.partner_request_answer(
        actor=world["police"], request=asked, version=asked.version, answer=REASON
    )
    assert mash.post(f"/requests/{asked.pk}/chase/").status_code == 302
    asked.refresh_from_db()
    assert asked.chases == 2


# Professional challenges


def _challenge(world: World):
    referral = _acknowledged(world)
    return services.challenge_raise(
        actor=world["dsl"],
        referral=referral,
        reason="We disagree with amber: she was missing again last night.",
    )


def test_the_front_door_manager_answers_a_challenge(world: World) -> None:
    challenge = _challenge(world)
    assert "Your answer to the challenge" in _panel_html(world, "mash_manager", challenge.referral)
    page = _panel_html(world, "mash", challenge.referral)
    assert "she was missing again last night" in page and "A front door manager answers it" in page
    answer = "We have looked again and rated it red; a practitioner will call you today."
    response = signed_in(world["mash_manager"]).post(
        f"/challenges/{challenge.pk}/answer/", {"version": challenge.version, "answer": answer}
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.answer == answer and challenge.answered_by == world["mash_manager"]


def test_only_the_manager_answers_and_a_second_answer_keeps_its_typing(world: World) -> None:
    challenge = _challenge(world)
    answer = {"version": challenge.version, "answer": "Not mine to answer, but I tried."}
    for who in ("mash", "dsl", "manager"):
        response = signed_in(world[who]).post(f"/challenges/{challenge.pk}/answer/", answer)
        assert response.status_code == 404
    services.challenge_answer(
        actor=world["mash_manager"],
        challenge=challenge,
        version=challenge.version,
        answer="Answered already by the duty manager.",
    )
    typed = "A second manager's answer, written at the same time."
    response = signed_in(world["mash_manager"]).post(
        f"/challenges/{challenge.pk}/answer/", {"version": 1, "answer": typed}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Another manager answered this challenge" in page and escape(typed) in page


# Wording


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0.5, "due in less than a minute"),
        (1, "due in 1 minute"),
        (59, "due in 59 minutes"),
        (60, "due in 1 hour"),
        (190, "due in 3 hours"),
        (47 * 60, "due in 47 hours"),
        (3 * 24 * 60, "due in 3 days"),
        (0, "overdue by less than a minute"),
        (-130, "overdue by 2 hours"),
        (-1, "overdue by 1 minute"),
    ],
)
def test_time_left_in_words(minutes: float, words: str) -> None:
    assert mash_panel.time_left(MONDAY + timedelta(minutes=minutes), MONDAY) == words


# Finding the way


def test_the_front_door_has_its_link_and_the_schools_do_not(world: World) -> None:
    assert 'href="/mash/"' in signed_in(world["mash"]).get("/").content.decode()
    assert 'href="/mash/"' in signed_in(world["mash_manager"]).get("/").content.decode()
    assert 'href="/mash/"' not in signed_in(world["manager"]).get("/").content.decode()


def test_the_partner_is_told_with_a_link_to_the_request_it_answers(world: World) -> None:
    from vigil.notifications.models import Notification

    asked = _request(world)
    told = Notification.objects.get(recipient=world["police"], kind="partner-request")
    assert told.link == f"/requests/{asked.pk}/"


def test_the_referral_page_carries_the_panel_and_says_what_was_done(world: World) -> None:
    referral = referral_sent(world)
    mash = signed_in(world["mash"])
    assert 'data-testid="mash-panel"' in mash.get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="mash-panel"' not in (
        signed_in(world["dsl"]).get(f"/referrals/{referral.pk}/").content.decode()
    )
    response = mash.post(
        _url(referral, "acknowledge"),
        {"version": referral.version, "rating": "green", "reason": REASON},
        follow=True,
    )
    assert "The referral has been acknowledged" in response.content.decode()


def test_opening_a_partner_request_is_on_the_access_log(world) -> None:
    from tests.conftest import signed_in
    from tests.factories import referral_sent
    from vigil.audit.models import AuditEvent
    from vigil.referrals import services

    referral = referral_sent(world)
    mash = world["mash"]
    services.referral_acknowledge(
        actor=mash,
        referral=referral,
        version=referral.version,
        rating="green",
        reason="Low screening and no immediate harm known.",
    )
    services.referral_decide(
        actor=mash,
        referral=referral,
        version=referral.version,
        decision="mash-enquiry",
        reason="Police information first.",
    )
    asked = services.partner_request_send(
        actor=mash,
        referral=referral,
        partner=world.police,
        question="Anything known about the adult seen with the child?",
    )
    assert signed_in(world["police"]).get(f"/requests/{asked.pk}/").status_code == 200
    logged = AuditEvent.objects.filter(verb="referral-request.view", object_id=str(asked.pk))
    assert logged.count() == 1


def test_the_queue_costs_the_same_queries_however_long_it_is(world) -> None:
    """The queue reads only what it shows, in a fixed number of queries (no query a row)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import signed_in
    from tests.factories import referral_sent

    client = signed_in(world["mash"])

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get("/mash/").status_code == 200
        with CaptureQueriesContext(connection) as api:
            assert client.get("/api/v1/mash/queue").status_code == 200
        return len(page), len(api)

    referral_sent(world)
    queries()  # the session's first reads
    few = queries()
    for _ in range(4):
        referral_sent(world)
    queries()
    assert queries() == few
