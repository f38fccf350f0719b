"""The return home interview's clock: 72 calendar hours from the return (CLOCKS.md: "Due is
the start moment plus N hours of elapsed time, whatever the day, the hour or the clock
change"), warned at 75% to the DSLs and escalated when overdue to the school's managers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import World, signed_in
from tests.factories import child_in
from tests.missing.cases import interviewed, reported, returned
from vigil.core.models import Clock
from vigil.core.services.timekeeping import clocks_tick
from vigil.missing import rules
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def _returned_at(world: World, went: str, back: str, now: str):
    child = child_in(world.school, world["staff"], given_names="Testkit", family_name="Example")
    with time_machine.travel(now, tick=False):
        episode = reported(world, child, went)
        returned(world, episode, back)
    return episode, Clock.objects.get(subject_id=episode.pk, kind="return-home-interview")


def test_across_the_autumn_clock_change_72_hours_are_72_hours(world: World) -> None:
    # Friday 23 October 2026, 12:00 BST; the clocks go back at 02:00 on Sunday 25th.
    episode, clock = _returned_at(
        world, "2026-10-22T20:00:00+01:00", "2026-10-23T12:00:00+01:00", "2026-10-23T12:30:00+01:00"
    )
    assert clock.due_at == _utc(2026, 10, 26, 11)  # Monday 11:00 GMT, not 12:00
    assert clock.warn_at == _utc(2026, 10, 25, 17)
    assert clock.counts == "calendar-hours" and clock.n == 72
    with time_machine.travel("2026-10-24T09:00:00+01:00", tick=False):
        page = signed_in(world["dsl"]).get(f"/missing/episodes/{episode.pk}/")
    shown = page.content.decode().split('data-testid="interview-due"')[1].split("</dd>")[0]
    assert "Monday 26 October 2026, 11:00" in shown
    assert "50 hours left" not in shown and "2 days 3 hours left" in shown


def test_across_the_spring_clock_change_72_hours_are_72_hours(world: World) -> None:
    # Friday 26 March 2027, 12:00 GMT; the clocks go forward at 01:00 on Sunday 28th.
    _, clock = _returned_at(
        world, "2027-03-25T22:00:00+00:00", "2027-03-26T12:00:00+00:00", "2027-03-26T13:00:00+00:00"
    )
    assert clock.due_at == _utc(2027, 3, 29, 12)  # Monday 13:00 BST
    assert timezone.localtime(clock.due_at).hour == 13


def test_the_tick_warns_the_dsls_then_escalates_to_the_schools_managers(world: World) -> None:
    episode, clock = _returned_at(
        world, "2026-11-22T18:00:00+00:00", "2026-11-23T07:15:00+00:00", "2026-11-23T08:00:00+00:00"
    )
    with time_machine.travel(clock.warn_at + timedelta(minutes=1), tick=False):
        clocks_tick()
    warned = Notification.objects.filter(kind="clock-warn")
    assert {n.recipient.username for n in warned} == {"dsl", "deputy"}
    with time_machine.travel(clock.due_at + timedelta(minutes=1), tick=False):
        report = clocks_tick()
    assert report.escalated == 1
    overdue = Notification.objects.filter(kind="clock-overdue")
    assert {n.recipient.username for n in overdue} == {"dsl", "deputy", "manager"}
    assert {n.title for n in overdue} == {"A deadline has passed: return home interview"}
    assert {n.link for n in overdue} == {f"/missing/episodes/{episode.pk}/"}


def test_declined_before_the_deadline_is_never_escalated(world: World) -> None:
    episode, clock = _returned_at(
        world, "2026-11-22T18:00:00+00:00", "2026-11-23T07:15:00+00:00", "2026-11-23T08:00:00+00:00"
    )
    with time_machine.travel("2026-11-24T09:00:00+00:00", tick=False):
        interviewed(world, episode, rules.DECLINED, "2026-11-24T08:30:00+00:00")
    report = clocks_tick(now=clock.due_at + timedelta(hours=1))
    assert report.escalated == 0 and report.warned == 0
    clock.refresh_from_db()
    assert clock.stopped_at == _utc(2026, 11, 24, 9)
