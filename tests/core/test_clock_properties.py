"""Properties of the clock engine over generated starts, rules and calendars (2025 to 2028).

The engine is checked against `Reference`: a slow counter written straight from CLOCKS.md
that walks the opening hours minute by minute in London wall-clock time. It shares no code
with the engine except the time zone.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.core.bank_holidays import bank_holidays
from vigil.core.calendar import LONDON, OpeningHours, WorkingCalendar, local_date
from vigil.core.clocks import COUNTS, ClockRule, deadline

MINUTE = timedelta(minutes=1)
ENGLAND = bank_holidays("ENG")
BOUNDED = settings(max_examples=200, deadline=None)


# The reference


@dataclass(frozen=True)
class Reference:
    """Working minutes, counted one by one: the obviously right and slow way."""

    opens: time
    closes: time
    closures: frozenset[date]

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.closures and day not in ENGLAND

    def next_working_day(self, day: date) -> date:
        day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_minutes(self, local: datetime) -> Iterator[datetime]:
        """The start of every working minute at or after the wall-clock time `local`."""
        day = local.date()
        while True:
            if self.is_working_day(day):
                minute = datetime.combine(day, self.opens)
                while minute.time() < self.closes and minute.date() == day:
                    if minute >= local:
                        yield minute
                    minute += MINUTE
            day += timedelta(days=1)

    def after_minutes(self, local: datetime, quarters: int) -> datetime:
        """The wall-clock moment when `quarters` quarter-minutes of working time have run."""
        whole, part = divmod(quarters, 4)
        minutes = self.working_minutes(local)
        if part == 0:  # the end of the last whole working minute (closing time, if it is)
            for _ in range(whole - 1):
                next(minutes)
            return next(minutes) + MINUTE
        for _ in range(whole):
            next(minutes)
        return next(minutes) + part * MINUTE / 4

    def working_hours(self, n: int, start: datetime) -> tuple[datetime, datetime]:
        local = wall_clock(start)
        return (
            from_wall_clock(self.after_minutes(local, n * 60 * 4)),
            from_wall_clock(self.after_minutes(local, n * 45 * 4)),
        )

    def working_days(self, n: int, start: datetime) -> tuple[datetime, datetime]:
        local = wall_clock(start)
        day = local.date()
        if not (self.is_working_day(day) and local.time() < self.closes):
            day = self.next_working_day(day)
        for _ in range(n):
            day = self.next_working_day(day)
        due = datetime.combine(day, self.closes)
        span = sum(1 for minute in self._minutes_until(local, due))
        return from_wall_clock(due), from_wall_clock(self.after_minutes(local, span * 3))

    def _minutes_until(self, local: datetime, end: datetime) -> Iterator[datetime]:
        for minute in self.working_minutes(local):
            if minute >= end:
                return
            yield minute


def wall_clock(moment: datetime) -> datetime:
    return moment.astimezone(LONDON).replace(tzinfo=None)


def from_wall_clock(local: datetime) -> datetime:
    return local.replace(tzinfo=LONDON).astimezone(UTC)


# Strategies

MINUTE_STARTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 10, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(second=0, microsecond=0))
EXACT_STARTS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2028, 10, 31), timezones=st.just(UTC)
)


@st.composite
def opening_hours(draw: st.DrawFn) -> OpeningHours:
    if draw(st.booleans()):
        return OpeningHours()
    opens = draw(st.integers(0, 23 * 60 + 58))
    closes = draw(st.integers(opens + 1, 23 * 60 + 59))
    return OpeningHours(opens=time(*divmod(opens, 60)), closes=time(*divmod(closes, 60)))


@st.composite
def office_calendars(draw: st.DrawFn, near: datetime) -> WorkingCalendar:
    """Monday to Friday, England's bank holidays, some closures near `near`."""
    offsets = draw(st.frozensets(st.integers(-3, 40), max_size=8))
    closures = frozenset(near.date() + timedelta(days=offset) for offset in offsets)
    return WorkingCalendar(opening=draw(opening_hours()), closures=closures, bank_holidays=ENGLAND)


@st.composite
def any_calendars(draw: st.DrawFn, near: datetime) -> WorkingCalendar:
    """Also around-the-clock teams: all day, any working weekdays, perhaps no bank holidays."""
    calendar = draw(office_calendars(near))
    all_day = OpeningHours(opens=calendar.opening.opens, closes=None)
    return WorkingCalendar(
        opening=all_day if draw(st.booleans()) else calendar.opening,
        closures=calendar.closures,
        bank_holidays=draw(st.sampled_from([ENGLAND, frozenset()])),
        working_weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
    )


def whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def rules(longest: int = 1000) -> st.SearchStrategy[ClockRule]:
    return st.builds(ClockRule, counts=st.sampled_from(COUNTS), n=st.integers(1, longest))


def reference_for(calendar: WorkingCalendar) -> Reference:
    assert calendar.opening.closes is not None
    return Reference(calendar.opening.opens, calendar.opening.closes, calendar.closures)


# Against the reference


@BOUNDED
@given(data=st.data(), start=MINUTE_STARTS, n=st.integers(1, 30))
def test_working_hours_agree_with_the_reference(
    data: st.DataObject, start: datetime, n: int
) -> None:
    calendar = data.draw(office_calendars(start))
    result = deadline(ClockRule("working-hours", n), start, calendar)
    assert (result.due, result.warn_at) == reference_for(calendar).working_hours(n, start)


@BOUNDED
@given(data=st.data(), start=MINUTE_STARTS, n=st.integers(1, 8))
def test_working_days_agree_with_the_reference(
    data: st.DataObject, start: datetime, n: int
) -> None:
    calendar = data.draw(office_calendars(start))
    result = deadline(ClockRule("working-days", n), start, calendar)
    assert (result.due, result.warn_at) == reference_for(calendar).working_days(n, start)


@BOUNDED
@given(start=EXACT_STARTS, n=st.integers(1, 1000))
def test_calendar_hours_are_elapsed_hours(start: datetime, n: int) -> None:
    result = deadline(ClockRule("calendar-hours", n), start, WorkingCalendar())
    exact = start + timedelta(hours=n)
    assert result.due == exact.replace(microsecond=0)
    assert result.warn_at == (start + timedelta(minutes=45 * n)).replace(microsecond=0)


# Properties of every clock


@BOUNDED
@given(data=st.data(), start=EXACT_STARTS, rule=rules(200))
def test_start_then_warning_then_due(data: st.DataObject, start: datetime, rule: ClockRule) -> None:
    result = deadline(rule, start, data.draw(any_calendars(start)))
    assert start <= result.warn_at <= result.due
    for moment in (result.due, result.warn_at):
        assert moment.tzinfo is UTC
        assert moment.microsecond == 0


@BOUNDED
@given(data=st.data(), start=EXACT_STARTS, n=st.integers(1, 200))
def test_working_days_fall_due_at_closing_time_on_a_working_day(
    data: st.DataObject, start: datetime, n: int
) -> None:
    calendar = data.draw(any_calendars(start))
    due = deadline(ClockRule("working-days", n), start, calendar).due
    day = local_date(due - timedelta(microseconds=1))  # an all-day close is the next midnight
    assert calendar.is_working_day(day)
    assert due == calendar.closing_moment(day)


@BOUNDED
@given(data=st.data(), start=EXACT_STARTS.map(whole_second), n=st.integers(1, 100))
def test_working_hours_fall_due_within_opening_hours_of_a_working_day(
    data: st.DataObject, start: datetime, n: int
) -> None:
    calendar = data.draw(any_calendars(start))
    due = deadline(ClockRule("working-hours", n), start, calendar).due
    day = local_date(due - timedelta(microseconds=1))
    assert calendar.is_working_day(day)
    assert calendar.opening_moment(day) < due <= calendar.closing_moment(day)


@BOUNDED
@given(
    data=st.data(),
    start=EXACT_STARTS,
    later_by=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=20)),
    rule=rules(200),
)
def test_a_later_start_is_never_due_or_warned_earlier(
    data: st.DataObject, start: datetime, later_by: timedelta, rule: ClockRule
) -> None:
    calendar = data.draw(any_calendars(start))
    earlier = deadline(rule, start, calendar)
    later = deadline(rule, start + later_by, calendar)
    assert earlier.due <= later.due
    assert earlier.warn_at <= later.warn_at


@BOUNDED
@given(data=st.data(), start=MINUTE_STARTS, rule=rules(100))
def test_the_warning_comes_after_three_quarters_of_the_working_span(
    data: st.DataObject, start: datetime, rule: ClockRule
) -> None:
    calendar = data.draw(any_calendars(start))
    result = deadline(rule, start, calendar)
    if rule.counts == "calendar-hours":
        assert (result.warn_at - start) * 4 == (result.due - start) * 3
        return
    effective = calendar.effective_start(start)
    run_to_warning = calendar.working_time_between(effective, result.warn_at)
    assert run_to_warning * 4 == calendar.working_time_between(effective, result.due) * 3
