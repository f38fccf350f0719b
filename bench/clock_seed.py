"""A partnership with many open clocks, seeded in bulk, for the tick to evaluate.

The partnership is `tests.conftest.build_world()` (a team, a MASH, two schools, police, someone
in every role) plus more schools, each with a designated safeguarding lead, a deputy and a
manager. Clocks are held at "desks": the DSLs of a school, the MASH practitioners, or a named
person. Import only once Django is set up.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from harness import Progress

from tests.conftest import build_world
from tests.factories import SchoolFactory, person_with
from vigil.accounts.models import Role
from vigil.core.clocks import DEFAULT_RULES, ClockRule
from vigil.core.models import Clock

BATCH = 5_000
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Desk:
    """Who holds a clock: everyone in a role at an organisation, or one named person."""

    organisation_id: uuid.UUID
    holder_role: str
    holder_id: uuid.UUID | None
    kinds: tuple[str, ...]
    weight: int


@dataclass(frozen=True)
class Mix:
    """Shares of open clocks by where they stand when the tick runs.

    `already_told` is the share of those past their warning (or overdue) that an earlier tick
    has already warned (or escalated), as in a worker that has been running all along.
    """

    due_soon: float  # past the warning, not yet due
    overdue: float
    already_told: float

    def stand(self, draw: float) -> str:
        if draw < self.overdue:
            return "overdue"
        return "due-soon" if draw < self.overdue + self.due_soon else "running"


# Most clocks are not yet at their warning; some are past it; a few are overdue.
STEADY = Mix(due_soon=0.12, overdue=0.08, already_told=0.5)
# Every clock reaches its warning at the same moment, and none has been warned.
ALL_AT_WARNING = Mix(due_soon=1.0, overdue=0.0, already_told=0.0)


def partnership_seed(extra_schools: int = 10) -> list[Desk]:
    """build_world() plus `extra_schools` schools; returns the desks clocks are held at."""
    world = build_world()
    schools = [world.school, world.other_school]
    for number in range(extra_schools):
        school = SchoolFactory(name=f"Example Academy {number}")
        for role in (Role.DSL, Role.DEPUTY_DSL, Role.MANAGER):
            person_with(role, school)
        schools.append(school)
    dsl_kinds = ("dsl-triage", "dsl-triage-urgent", "challenge-response")
    mash_kinds = ("mash-acknowledge", "mash-decision", "rag-red", "rag-amber", "rag-green")
    desks = [Desk(school.pk, Role.DSL, None, dsl_kinds, 4) for school in schools]
    return [
        *desks,
        Desk(world.mash.pk, Role.MASH, None, mash_kinds, 30),
        Desk(world.mash.pk, "", world["mash_manager"].pk, ("allocate-high-risk", "icpc"), 10),
        Desk(world.mash.pk, "", world["mash"].pk, ("assessment",), 5),
        Desk(world.police.pk, "", world["police"].pk, ("return-home-interview",), 5),
    ]


def _span(rule: ClockRule) -> timedelta:
    """A clock's length in elapsed time, roughly: the tick only compares the moments fixed at
    the start with now, so how working time was counted changes nothing it does."""
    if rule.counts == "working-days":
        return timedelta(days=rule.n * 7 / 5)
    return timedelta(hours=rule.n)


def _elapsed(stand: str, span: timedelta, rng: random.Random) -> timedelta:
    """How long ago the clock started, so that it stands where asked with a safe margin: a
    running clock is at least 30 minutes from its warning, a due-soon one 10 from its due."""
    warning = span * 3 / 4
    if stand == "running":
        return max(warning - 30 * MINUTE, timedelta(0)) * rng.random()
    if stand == "due-soon":
        return warning + MINUTE + (span - warning - 11 * MINUTE) * rng.random()
    return span + MINUTE + timedelta(days=3) * rng.random()


def _clock(desk: Desk, stand: str, told: bool, now: datetime, rng: random.Random) -> Clock:
    kind = rng.choice(desk.kinds)
    rule = DEFAULT_RULES[kind]
    span = _span(rule)
    started = now - _elapsed(stand, span, rng)
    warn_at, due_at = started + span * 3 / 4, started + span
    clock = Clock(
        kind=kind,
        subject_type="concern",
        subject_id=uuid.UUID(int=rng.getrandbits(128)),
        organisation_id=desk.organisation_id,
        holder_id=desk.holder_id,
        holder_role=desk.holder_role,
        link="/concerns/example/",
        counts=rule.counts,
        n=rule.n,
        started_at=started,
        warn_at=warn_at,
        due_at=due_at,
    )
    if told and stand != "running":
        clock.warned_at = warn_at
        clock.escalated_at = due_at + MINUTE if stand == "overdue" else None
    return clock


@dataclass(frozen=True)
class Expected:
    """What the next tick must do with the seeded clocks."""

    to_warn: int
    to_escalate: int


def _clocks(desks: list[Desk], size: int, mix: Mix, now: datetime) -> Iterator[Clock]:
    rng = random.Random(size)  # the same clocks for the same size, so that runs compare
    weights = [desk.weight for desk in desks]
    for _ in range(size):
        desk = rng.choices(desks, weights)[0]
        stand = mix.stand(rng.random())
        yield _clock(desk, stand, rng.random() < mix.already_told, now, rng)


def clocks_seed(desks: list[Desk], size: int, mix: Mix, now: datetime) -> Expected:
    """Insert `size` open clocks standing as `mix` says at `now`; say what the tick must do."""
    progress = Progress("seeding clocks", size)
    to_warn = to_escalate = done = 0
    batch: list[Clock] = []
    for clock in _clocks(desks, size, mix, now):
        to_escalate += clock.due_at <= now and clock.escalated_at is None
        to_warn += clock.warn_at <= now < clock.due_at and clock.warned_at is None
        batch.append(clock)
        if len(batch) == BATCH:
            done += _insert(batch)
            progress.update(done)
            batch = []
    done += _insert(batch)
    progress.update(done)
    return Expected(to_warn, to_escalate)


def _insert(batch: list[Clock]) -> int:
    with transaction.atomic():
        Clock.objects.bulk_create(batch)
    return len(batch)
