"""The working-day calendar (CLOCKS.md section 1) and the bank holidays it is given."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from vigil.core.bank_holidays import REGIONS, RegionBankHolidays, bank_holidays
from vigil.core.calendar import (
    EVERY_DAY,
    LONDON,
    NoWorkingDayError,
    OpeningHours,
    Period,
    WorkingCalendar,
    local_date,
    run_out,
)

ENGLAND = bank_holidays("ENG")
OFFICE = WorkingCalendar(bank_holidays=ENGLAND)
AROUND_THE_CLOCK = WorkingCalendar(
    opening=OpeningHours(opens=time(0, 0), closes=None), working_weekdays=EVERY_DAY
)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# Bank holidays


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on a Saturday: observed on Monday
        date(2027, 3, 26),  # Good Friday
        date(2027, 3, 29),  # Easter Monday
        date(2027, 5, 3),  # early May bank holiday
        date(2027, 12, 27),  # Christmas Day falls on a Saturday: observed on Monday
        date(2027, 12, 28),  # Boxing Day falls on a Sunday: observed on Tuesday
        date(2025, 8, 25),
        date(2028, 1, 3),  # New Year's Day falls on a Saturday
    ],
)
def test_england_and_wales_bank_holidays_are_not_working_days(day: date) -> None:
    assert day in ENGLAND
    assert not OFFICE.is_working_day(day)


@pytest.mark.parametrize(
    "day", [date(2026, 12, 24), date(2026, 12, 29), date(2027, 12, 29), date(2027, 5, 4)]
)
def test_ordinary_weekdays_around_bank_holidays_are_working_days(day: date) -> None:
    assert day not in ENGLAND
    assert OFFICE.is_working_day(day)


def test_regions_are_listed_in_order_with_labels() -> None:
    assert list(REGIONS) == ["ENG", "WLS", "SCT", "NIR"]
    assert REGIONS["ENG"] == "England and Wales"


def test_regions_differ_where_their_bank_holidays_differ() -> None:
    assert date(2027, 1, 4) in bank_holidays("SCT")  # 2 January observed, Scotland only
    assert date(2027, 1, 4) not in ENGLAND
    assert date(2027, 3, 17) in bank_holidays("NIR")  # St Patrick's Day
    assert date(2027, 3, 29) not in bank_holidays("SCT")  # no Easter Monday in Scotland


def test_bank_holidays_are_cached_per_region_and_cover_any_year() -> None:
    assert bank_holidays("ENG") is bank_holidays()
    assert date(2040, 12, 25) in ENGLAND
    assert datetime(2026, 12, 25, 12, 0) in ENGLAND
    assert "2026-12-25" not in ENGLAND


def test_an_unknown_region_is_refused() -> None:
    with pytest.raises(ValueError, match="XYZ"):
        RegionBankHolidays("XYZ")


# Working days


def test_weekends_and_closures_are_not_working_days() -> None:
    calendar = WorkingCalendar(closures=frozenset({date(2026, 11, 25)}), bank_holidays=ENGLAND)
    assert not calendar.is_working_day(date(2026, 11, 28))  # Saturday
    assert not calendar.is_working_day(date(2026, 11, 29))  # Sunday
    assert not calendar.is_working_day(date(2026, 11, 25))  # closure
    assert calendar.is_working_day(date(2026, 11, 26))


def test_an_around_the_clock_team_works_every_day() -> None:
    assert AROUND_THE_CLOCK.is_working_day(date(2026, 12, 25))
    assert AROUND_THE_CLOCK.is_working_day(date(2026, 11, 29))


def test_next_working_day_skips_christmas_weekend_and_closures() -> None:
    assert OFFICE.next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
    closed = WorkingCalendar(closures=frozenset({date(2026, 12, 29)}), bank_holidays=ENGLAND)
    assert closed.next_working_day(date(2026, 12, 24)) == date(2026, 12, 30)
    assert OFFICE.next_working_day(date(2027, 12, 24)) == date(2027, 12, 29)


def test_working_day_on_or_after_and_nth_working_day_after() -> None:
    assert OFFICE.working_day_on_or_after(date(2026, 12, 24)) == date(2026, 12, 24)
    assert OFFICE.working_day_on_or_after(date(2026, 12, 25)) == date(2026, 12, 29)
    assert OFFICE.nth_working_day_after(date(2027, 3, 25), 1) == date(2027, 3, 30)
    assert OFFICE.nth_working_day_after(date(2027, 3, 25), 3) == date(2027, 4, 1)


def test_a_calendar_without_working_days_is_refused_rather_than_searched_for_ever() -> None:
    every_day = frozenset(date(2026, 1, 1) + timedelta(days=i) for i in range(4 * 366))
    calendar = WorkingCalendar(closures=every_day)
    with pytest.raises(NoWorkingDayError):
        calendar.next_working_day(date(2026, 1, 1))
    with pytest.raises(ValueError, match="non-empty"):
        WorkingCalendar(working_weekdays=frozenset())
    with pytest.raises(ValueError, match="non-empty"):
        WorkingCalendar(working_weekdays=frozenset({7}))


def test_opening_hours_must_open_before_they_close() -> None:
    with pytest.raises(ValueError, match="before"):
        OpeningHours(opens=time(17, 0), closes=time(9, 0))
    with pytest.raises(ValueError, match="before"):
        OpeningHours(opens=time(9, 0), closes=time(9, 0))
    with pytest.raises(ValueError, match="wall-clock"):
        OpeningHours(opens=time(9, 0, tzinfo=UTC))


def test_calendars_compare_by_value_and_can_be_hashed() -> None:
    assert WorkingCalendar(bank_holidays=ENGLAND) == OFFICE
    assert hash(WorkingCalendar(bank_holidays=ENGLAND)) == hash(OFFICE)
    assert WorkingCalendar() != OFFICE


# Moments of a day


def test_opening_and_closing_moments_are_london_wall_clock_times_in_utc() -> None:
    assert OFFICE.opening_moment(date(2026, 1, 5)) == utc("2026-01-05T09:00:00+00:00")
    assert OFFICE.closing_moment(date(2026, 7, 1)) == utc("2026-07-01T16:00:00+00:00")
    assert OFFICE.closing_moment(date(2026, 7, 1)).tzinfo is UTC


def test_an_all_day_calendar_closes_at_the_next_midnight() -> None:
    assert AROUND_THE_CLOCK.closing_moment(date(2026, 7, 1)) == utc("2026-07-01T23:00:00+00:00")
    assert AROUND_THE_CLOCK.closing_moment(date(2026, 1, 5)) == utc("2026-01-06T00:00:00+00:00")
    # The Sunday the clocks go forward has 23 hours.
    assert AROUND_THE_CLOCK.period(date(2026, 3, 29)).length == timedelta(hours=23)


# Where working time starts


@pytest.mark.parametrize(
    ("start", "day", "effective"),
    [
        ("2026-11-23T10:15:00+00:00", "2026-11-23", "2026-11-23T10:15:00+00:00"),  # open
        ("2026-11-23T09:00:00+00:00", "2026-11-23", "2026-11-23T09:00:00+00:00"),  # opening
        ("2026-11-23T07:30:00+00:00", "2026-11-23", "2026-11-23T09:00:00+00:00"),  # before
        ("2026-11-23T17:00:00+00:00", "2026-11-24", "2026-11-24T09:00:00+00:00"),  # closing
        ("2026-11-27T18:30:00+00:00", "2026-11-30", "2026-11-30T09:00:00+00:00"),  # Friday
        ("2026-11-28T12:00:00+00:00", "2026-11-30", "2026-11-30T09:00:00+00:00"),  # Saturday
        ("2026-04-03T10:00:00+01:00", "2026-04-07", "2026-04-07T08:00:00+00:00"),  # Good Fri
        ("2026-12-24T16:30:00-08:00", "2026-12-29", "2026-12-29T09:00:00+00:00"),  # London 25th
    ],
)
def test_start_day_and_effective_start(start: str, day: str, effective: str) -> None:
    assert OFFICE.start_day(utc(start)) == date.fromisoformat(day)
    assert OFFICE.effective_start(utc(start)) == utc(effective)


def test_local_date_is_taken_in_london_and_needs_a_time_zone() -> None:
    assert local_date(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)) == date(2026, 7, 2)
    assert local_date(datetime(2026, 7, 2, 3, 0, tzinfo=timezone(timedelta(hours=5)))) == date(
        2026, 7, 1
    )
    with pytest.raises(ValueError, match="time zone"):
        local_date(datetime(2026, 7, 1, 12, 0))


# Running working time


def test_working_time_that_runs_out_at_closing_ends_at_closing() -> None:
    start = utc("2026-11-23T09:00:00+00:00")
    assert OFFICE.add_working_time(start, timedelta(hours=8)) == utc("2026-11-23T17:00:00+00:00")
    assert OFFICE.add_working_time(start, timedelta(hours=8, microseconds=1)) == utc(
        "2026-11-24T09:00:00.000001+00:00"
    )


def test_working_time_runs_over_christmas_in_opening_hours_only() -> None:
    start = utc("2026-12-24T14:00:00+00:00")
    assert OFFICE.add_working_time(start, timedelta(hours=6)) == utc("2026-12-29T12:00:00+00:00")
    assert OFFICE.working_time_between(start, utc("2026-12-29T12:00:00+00:00")) == timedelta(
        hours=6
    )
    assert OFFICE.working_time_between(start, start) == timedelta(0)


def test_working_periods_start_at_the_moment_given() -> None:
    periods = OFFICE.working_periods(utc("2026-12-24T16:30:00+00:00"), 2)
    assert [period.day for period in periods] == [date(2026, 12, 24), date(2026, 12, 29)]
    assert periods[0].start == utc("2026-12-24T16:30:00+00:00")
    assert periods[0].length == timedelta(minutes=30)


def test_run_out_refuses_more_time_than_the_periods_hold() -> None:
    period = Period(
        date(2026, 1, 5), utc("2026-01-05T09:00:00+00:00"), utc("2026-01-05T17:00+00:00")
    )
    assert run_out([period], timedelta(hours=8)) == period.end
    with pytest.raises(ValueError, match="less than"):
        run_out([period], timedelta(hours=9))


def test_london_zone_is_europe_london() -> None:
    assert str(LONDON) == "Europe/London"
