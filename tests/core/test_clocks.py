"""The clock engine (CLOCKS.md sections 2 and 3), on hand-worked examples.

Every expected moment below was worked out by hand from the rules, in UTC. Winter dates are
GMT (UTC+0), summer dates BST (UTC+1): 09:00-17:00 in summer is 08:00Z-16:00Z.
Properties checked against a slow reference are in `test_clock_properties.py`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from vigil.core.bank_holidays import bank_holidays
from vigil.core.calendar import EVERY_DAY, OpeningHours, WorkingCalendar
from vigil.core.clocks import (
    CLOCK_IDS,
    COUNTS,
    DEFAULT_RULES,
    ClockRule,
    Deadline,
    deadline,
    due_on_date,
)

ENGLAND = bank_holidays("ENG")
OFFICE = WorkingCalendar(bank_holidays=ENGLAND)
AROUND_THE_CLOCK = WorkingCalendar(
    opening=OpeningHours(opens=time(0, 0), closes=None), working_weekdays=EVERY_DAY
)
WORKING_HOURS_1 = ClockRule("working-hours", 1)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def moments(rule: ClockRule, start: str, calendar: WorkingCalendar = OFFICE) -> tuple[str, str]:
    result = deadline(rule, datetime.fromisoformat(start), calendar)
    return _z(result.due), _z(result.warn_at)


def _z(moment: datetime) -> str:
    assert moment.tzinfo is UTC
    assert moment.microsecond == 0
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# The clocks of section 3


def test_the_twelve_clocks_and_their_defaults_in_table_order() -> None:
    assert CLOCK_IDS == (
        "dsl-triage",
        "dsl-triage-urgent",
        "mash-acknowledge",
        "mash-decision",
        "rag-red",
        "rag-amber",
        "rag-green",
        "return-home-interview",
        "assessment",
        "icpc",
        "allocate-high-risk",
        "challenge-response",
    )
    assert DEFAULT_RULES["dsl-triage-urgent"] == ClockRule("working-hours", 1)
    assert DEFAULT_RULES["rag-red"] == ClockRule("calendar-hours", 4)
    assert DEFAULT_RULES["rag-green"] == ClockRule("working-days", 3)
    assert DEFAULT_RULES["return-home-interview"] == ClockRule("calendar-hours", 72)
    assert DEFAULT_RULES["assessment"] == ClockRule("working-days", 45)
    assert DEFAULT_RULES["icpc"] == ClockRule("working-days", 15)
    assert DEFAULT_RULES["allocate-high-risk"] == ClockRule("calendar-hours", 3)
    assert DEFAULT_RULES["challenge-response"] == ClockRule("working-days", 2)
    assert COUNTS == ("working-hours", "working-days", "calendar-hours")


@pytest.mark.parametrize(
    "bad", [("weeks", 1), ("working-days", 0), ("working-days", 1001), ("working-days", True)]
)
def test_a_rule_is_a_known_count_and_a_length_from_1_to_1000(bad: tuple[str, object]) -> None:
    with pytest.raises(ValueError, match="clock"):
        ClockRule(*bad)  # type: ignore[arg-type]


def test_a_start_without_a_time_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        deadline(WORKING_HOURS_1, datetime(2026, 11, 23, 10, 0), OFFICE)


# The worked example of section 4


def test_the_specification_example() -> None:
    calendar = WorkingCalendar(closures=frozenset({date(2026, 12, 29)}), bank_holidays=ENGLAND)
    result = deadline(DEFAULT_RULES["mash-decision"], utc("2026-12-24T16:30:00+00:00"), calendar)
    assert result == Deadline(
        due=utc("2026-12-30T17:00:00+00:00"), warn_at=utc("2026-12-30T14:52:30+00:00")
    )


# Calendar hours


@pytest.mark.parametrize(
    ("rule", "start", "due", "warn_at"),
    [
        # Spring forward at 01:00Z on 29 March 2026: elapsed hours, not wall-clock ones.
        ("rag-red", "2026-03-29T00:00:00+00:00", "2026-03-29T04:00:00Z", "2026-03-29T03:00:00Z"),
        ("rag-red", "2026-03-28T23:30:00+00:00", "2026-03-29T03:30:00Z", "2026-03-29T02:30:00Z"),
        # Fall back at 01:00Z on 25 October 2026; 72 hours from Friday 18:00 BST.
        (
            "return-home-interview",
            "2026-10-23T18:00:00+01:00",
            "2026-10-26T17:00:00Z",
            "2026-10-25T23:00:00Z",
        ),
        # Weekends, nights and bank holidays do not matter.
        ("rag-red", "2026-12-25T22:00:00+00:00", "2026-12-26T02:00:00Z", "2026-12-26T01:00:00Z"),
        # Only the result is rounded down: .999999 of a second is kept until then.
        (
            "allocate-high-risk",
            "2026-06-01T22:15:00.999999+01:00",
            "2026-06-02T00:15:00Z",
            "2026-06-01T23:30:00Z",
        ),
    ],
)
def test_calendar_hours(rule: str, start: str, due: str, warn_at: str) -> None:
    assert moments(DEFAULT_RULES[rule], start) == (due, warn_at)


def test_calendar_hours_ignore_the_calendar() -> None:
    start = "2026-12-25T10:00:00+00:00"
    rule = ClockRule("calendar-hours", 10)
    assert moments(rule, start) == moments(rule, start, AROUND_THE_CLOCK)
    assert moments(rule, start) == ("2026-12-25T20:00:00Z", "2026-12-25T17:30:00Z")


# Working hours (dsl-triage-urgent: 1 working hour, warning after 45 minutes)


@pytest.mark.parametrize(
    ("start", "due", "warn_at"),
    [
        ("2026-11-23T10:00:00+00:00", "2026-11-23T11:00:00Z", "2026-11-23T10:45:00Z"),  # open
        ("2026-11-23T09:00:00+00:00", "2026-11-23T10:00:00Z", "2026-11-23T09:45:00Z"),  # opening
        ("2026-11-23T07:30:00+00:00", "2026-11-23T10:00:00Z", "2026-11-23T09:45:00Z"),  # before
        ("2026-11-23T16:00:00+00:00", "2026-11-23T17:00:00Z", "2026-11-23T16:45:00Z"),  # to close
        ("2026-11-23T16:30:00+00:00", "2026-11-24T09:30:00Z", "2026-11-24T09:15:00Z"),  # overnight
        ("2026-11-23T17:00:00+00:00", "2026-11-24T10:00:00Z", "2026-11-24T09:45:00Z"),  # closing
        ("2026-11-27T18:00:00+00:00", "2026-11-30T10:00:00Z", "2026-11-30T09:45:00Z"),  # Fri eve
        ("2026-11-28T11:00:00+00:00", "2026-11-30T10:00:00Z", "2026-11-30T09:45:00Z"),  # Saturday
        # Good Friday, then Easter Monday: Tuesday 09:00 BST.
        ("2026-04-03T10:00:00+01:00", "2026-04-07T09:00:00Z", "2026-04-07T08:45:00Z"),
        # Summer time: 09:30 BST is 08:30Z.
        ("2026-07-01T09:30:00+01:00", "2026-07-01T09:30:00Z", "2026-07-01T09:15:00Z"),
        # Over the spring-forward weekend: Friday 16:30 GMT, then Monday from 09:00 BST.
        ("2026-03-27T16:30:00+00:00", "2026-03-30T08:30:00Z", "2026-03-30T08:15:00Z"),
        # Over the fall-back weekend: Friday 16:30 BST, then Monday from 09:00 GMT.
        ("2026-10-23T16:30:00+01:00", "2026-10-26T09:30:00Z", "2026-10-26T09:15:00Z"),
        # -08:00: 10:00 in California is 18:00 in London, after closing.
        ("2026-11-23T10:00:00-08:00", "2026-11-24T10:00:00Z", "2026-11-24T09:45:00Z"),
        # Fractions of a second run on; only the result is rounded down.
        ("2026-11-23T10:00:00.75+00:00", "2026-11-23T11:00:00Z", "2026-11-23T10:45:00Z"),
        ("2026-11-23T16:59:59.5+00:00", "2026-11-24T09:59:59Z", "2026-11-24T09:44:59Z"),
    ],
)
def test_working_hours(start: str, due: str, warn_at: str) -> None:
    assert moments(DEFAULT_RULES["dsl-triage-urgent"], start) == (due, warn_at)


@pytest.mark.parametrize(
    ("rule", "start", "due", "warn_at"),
    [
        # Eight hours from opening run out exactly at closing: that day's 17:00, not the next
        # day's 09:00.
        (ClockRule("working-hours", 8), "2026-11-23T09:00:00+00:00", "2026-11-23T17:00:00Z",
         "2026-11-23T15:00:00Z"),
        # Christmas 2026: Christmas Day, the weekend and Boxing Day observed on Monday.
        (ClockRule("working-hours", 6), "2026-12-24T14:00:00+00:00", "2026-12-29T12:00:00Z",
         "2026-12-29T10:30:00Z"),
        # Christmas 2027: both days observed, on Monday 27th and Tuesday 28th.
        (ClockRule("working-hours", 2), "2027-12-24T16:00:00+00:00", "2027-12-29T10:00:00Z",
         "2027-12-29T09:30:00Z"),
        # The early May bank holiday 2027 (Monday 3rd): Friday's 8 hours, then Tuesday's 8,
        # ending at its closing (17:00 BST); the warning 4 hours into Tuesday.
        (ClockRule("working-hours", 16), "2027-04-30T09:00:00+01:00", "2027-05-04T16:00:00Z",
         "2027-05-04T12:00:00Z"),
    ],
)  # fmt: skip
def test_working_hours_rules(rule: ClockRule, start: str, due: str, warn_at: str) -> None:
    assert moments(rule, start) == (due, warn_at)


def test_working_hours_with_custom_opening_and_closures() -> None:
    calendar = WorkingCalendar(
        opening=OpeningHours(opens=time(8, 0), closes=time(18, 0)),
        closures=frozenset({date(2026, 11, 24)}),
        bank_holidays=ENGLAND,
    )
    # Monday 08:00-18:00 (10 hours), Tuesday closed, Wednesday from 08:00.
    rule = ClockRule("working-hours", 12)
    assert moments(rule, "2026-11-23T07:00:00+00:00", calendar) == (
        "2026-11-25T10:00:00Z",
        "2026-11-23T17:00:00Z",
    )


def test_working_hours_with_an_offset_that_is_another_london_day() -> None:
    # 03:00 on Tuesday in India is 21:30 on Monday in London: inside 00:00-23:59 opening.
    calendar = WorkingCalendar(
        opening=OpeningHours(opens=time(0, 0), closes=time(23, 59)), bank_holidays=ENGLAND
    )
    assert moments(WORKING_HOURS_1, "2026-11-24T03:00:00+05:30", calendar) == (
        "2026-11-23T22:30:00Z",
        "2026-11-23T22:15:00Z",
    )


# Working days


@pytest.mark.parametrize(
    ("rule", "start", "due", "warn_at"),
    [
        # CLOCKS.md: received Monday 10:00, 1 working day: due Tuesday 17:00. The warning:
        # 7 + 8 = 15 opening hours, 75% is 11h15m: Monday's 7, then Tuesday 09:00 + 4h15m.
        ("dsl-triage", "2026-11-23T10:00:00+00:00", "2026-11-24T17:00:00Z",
         "2026-11-24T13:15:00Z"),
        # Received Friday 18:30: the start day is Monday, due Tuesday 17:00 (16h, warn at 12h).
        ("dsl-triage", "2026-11-27T18:30:00+00:00", "2026-12-01T17:00:00Z",
         "2026-12-01T13:00:00Z"),
        ("dsl-triage", "2026-11-23T08:00:00+00:00", "2026-11-24T17:00:00Z",
         "2026-11-24T13:00:00Z"),  # before opening: the start day is that day
        ("dsl-triage", "2026-11-23T17:00:00+00:00", "2026-11-25T17:00:00Z",
         "2026-11-25T13:00:00Z"),  # exactly at closing: the start day is the next one
        ("dsl-triage", "2026-11-28T10:00:00+00:00", "2026-12-01T17:00:00Z",
         "2026-12-01T13:00:00Z"),  # Saturday
        # Easter 2027 (clocks go forward on the 28th): Thursday 5h, then Good Friday, the
        # weekend and Easter Monday; Tuesday 30th 17:00 BST. 13h, warn at 9h45m.
        ("mash-acknowledge", "2027-03-25T12:00:00+00:00", "2027-03-30T16:00:00Z",
         "2027-03-30T12:45:00Z"),
        # Early May 2027: Friday 7h, Monday 3rd a bank holiday, Tuesday 17:00 BST.
        ("rag-amber", "2027-04-30T10:00:00+01:00", "2027-05-04T16:00:00Z",
         "2027-05-04T12:15:00Z"),
        # Christmas 2027: 24th 7h, then 25th-28th closed; Wednesday 29th.
        ("mash-decision", "2027-12-24T10:00:00+00:00", "2027-12-29T17:00:00Z",
         "2027-12-29T13:15:00Z"),
        # 3 working days from Wednesday 23 December 2026 11:00: Thursday 24th, Tuesday 29th,
        # Wednesday 30th. 6 + 24 = 30h, warn at 22h30m: 6 + 8 + 8, then 09:30 on the 30th.
        ("rag-green", "2026-12-23T11:00:00+00:00", "2026-12-30T17:00:00Z",
         "2026-12-30T09:30:00Z"),
        # 45 working days from Monday 23 November 2026 10:00 (Christmas and New Year's Day
        # skipped): Thursday 28 January 2027. 7 + 360 = 367h, warn at 275h15m: 7 + 33 days
        # + 4h15m, on the 34th working day, Wednesday 13 January.
        ("assessment", "2026-11-23T10:00:00+00:00", "2027-01-28T17:00:00Z",
         "2027-01-13T13:15:00Z"),
        # 15 working days from Wednesday 24 March 2027 14:00 GMT, over Easter and the clock
        # change: Friday 16 April 17:00 BST. 3 + 120 = 123h, warn at 92h15m: 3 + 11 days +
        # 1h15m, on the 12th working day, Tuesday 13 April 10:15 BST.
        ("icpc", "2027-03-24T14:00:00+00:00", "2027-04-16T16:00:00Z",
         "2027-04-13T09:15:00Z"),
        # Over the fall-back weekend: Friday 12:00 BST, due Tuesday 17:00 GMT; 5 + 16 = 21h,
        # warn at 15h45m: 5 + 8, then Tuesday 09:00 + 2h45m.
        ("challenge-response", "2026-10-23T12:00:00+01:00", "2026-10-27T17:00:00Z",
         "2026-10-27T11:45:00Z"),
        # 16:30 in California on 24 December is 00:30 on Christmas Day in London: the start
        # day is Tuesday 29th (read as a London 24th, it would be due on the 29th).
        ("mash-decision", "2026-12-24T16:30:00-08:00", "2026-12-30T17:00:00Z",
         "2026-12-30T13:00:00Z"),
    ],
)  # fmt: skip
def test_working_days(rule: str, start: str, due: str, warn_at: str) -> None:
    assert moments(DEFAULT_RULES[rule], start) == (due, warn_at)


def test_working_days_with_custom_opening_and_a_fraction_of_a_second() -> None:
    # 08:00-18:00; started half a second before Thursday's closing. The span is 0.5 s + 20 h;
    # 75% is 15 h 0.375 s: 0.5 s on Thursday, 10 h on Friday, then Monday 08:00 + 4:59:59.875.
    calendar = WorkingCalendar(
        opening=OpeningHours(opens=time(8, 0), closes=time(18, 0)), bank_holidays=ENGLAND
    )
    assert moments(
        DEFAULT_RULES["challenge-response"], "2026-11-26T17:59:59.5+00:00", calendar
    ) == ("2026-11-30T18:00:00Z", "2026-11-30T12:59:59Z")


def test_working_days_with_rule_override_to_working_hours() -> None:
    rule = ClockRule("working-hours", 6)
    assert moments(rule, "2026-11-23T14:00:00+00:00") == (
        "2026-11-24T12:00:00Z",
        "2026-11-24T10:30:00Z",
    )


# Around the clock (all day, every day, no bank holidays)


def test_all_day_working_hours_run_through_the_night_in_elapsed_hours() -> None:
    # Saturday 23:30 GMT, 4 hours, over the spring-forward night.
    rule = ClockRule("working-hours", 4)
    assert moments(rule, "2026-03-28T23:30:00+00:00", AROUND_THE_CLOCK) == (
        "2026-03-29T03:30:00Z",
        "2026-03-29T02:30:00Z",
    )


def test_all_day_working_days_end_at_midnight() -> None:
    # Saturday 10:00 GMT, 1 working day: due at the end of Sunday (midnight BST is 23:00Z).
    # The span is 14 h on Saturday and 23 h on the short Sunday; 75% of 37 h is 27h45m.
    assert moments(DEFAULT_RULES["dsl-triage"], "2026-03-28T10:00:00+00:00", AROUND_THE_CLOCK) == (
        "2026-03-29T23:00:00Z",
        "2026-03-29T13:45:00Z",
    )
    # Christmas Day is a working day for an around-the-clock team.
    assert moments(DEFAULT_RULES["dsl-triage"], "2026-12-24T12:00:00+00:00", AROUND_THE_CLOCK)[
        0
    ] == ("2026-12-26T00:00:00Z")


# Date-only limits


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2026, 11, 25), "2026-11-25T17:00:00+00:00"),
        (date(2026, 7, 1), "2026-07-01T17:00:00+01:00"),
        (date(2026, 11, 28), "2026-11-30T17:00:00+00:00"),  # Saturday: Monday
        (date(2026, 12, 25), "2026-12-29T17:00:00+00:00"),  # Christmas: Tuesday 29th
    ],
)
def test_a_date_only_limit_falls_due_at_closing_on_a_working_day(day: date, due: str) -> None:
    assert due_on_date(day, OFFICE) == utc(due)
    assert due_on_date(day, OFFICE).tzinfo is UTC


def test_a_date_only_limit_around_the_clock_falls_due_at_midnight() -> None:
    assert due_on_date(date(2026, 7, 1), AROUND_THE_CLOCK) == utc("2026-07-01T23:00:00+00:00")
