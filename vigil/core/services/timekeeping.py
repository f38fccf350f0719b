"""Starting, stopping and ticking the persistent clocks.

A capability starts a clock when PROCESS.md (Timescales) says one starts, from inside its own
service (which has already checked that the actor may act on the record), and stops it when the
limited thing is done. `clocks_tick` (run by `vigil tick` and every minute by `vigil worker`)
warns the holder at 75% and, when the clock is overdue, escalates to the managers of the
acting organisation. Each warning and each escalation happens once: a clock is claimed by a
conditional update before anyone is told, so two ticks at once never notify twice.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import Membership, Organisation, Person, Role
from vigil.accounts.policy import DSL_ROLES
from vigil.audit.services import SYSTEM, ActorLike, Entry, audit_event_record, audit_events_record
from vigil.core import clock_kinds
from vigil.core.clock_store import Claimed, clocks_claim
from vigil.core.clocks import ClockRule, Deadline, deadline, due_on_date
from vigil.core.models import Clock
from vigil.core.selectors import clock_rule, partnership_get, working_calendar_for
from vigil.notifications.services import notifications_send_many

BATCH = 1000


class ClockError(ValueError):
    pass


def _roles_for(holder_role: str) -> list[str]:
    """A clock held by the DSL role is held by the DSLs and their deputies."""
    return sorted(DSL_ROLES) if holder_role in DSL_ROLES else [holder_role]


def _moments(
    kind: str,
    organisation: Organisation,
    started: datetime,
    due_on: date | None,
    rule: ClockRule | None,
    due_at: datetime | None = None,
) -> tuple[str, int, Deadline]:
    """How the clock counts, and when it warns and falls due, with the organisation's calendar.

    A date-only limit, and a due moment someone set, warn when three quarters of the time
    until them have passed.
    """
    if due_at is not None:
        return "moment", 1, Deadline(due=due_at, warn_at=started + (due_at - started) * 3 / 4)
    partnership = partnership_get()
    calendar = working_calendar_for(organisation, partnership)
    if due_on is not None:
        due = due_on_date(due_on, calendar)
        return "date", 1, Deadline(due=due, warn_at=started + (due - started) * 3 / 4)
    rule = rule or clock_rule(kind, partnership)
    return rule.counts, rule.n, deadline(rule, started, calendar)


def clock_start(
    *,
    actor: ActorLike,
    kind: str,
    subject_type: str,
    subject_id: uuid.UUID,
    organisation: Organisation,
    link: str,
    holder: Person | None = None,
    holder_role: str = "",
    start: datetime | None = None,
    due_on: date | None = None,
    rule: ClockRule | None = None,
    due_at: datetime | None = None,
) -> Clock:
    """Start a clock on a record, counted with the acting organisation's calendar.

    The rule is the partnership's for `kind` unless given; `due_on` makes a date-only limit
    (a screening review), due at closing time on that date or the next working day; `due_at`
    a limit at a moment someone set (a partner agency's answer to a MASH request).
    """
    if holder is None and not holder_role:
        raise ClockError("A clock needs someone to hold it: a person or a role.")
    started = start or timezone.now()
    if due_at is not None and due_at <= started:
        raise ClockError("A clock must fall due after it starts.")
    counts, n, moments = _moments(kind, organisation, started, due_on, rule, due_at)
    with transaction.atomic():
        clock = Clock.objects.create(
            kind=kind,
            subject_type=subject_type,
            subject_id=subject_id,
            organisation=organisation,
            holder=holder,
            holder_role=holder_role,
            link=link,
            counts=counts,
            n=n,
            started_at=started,
            warn_at=moments.warn_at,
            due_at=moments.due,
        )
        audit_event_record(
            actor=actor,
            verb="clock.start",
            object_type="clock",
            object_id=clock.pk,
            details={"kind": kind, "subject_type": subject_type, "subject_id": str(subject_id)},
        )
    return clock


def clock_stop(*, actor: ActorLike, clock: Clock, reason: str) -> bool:
    """Stop a running clock (the limited thing was done). False if it had already stopped."""
    now = timezone.now()
    with transaction.atomic():
        stopped = Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(
            stopped_at=now, stop_reason=reason[:200]
        )
        if stopped:
            audit_event_record(
                actor=actor,
                verb="clock.stop",
                object_type="clock",
                object_id=clock.pk,
                details={"kind": clock.kind, "late": now > clock.due_at},
            )
    clock.refresh_from_db()
    return bool(stopped)


def clocks_stop_for(
    *, actor: ActorLike, subject_type: str, subject_id: uuid.UUID, kinds: list[str], reason: str
) -> int:
    """Stop the running clocks of these kinds on a record."""
    running = Clock.objects.filter(
        subject_type=subject_type, subject_id=subject_id, kind__in=kinds, stopped_at__isnull=True
    )
    return sum(clock_stop(actor=actor, clock=clock, reason=reason) for clock in running)


# The tick -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TickReport:
    warned: int
    escalated: int
    notifications: int


def _members(
    clocks: list[Claimed], roles: set[str]
) -> dict[tuple[uuid.UUID, str], list[uuid.UUID]]:
    """Current, active holders of each role at each organisation the clocks belong to."""
    found: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = defaultdict(list)
    rows = Membership.objects.filter(
        organisation_id__in={c.organisation_id for c in clocks},
        role__in=roles,
        ended_at__isnull=True,
        person__is_active=True,
    ).values_list("organisation_id", "role", "person_id")
    for organisation_id, role, person_id in rows:
        found[(organisation_id, role)].append(person_id)
    return found


def _holders(
    clock: Claimed, members: dict[tuple[uuid.UUID, str], list[uuid.UUID]]
) -> list[uuid.UUID]:
    if clock.holder_id:
        return [clock.holder_id]
    return [
        p for role in _roles_for(clock.holder_role) for p in members[(clock.organisation_id, role)]
    ]


def _notify(clocks: list[Claimed], overdue: bool) -> int:
    roles: set[str] = {Role.MANAGER} if overdue else set()
    for clock in clocks:
        roles.update(_roles_for(clock.holder_role) if clock.holder_role else [])
    members = _members(clocks, roles)
    items = []
    for clock in clocks:
        recipients = _holders(clock, members)
        if overdue:
            recipients += members[(clock.organisation_id, Role.MANAGER)]
        title = (clock_kinds.overdue_title if overdue else clock_kinds.warning_title)(clock.kind)
        event = "overdue" if overdue else "warn"
        items.append((recipients, f"clock-{event}", title, clock.link, f"clock:{clock.pk}:{event}"))
    return notifications_send_many(items=items)


def _tick_batch(now: datetime, overdue: bool) -> tuple[int, int]:
    with transaction.atomic():
        clocks = clocks_claim("overdue" if overdue else "warn", now, BATCH)
        if not clocks:
            return 0, 0
        sent = _notify(clocks, overdue)
        if overdue:
            entries = [
                Entry(SYSTEM, "clock.overdue", "clock", c.pk, {"kind": c.kind}) for c in clocks
            ]
            audit_events_record(entries=entries)
    return len(clocks), sent


def clocks_tick(*, now: datetime | None = None) -> TickReport:
    """Evaluate every open clock once: escalate the overdue, then warn those past 75%."""
    moment = now or timezone.now()
    totals = {True: 0, False: 0}
    notifications = 0
    for overdue in (True, False):
        while True:
            count, sent = _tick_batch(moment, overdue)
            totals[overdue] += count
            notifications += sent
            if count < BATCH:
                break
    return TickReport(warned=totals[False], escalated=totals[True], notifications=notifications)
