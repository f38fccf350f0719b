"""The working-day calendar: which days are working days, and how working time runs.

The rules are those of `CLOCKS.md` section 1. Local time is Europe/London. A working day is one
of the organisation's working weekdays (Monday to Friday by default) that is neither a bank
holiday nor one of the organisation's closure days. Opening hours are the same on every working
day (09:00 to 17:00 local wall-clock time by default).

Working time runs only inside the *opening periods* of working days. Each period is held as a
pair of aware UTC instants, from the opening moment to the closing moment of that day, so that
arithmetic across days is exact to the microsecond. On an ordinary working day (never a clock
change: UK clocks change on Sundays) the elapsed length of a period is its wall-clock length, as
the specification counts it. A calendar that also works on Sundays counts the elapsed time of a
clock-change day, which is what a team working through the night actually has.

The module is pure: bank holidays are injected as any `Container[date]`
(`vigil.core.bank_holidays.bank_holidays("ENG")` in the product).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import islice
from typing import NamedTuple
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MONDAY_TO_FRIDAY = frozenset({0, 1, 2, 3, 4})
EVERY_DAY = frozenset(range(7))

# A calendar whose days are all closed would make every search for a working day endless;
# nothing real closes for this long, so reaching it means the calendar is wrong.
_LONGEST_CLOSURE = timedelta(days=3 * 366)


class NoWorkingDayError(ValueError):
    """The calendar has no working day for years on end: its closures or holidays are wrong."""


@dataclass(frozen=True)
class OpeningHours:
    """The local wall-clock hours of every working day.

    `closes=None` means the end of the day (the next midnight): open all day, as for an
    around-the-clock team.
    """

    opens: time = time(9, 0)
    closes: time | None = time(17, 0)

    def __post_init__(self) -> None:
        zoned = self.opens.tzinfo is not None or (
            self.closes is not None and self.closes.tzinfo is not None
        )
        if zoned:
            raise ValueError("Opening hours are local wall-clock times, without a time zone.")
        if self.closes is not None and self.closes <= self.opens:
            raise ValueError(
                f"Opening time {self.opens} must be before closing time {self.closes}."
            )


class Period(NamedTuple):
    """One working day's opening period, as aware UTC instants: from `start` up to `end`."""

    # A named tuple rather than a dataclass: a clock makes one per working day it walks.
    day: date
    start: datetime
    end: datetime

    @property
    def length(self) -> timedelta:
        return self.end - self.start


@dataclass(frozen=True)
class WorkingCalendar:
    """The working days and opening hours of the organisation that must act (CLOCKS.md 1)."""

    opening: OpeningHours = OpeningHours()
    closures: frozenset[date] = frozenset()
    # Excluded from the hash only because a holiday container need not be hashable.
    bank_holidays: Container[date] = field(default=frozenset(), hash=False)
    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY  # Monday is 0
    # Memos by date ordinal: a clock walks the same days more than once (due, then warning).
    _working: dict[int, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _next: dict[int, date] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _periods: dict[int, Period] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not self.working_weekdays or not self.working_weekdays <= EVERY_DAY:
            raise ValueError("Working weekdays must be a non-empty set drawn from 0 (Monday) to 6.")

    # Days

    def is_working_day(self, day: date) -> bool:
        """A working weekday that is neither a bank holiday nor a closure day."""
        ordinal = day.toordinal()
        known = self._working.get(ordinal)
        if known is None:
            known = (
                day.weekday() in self.working_weekdays
                and day not in self.closures
                and day not in self.bank_holidays
            )
            self._working[ordinal] = known
        return known

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        known = self._next.get(day.toordinal())
        if known is None:
            known = day + timedelta(days=1)
            while not self.is_working_day(known):
                known += timedelta(days=1)
                if known - day > _LONGEST_CLOSURE:
                    raise NoWorkingDayError(f"No working day within three years after {day}.")
            self._next[day.toordinal()] = known
        return known

    def working_day_on_or_after(self, day: date) -> date:
        """`day` itself when it is a working day, otherwise the next working day."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def nth_working_day_after(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n >= 1); `day` itself is not counted."""
        for _ in range(n):
            day = self.next_working_day(day)
        return day

    # Moments of a day

    def opening_moment(self, day: date) -> datetime:
        """The opening time of `day` in London, as an aware UTC instant."""
        return _london_to_utc(day, self.opening.opens)

    def closing_moment(self, day: date) -> datetime:
        """The closing time of `day` in London (the next midnight when open all day), in UTC."""
        if self.opening.closes is None:
            return _london_to_utc(day + timedelta(days=1), time(0, 0))
        return _london_to_utc(day, self.opening.closes)

    def period(self, day: date) -> Period:
        """The opening period of `day` (whether or not it is a working day)."""
        ordinal = day.toordinal()
        known = self._periods.get(ordinal)
        if known is None:
            start = self.opening_moment(day)
            # Opening hours inside a clock change could make the wall-clock end fall before
            # the start; such a day simply has no opening time.
            known = Period(day, start, max(start, self.closing_moment(day)))
            self._periods[ordinal] = known
        return known

    # Working time

    def start_day(self, moment: datetime) -> date:
        """The working day on which a clock started at `moment` begins to run (CLOCKS.md 2).

        The local date of the moment when that is a working day and the moment is before
        closing time; otherwise the next working day.
        """
        day = local_date(moment)
        if self.is_working_day(day) and moment < self.period(day).end:
            return day
        return self.next_working_day(day)

    def effective_start(self, moment: datetime) -> datetime:
        """When working time starts to run for a clock started at `moment` (CLOCKS.md 2).

        The moment itself within opening hours on a working day (opening inclusive, closing
        exclusive); the opening time of that day before opening; otherwise the opening time of
        the next working day. Returned in UTC.
        """
        return max(moment.astimezone(UTC), self.period(self.start_day(moment)).start)

    def periods_from(self, moment: datetime) -> Iterator[Period]:
        """The opening periods of working days from `moment` on, the first cut to begin at it."""
        day = self.start_day(moment)
        first = self.period(day)
        yield Period(day, max(moment.astimezone(UTC), first.start), first.end)
        while True:
            day = self.next_working_day(day)
            yield self.period(day)

    def working_periods(self, moment: datetime, count: int) -> list[Period]:
        """The first `count` opening periods from `moment` on (see `periods_from`)."""
        return list(islice(self.periods_from(moment), count))

    def add_working_time(self, moment: datetime, amount: timedelta) -> datetime:
        """The instant at which `amount` of working time has run since `moment`, in UTC."""
        return run_out(self.periods_from(moment), amount)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """The working time that runs from `start` up to `end`."""
        total = timedelta(0)
        for period in self.periods_from(start):
            if period.start >= end:
                return total
            total += min(period.end, end) - period.start
        raise AssertionError("unreachable: periods_from never ends")  # pragma: no cover


def run_out(periods: Iterable[Period], amount: timedelta) -> datetime:
    """The instant at which `amount` of working time has run through `periods`, in order.

    When the time runs out exactly at closing time, the answer is that closing time, not the
    next opening (CLOCKS.md 2).
    """
    remaining = amount
    for period in periods:
        if remaining <= period.length:
            return period.start + remaining
        remaining -= period.length
    raise ValueError(f"The periods hold less than {amount} of working time.")


def local_date(moment: datetime) -> date:
    """The date in London at an aware `moment`."""
    if moment.tzinfo is None:
        raise ValueError("A moment must carry its time zone (an aware datetime).")
    return moment.astimezone(LONDON).date()


@lru_cache(maxsize=16384)  # the same few thousand days and hours, for every calendar
def _london_to_utc(day: date, wall_clock: time) -> datetime:
    # fold=0: a wall-clock time repeated in October is its first occurrence; one skipped in
    # March is read with the offset before the change. Neither happens on a Monday to Friday.
    return datetime.combine(day, wall_clock, tzinfo=LONDON).astimezone(UTC)
