"""Reads of the partnership's configuration and of clocks."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from vigil.accounts import policy
from vigil.accounts.models import Organisation, Person, Role
from vigil.core.bank_holidays import bank_holidays
from vigil.core.calendar import EVERY_DAY, OpeningHours, WorkingCalendar
from vigil.core.clocks import DEFAULT_RULES, ClockRule
from vigil.core.models import Clock, Closure, Partnership

# A closure longer than this is a mistake in the data, not a school holiday.
LONGEST_CLOSURE_DAYS = 400


def partnership_get() -> Partnership | None:
    return Partnership.objects.first()


def clock_rule(kind: str, partnership: Partnership | None = None) -> ClockRule:
    """The partnership's rule for a clock: its override, else the default of CLOCKS.md."""
    partnership = partnership or partnership_get()
    override = (partnership.clock_rules if partnership else {}).get(kind)
    if override:
        return ClockRule(override["counts"], int(override["n"]))
    return DEFAULT_RULES[kind]


def _closure_days(organisation: Organisation | None) -> frozenset[date]:
    owners = Q(organisation__isnull=True)
    if organisation is not None:
        owners |= Q(organisation=organisation)
    days: set[date] = set()
    for first, last in Closure.objects.filter(owners).values_list("first_day", "last_day"):
        span = min((last - first).days, LONGEST_CLOSURE_DAYS)
        days.update(first + timedelta(days=offset) for offset in range(span + 1))
    return frozenset(days)


def working_calendar_for(
    organisation: Organisation | None, partnership: Partnership | None = None
) -> WorkingCalendar:
    """The calendar a clock counts with: the acting organisation's opening hours (or the
    partnership's), the partnership's closures plus its own, and the partnership's bank
    holidays. An around-the-clock team works every hour of every day (CLOCKS.md 1)."""
    if organisation is not None and organisation.around_the_clock:
        return WorkingCalendar(opening=OpeningHours(time(0, 0), None), working_weekdays=EVERY_DAY)
    partnership = partnership or partnership_get()
    opens = partnership.opening_from if partnership else time(9, 0)
    closes = partnership.opening_to if partnership else time(17, 0)
    if organisation is not None and organisation.opening_from and organisation.opening_to:
        opens, closes = organisation.opening_from, organisation.opening_to
    region = partnership.holiday_region if partnership else "ENG"
    return WorkingCalendar(
        opening=OpeningHours(opens, closes),
        closures=_closure_days(organisation),
        bank_holidays=bank_holidays(region),
    )


def closures_for(organisation: Organisation | None) -> QuerySet[Closure]:
    return Closure.objects.filter(organisation=organisation).order_by("first_day")


def clocks_visible_to(*, actor: Person) -> QuerySet[Clock]:
    """Open clocks the person holds or must watch: their own, their role's at their
    organisations, and every clock of the organisations they manage. No case detail."""
    mine = Q(holder=actor)
    for role in policy.roles(actor):
        group = sorted(policy.DSL_ROLES) if role in policy.DSL_ROLES else [role]
        orgs = policy.organisations_where(actor, role)
        mine |= Q(holder_role__in=group, organisation_id__in=orgs)
    managed = policy.organisations_where(actor, Role.MANAGER)
    mine |= Q(organisation_id__in=managed)
    return (
        Clock.objects.filter(mine, stopped_at__isnull=True)
        .select_related("organisation", "holder")
        .order_by("due_at")
    )


def clock_state(clock: Clock, now: datetime | None = None) -> str:
    """`overdue`, `due-soon` (past its warning), `running`, `met` or `met-late`."""
    moment = now or timezone.now()
    if clock.stopped_at is not None:
        return "met-late" if clock.stopped_at > clock.due_at else "met"
    if moment >= clock.due_at:
        return "overdue"
    return "due-soon" if moment >= clock.warn_at else "running"
