"""Clocks that features start and stop: counted with the acting organisation's calendar and
the partnership's overrides; warned at 75%, escalated when overdue, once each."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection

from tests.conftest import build_world
from vigil.accounts.models import Role
from vigil.audit.models import AuditEvent
from vigil.audit.verification import audit_chain_verify
from vigil.core.models import Clock, Partnership
from vigil.core.selectors import clock_state, clocks_visible_to
from vigil.core.services.partnership import closure_add
from vigil.core.services.timekeeping import clock_start, clock_stop, clocks_tick
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db

# Monday 7 December 2026, 10:00 in London (GMT).
MONDAY_10 = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def start(world, kind="dsl-triage", organisation=None, at=MONDAY_10, **extra) -> Clock:
    return clock_start(
        actor="system",
        kind=kind,
        subject_type="concern",
        subject_id=uuid.uuid4(),
        organisation=organisation or world.school,
        link="/concerns/example/",
        start=at,
        **({"holder_role": Role.DSL} | extra),
    )


def test_a_clock_counts_with_the_partnership_calendar(world) -> None:
    clock = start(world)
    assert clock.due_at == datetime(2026, 12, 8, 17, 0, tzinfo=UTC)  # Tuesday closing
    assert clock.warn_at == datetime(2026, 12, 8, 13, 15, tzinfo=UTC)  # 75% of 15 h
    assert AuditEvent.objects.get(verb="clock.start").object_id == str(clock.pk)


def test_a_clock_counts_with_the_acting_organisations_hours_and_closures(world) -> None:
    school = world.school
    school.opening_from, school.opening_to = time(8, 30), time(16, 30)
    school.save()
    closure_add(
        actor=world["admin"],
        organisation=school,
        first_day=date(2026, 12, 8),
        last_day=date(2026, 12, 8),
        description="Training day",
    )
    clock = start(world)
    assert clock.due_at == datetime(2026, 12, 9, 16, 30, tzinfo=UTC)  # Tuesday closed


def test_a_partnership_closure_applies_to_everyone(world) -> None:
    closure_add(
        actor=world["admin"],
        organisation=None,
        first_day=date(2026, 12, 8),
        last_day=date(2026, 12, 8),
        description="Partnership shutdown",
    )
    assert start(world).due_at == datetime(2026, 12, 9, 17, 0, tzinfo=UTC)


def test_an_around_the_clock_team_works_every_hour(world) -> None:
    world.police.around_the_clock = True
    world.police.save()
    saturday_noon = datetime(2026, 12, 12, 12, 0, tzinfo=UTC)
    clock = start(world, kind="dsl-triage-urgent", organisation=world.police, at=saturday_noon)
    assert clock.due_at == datetime(2026, 12, 12, 13, 0, tzinfo=UTC)


def test_the_partnerships_override_is_used(world) -> None:
    Partnership.objects.update(clock_rules={"dsl-triage": {"counts": "working-hours", "n": 4}})
    clock = start(world)
    assert (clock.counts, clock.n) == ("working-hours", 4)
    assert clock.due_at == datetime(2026, 12, 7, 14, 0, tzinfo=UTC)


def test_a_date_only_clock_is_due_at_closing_on_the_next_working_day(world) -> None:
    clock = start(world, kind="screening-review", due_on=date(2026, 12, 26))  # Boxing Day, Saturday
    assert clock.due_at == datetime(2026, 12, 29, 17, 0, tzinfo=UTC)  # 28th is the substitute


def test_warn_then_escalate_once_each(world) -> None:
    clock = start(world)
    with time_machine.travel(clock.warn_at - timedelta(seconds=1), tick=False):
        assert clocks_tick().warned == 0
    with time_machine.travel(clock.warn_at, tick=False):
        report = clocks_tick()
        assert (report.warned, report.escalated) == (1, 0)
        assert clocks_tick().warned == 0  # idempotent
    warned = set(
        Notification.objects.filter(key=f"clock:{clock.pk}:warn").values_list(
            "recipient__username", flat=True
        )
    )
    assert warned == {"dsl", "deputy"}
    with time_machine.travel(clock.due_at + timedelta(minutes=1), tick=False):
        assert clock_state(Clock.objects.get(pk=clock.pk)) == "overdue"
        report = clocks_tick()
        assert report.escalated == 1
        assert clocks_tick().escalated == 0
    told = set(
        Notification.objects.filter(key=f"clock:{clock.pk}:overdue").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"dsl", "deputy", "manager"}  # the holders and the school's manager
    assert AuditEvent.objects.filter(verb="clock.overdue", object_id=str(clock.pk)).count() == 1


def test_a_named_holder_is_warned_alone(world) -> None:
    clock = start(world, holder=world["mash"], holder_role="", organisation=world.mash)
    with time_machine.travel(clock.warn_at, tick=False):
        clocks_tick()
    assert list(Notification.objects.values_list("recipient__username", flat=True)) == ["mash"]


def test_an_overdue_clock_found_late_is_escalated_without_a_warning_first(world) -> None:
    clock = start(world)
    with time_machine.travel(clock.due_at + timedelta(days=2), tick=False):
        report = clocks_tick()
    assert (report.warned, report.escalated) == (0, 1)
    assert not Notification.objects.filter(key=f"clock:{clock.pk}:warn").exists()


def test_a_stopped_clock_never_warns(world) -> None:
    clock = start(world)
    assert clock_stop(actor=world["dsl"], clock=clock, reason="decided")
    assert not clock_stop(actor=world["dsl"], clock=clock, reason="again")
    with time_machine.travel(clock.due_at + timedelta(days=1), tick=False):
        assert clocks_tick() == clocks_tick()
        assert Notification.objects.count() == 0
    assert clock_state(Clock.objects.get(pk=clock.pk)) == "met"


@pytest.mark.django_db(transaction=True)
def test_notifications_are_emailed_once_with_no_case_detail() -> None:
    """Through the real queue: `vigil tick` twice, then the worker (twice) sends the e-mail."""
    world = build_world()
    clock = start(world)
    with time_machine.travel(clock.warn_at, tick=False):
        call_command("tick")
        call_command("tick")
    call_command("db_worker", batch=True, verbosity=0)
    call_command("db_worker", batch=True, verbosity=0)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "deputy@testshire.example",
        "dsl@testshire.example",
    ]
    body = mail.outbox[0].body
    assert "http://127.0.0.1:8000/concerns/example/" in body
    assert "A deadline is near" in mail.outbox[0].subject


def test_the_deadlines_list_shows_what_each_person_holds(world) -> None:
    mine = start(world)
    start(world, organisation=world.other_school)
    assert list(clocks_visible_to(actor=world["dsl"])) == [mine]
    assert list(clocks_visible_to(actor=world["manager"])) == [mine]
    assert list(clocks_visible_to(actor=world["staff"])) == []
    assert len(clocks_visible_to(actor=world["other_dsl"])) == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_notify_once() -> None:
    world = build_world()
    clocks = [start(world) for _ in range(30)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def tick() -> None:
        try:
            barrier.wait()
            clocks_tick()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=tick) for _ in range(2)]
    # time-machine moves time for every thread at once: travel once, around both.
    with time_machine.travel(clocks[0].due_at + timedelta(minutes=1), tick=False):
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    assert errors == []
    assert Notification.objects.count() == 30 * 3
    assert AuditEvent.objects.filter(verb="clock.overdue").count() == 30
    assert audit_chain_verify().ok
