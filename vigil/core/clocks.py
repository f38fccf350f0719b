"""The clocks: the statutory and local time limits, and when each falls due and warns.

The clock ids, their default counts and the counting rules are fixed by `CLOCKS.md` (sections 2
and 3); the timescales behind them are in `PROCESS.md` (Timescales). A partnership may change a
clock's count and length in its configuration, which is why a rule is passed in rather than
looked up here.

Moments are computed exactly (to the microsecond) and only the result is rounded down to the
whole second, in UTC.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import MappingProxyType
from typing import Final, Literal, get_args

from vigil.core.calendar import WorkingCalendar, run_out

Counts = Literal["working-hours", "working-days", "calendar-hours"]
COUNTS: Final[tuple[Counts, ...]] = get_args(Counts)
# The contract's bound on a clock's length (CLOCKS.md 4); also a sane bound for configuration.
LONGEST: Final = 1000

# The warning comes at 75% of a clock's span, counted its own way (CLOCKS.md 2).
_WARN_NUMERATOR, _WARN_DENOMINATOR = 3, 4


@dataclass(frozen=True)
class ClockRule:
    """How a clock counts (`counts`) and how long it runs (`n` hours or working days)."""

    counts: Counts
    n: int

    def __post_init__(self) -> None:
        if self.counts not in COUNTS:
            raise ValueError(f"A clock counts one of {', '.join(COUNTS)}, not {self.counts!r}.")
        if isinstance(self.n, bool) or not isinstance(self.n, int) or not 1 <= self.n <= LONGEST:
            raise ValueError(f"A clock's length is a whole number from 1 to {LONGEST}.")


_WORKING_DAYS: Final = "working-days"
_WORKING_HOURS: Final = "working-hours"
_CALENDAR_HOURS: Final = "calendar-hours"

# CLOCKS.md section 3, in table order.
DEFAULT_RULES: Final[Mapping[str, ClockRule]] = MappingProxyType(
    {
        "dsl-triage": ClockRule(_WORKING_DAYS, 1),
        "dsl-triage-urgent": ClockRule(_WORKING_HOURS, 1),
        "mash-acknowledge": ClockRule(_WORKING_DAYS, 1),
        "mash-decision": ClockRule(_WORKING_DAYS, 1),
        "rag-red": ClockRule(_CALENDAR_HOURS, 4),
        "rag-amber": ClockRule(_WORKING_DAYS, 1),
        "rag-green": ClockRule(_WORKING_DAYS, 3),
        "return-home-interview": ClockRule(_CALENDAR_HOURS, 72),
        "assessment": ClockRule(_WORKING_DAYS, 45),
        "icpc": ClockRule(_WORKING_DAYS, 15),
        "allocate-high-risk": ClockRule(_CALENDAR_HOURS, 3),
        "challenge-response": ClockRule(_WORKING_DAYS, 2),
    }
)
CLOCK_IDS: Final[tuple[str, ...]] = tuple(DEFAULT_RULES)


@dataclass(frozen=True)
class Deadline:
    """When a clock falls due and when it warns: aware UTC, rounded down to the second."""

    due: datetime
    warn_at: datetime


def deadline(rule: ClockRule, start: datetime, calendar: WorkingCalendar) -> Deadline:
    """When a clock started at `start` (aware, any time zone) falls due and warns (CLOCKS.md 2).

    Calendar hours ignore the calendar; the working counts use its days and opening hours.
    """
    if start.tzinfo is None:
        raise ValueError("A clock's start must carry its time zone (an aware datetime).")
    if rule.counts == _CALENDAR_HOURS:
        due, warn_at = _calendar_hours(rule.n, start)
    elif rule.counts == _WORKING_HOURS:
        due, warn_at = _working_hours(rule.n, start, calendar)
    else:
        due, warn_at = _working_days(rule.n, start, calendar)
    return Deadline(due=_whole_second(due), warn_at=_whole_second(warn_at))


def due_on_date(day: date, calendar: WorkingCalendar) -> datetime:
    """When a date-only limit (such as a screening's `review_by`) falls due (CLOCKS.md 3).

    Closing time on that date, or on the next working day when the date is not one; UTC.
    """
    return _whole_second(calendar.closing_moment(calendar.working_day_on_or_after(day)))


def _calendar_hours(n: int, start: datetime) -> tuple[datetime, datetime]:
    """Elapsed time, whatever the day, the hour or the clock change: UTC arithmetic."""
    start = start.astimezone(UTC)
    return start + timedelta(hours=n), start + _three_quarters(timedelta(hours=n))


def _working_hours(n: int, start: datetime, calendar: WorkingCalendar) -> tuple[datetime, datetime]:
    """N hours of opening time from the effective start; the warning after 0.75 N of them."""
    effective = calendar.effective_start(start)
    span = timedelta(hours=n)
    due = calendar.add_working_time(effective, span)
    return due, calendar.add_working_time(effective, _three_quarters(span))


def _working_days(n: int, start: datetime, calendar: WorkingCalendar) -> tuple[datetime, datetime]:
    """Closing time on the N-th working day after the start day.

    The warning comes when 75% of the opening time between the effective start and the due
    moment has run.
    """
    # The start day's period (from the effective start) and the N working days after it.
    periods = calendar.working_periods(start, n + 1)
    span = sum((period.length for period in periods), timedelta(0))
    return periods[-1].end, run_out(periods, _three_quarters(span))


def _three_quarters(span: timedelta) -> timedelta:
    # Integer microseconds, floored: exact, and flooring a microsecond never changes the
    # second that the result is rounded down to.
    return span * _WARN_NUMERATOR // _WARN_DENOMINATOR


def _whole_second(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(microsecond=0)
