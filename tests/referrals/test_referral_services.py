"""Referring a child and the front door's response (PROCESS.md steps 5 and 6; issue 6):
drafting, sending, every move through the one guard, the clocks each step starts and stops,
who is told, and what the child's chronology keeps."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import World
from tests.factories import REFERRAL_ANSWERS, child_in, referral_sent
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry, EntryKind
from vigil.core.models import Clock
from vigil.core.versioning import EditConflictError
from vigil.notifications.models import Notification
from vigil.referrals import services, workflow
from vigil.referrals.models import Step

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 10:00 in London (GMT).
MONDAY = "2026-11-23T10:00:00+00:00"


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


def _running(referral) -> dict[str, datetime]:
    rows = Clock.objects.filter(subject_id=referral.pk, stopped_at__isnull=True)
    return {clock.kind: clock.due_at for clock in rows}


def test_a_draft_is_prefilled_from_the_file_and_keeps_what_is_typed(world: World) -> None:
    child = child_in(world.school, world["dsl"], given_names="Testamy", family_name="Example")
    referral = services.referral_start(actor=world["dsl"], child=child)
    assert referral.state == workflow.DRAFT and referral.reference == ""
    assert referral.answers["given_names"] == "Testamy"
    assert referral.answers["date_of_birth"] == "2012-05-01"
    assert referral.answers["lawful_basis"] == "public-task"
    services.referral_update(
        actor=world["dsl"],
        referral=referral,
        version=referral.version,
        answers={"details": "  Half a sentence  "},
    )
    assert referral.answers["details"] == "Half a sentence"
    assert referral.answers["given_names"] == "Testamy"


def test_sending_names_every_missing_field_and_sends_nothing(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    referral = services.referral_start(actor=world["dsl"], child=child)
    with pytest.raises(ValidationError) as raised:
        services.referral_send(actor=world["dsl"], referral=referral, version=referral.version)
    missing = raised.value.message_dict
    assert missing["basis"] == ["Select at least one basis of concern"]
    assert "young_persons_view" in missing and "parents_told" in missing
    referral.refresh_from_db()
    assert referral.state == workflow.DRAFT and not Clock.objects.exists()


def test_not_telling_the_parents_needs_a_reason(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    referral = services.referral_start(actor=world["dsl"], child=child)
    answers = {**REFERRAL_ANSWERS, "parents_not_told_reason": ""}
    services.referral_update(
        actor=world["dsl"], referral=referral, version=referral.version, answers=answers
    )
    with pytest.raises(ValidationError) as raised:
        services.referral_send(actor=world["dsl"], referral=referral, version=referral.version)
    assert raised.value.message_dict == {
        "parents_not_told_reason": ["Select why the parents or carers have not been told"]
    }


def test_sending_gives_the_reference_and_starts_the_clocks_from_receipt(world: World) -> None:
    referral = referral_sent(world)
    assert referral.state == workflow.SENT
    assert referral.reference == "REF-2026-000001"
    assert referral.sent_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
    # One working day from receipt: closing time on Tuesday.
    tuesday_five = datetime(2026, 11, 24, 17, tzinfo=UTC)
    assert _running(referral) == {"mash-acknowledge": tuesday_five, "mash-decision": tuesday_five}
    assert referral.next_due_at == tuesday_five
    told = set(
        Notification.objects.filter(kind="referral-received").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"mash", "mashmanager"}
    entry = ChronologyEntry.objects.get(child=referral.child, kind=EntryKind.REFERRAL)
    assert entry.title == "Referred to Testshire MASH (REF-2026-000001)"


def test_a_sent_referral_cannot_be_changed(world: World) -> None:
    referral = referral_sent(world)
    with pytest.raises(PermissionDenied):
        services.referral_update(
            actor=world["dsl"],
            referral=referral,
            version=referral.version,
            answers={"details": "Changed afterwards"},
        )


def test_staff_can_refer_and_the_dsls_are_told_at_once(world: World) -> None:
    referral = referral_sent(world, by=world["staff"])
    assert referral.sent_without_dsl
    told = set(
        Notification.objects.filter(kind="referral-by-staff").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"dsl", "deputy"}


def test_a_dsl_referring_does_not_tell_themselves_it_was_staff(world: World) -> None:
    referral = referral_sent(world)
    assert not referral.sent_without_dsl
    assert not Notification.objects.filter(kind="referral-by-staff").exists()


def test_the_mash_rates_red_decides_an_enquiry_and_reaches_an_outcome(world) -> None:
    referral = referral_sent(world)
    mash = world["mash"]
    services.referral_acknowledge(
        actor=mash,
        referral=referral,
        version=referral.version,
        rating="red",
        reason="High screening and a missing episode overnight.",
    )
    running = _running(referral)
    # Red: four hours around the clock from receipt; and nobody named yet.
    assert running["rag-red"] == datetime(2026, 11, 23, 14, tzinfo=UTC)
    assert running["allocate-high-risk"] == datetime(2026, 11, 23, 13, tzinfo=UTC)
    assert "mash-acknowledge" not in running
    services.referral_assign(
        actor=world["mash_manager"], referral=referral, version=referral.version, assignee=mash
    )
    assert "allocate-high-risk" not in _running(referral)
    services.referral_decide(
        actor=mash,
        referral=referral,
        version=referral.version,
        decision="mash-enquiry",
        reason="Partner information is needed.",
    )
    assert referral.state == workflow.ENQUIRY
    assert set(_running(referral)) == {"rag-red"}
    services.referral_conclude(
        actor=mash,
        referral=referral,
        version=referral.version,
        outcome="strategy-discussion",
        reason="Police and social care agree.",
    )
    services.referral_feedback(
        actor=mash,
        referral=referral,
        version=referral.version,
        feedback="A strategy discussion is arranged for tomorrow.",
    )
    services.referral_close(actor=mash, referral=referral, version=referral.version)
    assert referral.state == workflow.CLOSED and _running(referral) == {}
    actions = list(Step.objects.filter(referral=referral).values_list("action", flat=True))
    assert actions == [
        "start",
        "save",
        "send",
        "acknowledge",
        "assign",
        "open-enquiry",
        "conclude",
        "feedback",
        "close",
    ]
    assert AuditEvent.objects.filter(verb="referral.conclude").exists()
    feedback = Notification.objects.filter(kind="referral-feedback")
    assert set(feedback.values_list("recipient__username", flat=True)) == {"dsl", "deputy"}


def test_a_move_out_of_order_is_refused(world: World) -> None:
    referral = referral_sent(world)
    with pytest.raises(workflow.MoveNotAllowedError):
        services.referral_conclude(
            actor=world["mash"],
            referral=referral,
            version=referral.version,
            outcome="early-help",
            reason="Too early for an outcome.",
        )


def test_the_referrer_cannot_make_the_front_doors_moves(world: World) -> None:
    referral = referral_sent(world)
    with pytest.raises(workflow.MoveNotAllowedError):
        services.referral_acknowledge(
            actor=world["dsl"],
            referral=referral,
            version=referral.version,
            rating="green",
            reason="Trying to rate my own referral.",
        )
    with pytest.raises(PermissionDenied):
        services.referral_acknowledge(
            actor=world["other_dsl"],
            referral=referral,
            version=referral.version,
            rating="green",
            reason="Another school cannot act on it.",
        )


def test_of_two_moves_on_the_same_version_exactly_one_wins(world: World) -> None:
    referral = referral_sent(world)
    version = referral.version
    services.referral_acknowledge(
        actor=world["mash"],
        referral=referral,
        version=version,
        rating="amber",
        reason="Medium screening, no immediate harm.",
    )
    stale = type(referral).objects.get(pk=referral.pk)
    stale.state, stale.version = workflow.SENT, version
    with pytest.raises(EditConflictError):
        services.referral_acknowledge(
            actor=world["mash_manager"],
            referral=stale,
            version=version,
            rating="red",
            reason="I rate it higher than that.",
        )
    referral.refresh_from_db()
    assert referral.rating == "amber"


def test_withdrawing_before_the_decision_stops_every_clock(world: World) -> None:
    referral = referral_sent(world)
    services.referral_withdraw(
        actor=world["dsl"],
        referral=referral,
        version=referral.version,
        reason="Sent to the wrong front door by mistake.",
    )
    assert referral.state == workflow.WITHDRAWN and _running(referral) == {}


def test_a_partner_request_is_due_with_the_rating_and_stops_when_answered(world: World) -> None:
    referral = referral_sent(world)
    mash = world["mash"]
    services.referral_acknowledge(
        actor=mash,
        referral=referral,
        version=referral.version,
        rating="amber",
        reason="Medium screening, no immediate harm.",
    )
    services.referral_decide(
        actor=mash,
        referral=referral,
        version=referral.version,
        decision="mash-enquiry",
        reason="We need the police's view.",
    )
    request = services.partner_request_send(
        actor=mash,
        referral=referral,
        partner=world.police,
        question="Any missing reports or intelligence about the child?",
    )
    assert request.due_at == datetime(2026, 11, 24, 17, tzinfo=UTC)
    assert Clock.objects.get(subject_id=request.pk).stopped_at is None
    services.partner_request_answer(
        actor=world["police"],
        request=request,
        version=request.version,
        answer="One missing report last month, found the next day.",
    )
    assert Clock.objects.get(subject_id=request.pk).stopped_at is not None


def test_a_challenge_goes_to_the_front_door_manager_on_its_clock(world: World) -> None:
    referral = referral_sent(world)
    challenge = services.challenge_raise(
        actor=world["dsl"], referral=referral, reason="No acknowledgement and the child is missing."
    )
    clock = Clock.objects.get(subject_id=challenge.pk)
    # Two working days: Wednesday closing time.
    assert clock.kind == "challenge-response"
    assert clock.due_at == datetime(2026, 11, 25, 17, tzinfo=UTC)
    with pytest.raises(PermissionDenied):
        services.challenge_answer(
            actor=world["mash"],
            challenge=challenge,
            version=challenge.version,
            answer="Not a manager here.",
        )
    services.challenge_answer(
        actor=world["mash_manager"],
        challenge=challenge,
        version=challenge.version,
        answer="Acknowledged now; a practitioner will call you today.",
    )
    clock.refresh_from_db()
    assert clock.stopped_at is not None
