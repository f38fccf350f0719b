"""Each referral clock falls due where PROCESS.md (Timescales) and CLOCKS.md say, as the
product starts it: across weekends, bank holidays (Christmas, Easter Monday), the clock
changes and the front door's own closures; and the tick warns and escalates it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from tests.conftest import World
from tests.factories import referral_sent
from vigil.core.models import Clock, Closure
from vigil.core.services.timekeeping import clocks_tick
from vigil.notifications.models import Notification
from vigil.referrals import services

pytestmark = pytest.mark.django_db


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _due(referral, kind: str) -> datetime:
    return Clock.objects.get(subject_id=referral.pk, kind=kind).due_at


def _sent_at(world: World, moment: str):
    with time_machine.travel(moment, tick=False):
        return referral_sent(world)


def _rated(world: World, referral, rating: str, moment: str):
    with time_machine.travel(moment, tick=False):
        return services.referral_acknowledge(
            actor=world["mash"],
            referral=referral,
            version=referral.version,
            rating=rating,
            reason="Rated on receipt from the screening and the details.",
        )


def test_received_friday_evening_the_front_door_has_until_tuesday(world: World) -> None:
    # Friday 27 November 2026, 18:30 GMT: the start day is Monday; one working day on.
    referral = _sent_at(world, "2026-11-27T18:30:00+00:00")
    assert _due(referral, "mash-acknowledge") == _utc(2026, 12, 1, 17)
    assert _due(referral, "mash-decision") == _utc(2026, 12, 1, 17)
    assert referral.next_due_at == _utc(2026, 12, 1, 17)


def test_christmas_and_boxing_day_observed_are_not_working_days(world: World) -> None:
    # Thursday 24 December 2026, 16:30: Christmas Day, the weekend and Boxing Day (observed on
    # Monday 28th) pass before the one working day is counted.
    referral = _sent_at(world, "2026-12-24T16:30:00+00:00")
    assert _due(referral, "mash-decision") == _utc(2026, 12, 29, 17)


def test_the_front_doors_own_closure_moves_its_clocks_on(world: World) -> None:
    Closure.objects.create(
        organisation=world.mash,
        first_day=date(2026, 12, 29),
        last_day=date(2026, 12, 29),
        description="Front door training day",
    )
    referral = _sent_at(world, "2026-12-24T16:30:00+00:00")
    # CLOCKS.md section 4's example, counted with the MASH's calendar.
    assert _due(referral, "mash-decision") == _utc(2026, 12, 30, 17)


def test_a_school_closure_does_not_move_the_front_doors_clock(world: World) -> None:
    Closure.objects.create(
        organisation=world.school,
        first_day=date(2026, 12, 29),
        last_day=date(2026, 12, 29),
        description="School staff training day",
    )
    referral = _sent_at(world, "2026-12-24T16:30:00+00:00")
    assert _due(referral, "mash-decision") == _utc(2026, 12, 29, 17)


def test_green_counts_three_working_days_past_easter_and_into_summer_time(world) -> None:
    # Thursday 25 March 2027: Good Friday and Easter Monday are bank holidays, and the clocks go
    # forward on Sunday 28th; due at 17:00 London time on Thursday 1 April, 16:00 UTC.
    referral = _sent_at(world, "2027-03-25T10:00:00+00:00")
    _rated(world, referral, "green", "2027-03-25T11:00:00+00:00")
    assert _due(referral, "rag-green") == _utc(2027, 4, 1, 16)


def test_red_is_four_hours_around_the_clock_from_receipt_even_at_the_clock_change(world) -> None:
    # Sent at 00:30 GMT on Sunday 28 March 2027; at 01:00 the clocks go forward an hour.
    referral = _sent_at(world, "2027-03-28T00:30:00+00:00")
    _rated(world, referral, "red", "2027-03-28T01:30:00+00:00")
    assert _due(referral, "rag-red") == _utc(2027, 3, 28, 4, 30)
    # Nobody named yet: three hours from the rating to allocate a worker.
    assert _due(referral, "allocate-high-risk") == _utc(2027, 3, 28, 4, 30)


def test_amber_runs_from_receipt_not_from_the_rating(world: World) -> None:
    # Received Monday 10:00, rated the next morning: still due on Tuesday at 17:00.
    referral = _sent_at(world, "2026-11-23T10:00:00+00:00")
    _rated(world, referral, "amber", "2026-11-24T09:30:00+00:00")
    assert _due(referral, "rag-amber") == _utc(2026, 11, 24, 17)


def test_a_challenge_is_answered_within_two_working_days(world: World) -> None:
    referral = _sent_at(world, "2026-12-23T12:00:00+00:00")
    with time_machine.travel("2026-12-23T12:00:00+00:00", tick=False):
        challenge = services.challenge_raise(
            actor=world["dsl"], referral=referral, reason="The child was missing again last night."
        )
    # Wednesday 23rd, then 24th (1); Christmas, weekend, Boxing Day observed; 29th (2).
    assert Clock.objects.get(subject_id=challenge.pk).due_at == _utc(2026, 12, 29, 17)


def test_the_tick_warns_the_front_door_then_escalates_to_its_manager(world: World) -> None:
    referral = _sent_at(world, "2026-11-23T10:00:00+00:00")
    due = _due(referral, "mash-acknowledge")
    warn_at = Clock.objects.get(subject_id=referral.pk, kind="mash-acknowledge").warn_at
    clocks_tick(now=warn_at + timedelta(minutes=1))
    warned = Notification.objects.filter(title__startswith="A deadline is near")
    assert {n.recipient.username for n in warned} == {"mash"}
    clocks_tick(now=due + timedelta(minutes=1))
    overdue = Notification.objects.filter(title__startswith="A deadline has passed")
    assert "mashmanager" in {n.recipient.username for n in overdue}
    # The escalation carries no case detail: the kind of deadline and a link.
    assert all(str(referral.pk) in n.link for n in overdue)
    assert all(referral.child.family_name not in n.title for n in overdue)


def test_the_referral_page_shows_each_limit_as_it_falls_due(world: World) -> None:
    from tests.conftest import signed_in

    referral = _sent_at(world, "2026-11-27T18:30:00+00:00")
    with time_machine.travel("2026-12-02T09:00:00+00:00", tick=False):
        page = signed_in(world["mash"]).get(f"/referrals/{referral.pk}/")
        limits = page.content.decode().split('data-testid="time-limits"')[1].split("</table>")[0]
    assert "MASH acknowledgement of a referral" in limits
    assert "Fri 27 Nov 2026, 18:30" in limits and "Tue 1 Dec 2026, 17:00" in limits
    assert "Overdue" in limits
