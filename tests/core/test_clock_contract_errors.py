"""Error results of the `vigil clocks due` contract: each code, and the order of the checks.

CLOCKS.md section 4: a case is checked in a fixed order and the first failure is its error.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest

from vigil.core.bank_holidays import bank_holidays
from vigil.core.clock_contract import respond
from vigil.core.clocks import CLOCK_IDS, COUNTS

ENGLAND = bank_holidays("ENG")


def answer(case: Any) -> Any:
    return json.loads(respond(json.dumps(case), ENGLAND).text)


def error_code(case: Any) -> str:
    result = answer(case)
    assert set(result) == {"id", "error"}
    assert set(result["error"]) == {"code", "message"}
    assert result["error"]["message"]
    return str(result["error"]["code"])


def with_fields(**fields: Any) -> dict[str, Any]:
    return {"clock": "dsl-triage", "start": "2026-11-23T10:00:00Z"} | fields


# Errors, code by code


@pytest.mark.parametrize("case", [[], "case", 5, None, True])
def test_a_case_that_is_not_an_object_is_an_invalid_value(case: Any) -> None:
    [result] = answer([case])
    assert result["id"] is None
    assert result["error"]["code"] == "invalid-value"
    assert set(result) == {"id", "error"}


@pytest.mark.parametrize("field", ["clock", "start"])
def test_a_required_field_absent_or_null_is_missing(field: str) -> None:
    case = with_fields()
    del case[field]
    assert error_code(case) == "missing-field"
    assert error_code(with_fields(**{field: None})) == "missing-field"


@pytest.mark.parametrize(
    "clock", ["MASH-DECISION", "mash_decision", "", " rag-red", 4, ["rag-red"], {}]
)
def test_an_unknown_clock(clock: Any) -> None:
    assert error_code(with_fields(clock=clock)) == "unknown-clock"


@pytest.mark.parametrize("clock", CLOCK_IDS)
def test_every_known_clock_is_computed(clock: str) -> None:
    assert answer(with_fields(clock=clock))["clock"] == clock


@pytest.mark.parametrize(
    "start",
    [
        "2026-11-23 10:00Z",  # a space for T
        "2026-11-23t10:00Z",
        "2026-11-23T10:00z",  # lowercase z
        "2026-11-23T10:00",  # no zone
        "2026-11-23T24:00Z",
        "2026-11-23T10:60Z",
        "2026-11-23T10:00:60Z",  # no leap second
        "2026-11-23T10:00:00.1234567Z",  # seven digits
        "2026-11-23T10:00:00.Z",
        "2026-11-23T10:00:00,5Z",
        "2026-11-23T10:00.5Z",  # a fraction needs seconds
        "2026-11-23T10:00+24:00",
        "2026-11-23T10:00+05:60",
        "2026-11-23T10:00+0530",
        "2026-11-23T10:00+05",
        "2026-11-23T10:00UTC",
        "2026-02-29T10:00Z",  # not a leap year
        "2026-13-01T10:00Z",
        "0000-01-01T10:00Z",
        "2026-1-23T10:00Z",
        "2026-11-23T1:00Z",
        "+2026-11-23T10:00Z",
        "2026-11-23T10:00Z\n",
        "\u0662\u0660\u0662\u0666-11-23T10:00Z",  # digits, but not ASCII ones
        "",
        20261123,
        True,
        ["2026-11-23T10:00Z"],
        {"at": "2026-11-23T10:00Z"},
    ],
)
def test_an_invalid_start(start: Any) -> None:
    assert error_code(with_fields(start=start)) == "invalid-datetime"


@pytest.mark.parametrize(
    "start",
    [
        "2028-02-29T10:00Z",
        "2026-11-23T23:59:59.999999-23:59",
        "2026-11-23T00:00:00.5+23:59",
        "2026-11-23T10:00-00:00",
    ],
)
def test_unusual_but_valid_starts(start: str) -> None:
    assert "due" in answer(with_fields(start=start))


@pytest.mark.parametrize(
    "rule",
    [
        "working-hours",
        [],
        {},
        {"counts": "weeks", "n": 1},
        {"counts": "Working-Hours", "n": 1},
        {"counts": "working-hours"},
        {"n": 1},
        {"counts": None, "n": 1},
        {"counts": "working-hours", "n": None},
        {"counts": "working-hours", "n": 0},
        {"counts": "working-hours", "n": -1},
        {"counts": "working-hours", "n": 1001},
        {"counts": "working-hours", "n": True},
        {"counts": "working-hours", "n": 6.0},
        {"counts": "working-hours", "n": 1.5},
        {"counts": "working-hours", "n": "6"},
        {"counts": "working-hours", "n": 10**30},
    ],
)
def test_an_invalid_rule(rule: Any) -> None:
    assert error_code(with_fields(rule=rule)) == "invalid-value"


def test_a_length_written_as_an_exponent_is_not_an_integer() -> None:
    raw = '{"clock": "dsl-triage", "start": "2026-11-23T10:00Z", "rule": %s}'
    rule = '{"counts": "working-days", "n": 1e1}'
    assert json.loads(respond(raw % rule, ENGLAND).text)["error"]["code"] == "invalid-value"


@pytest.mark.parametrize("counts", COUNTS)
@pytest.mark.parametrize("n", [1, 1000])
def test_every_count_at_both_ends_of_its_length(counts: str, n: int) -> None:
    assert "due" in answer(with_fields(rule={"counts": counts, "n": n}))


@pytest.mark.parametrize(
    "closures",
    [
        "2026-11-24",
        {"2026-11-24": True},
        True,
        ["2026-02-30"],
        ["2026-11-24T00:00"],
        ["2026-11-4"],
        ["20261124"],
        [20261124],
        [None],
        ["2026-11-24", "tomorrow"],
    ],
)
def test_invalid_closures(closures: Any) -> None:
    assert error_code(with_fields(closures=closures)) == "invalid-date"


@pytest.mark.parametrize(
    "opening",
    [
        "09:00-17:00",
        [],
        {},
        {"from": "09:00"},
        {"to": "17:00"},
        {"from": None, "to": "17:00"},
        {"from": "9:00", "to": "17:00"},
        {"from": "09:00", "to": "24:00"},
        {"from": "09:00", "to": "17:60"},
        {"from": "09:00:00", "to": "17:00"},
        {"from": "17:00", "to": "09:00"},
        {"from": "09:00", "to": "09:00"},
        {"from": 9, "to": 17},
    ],
)
def test_invalid_opening(opening: Any) -> None:
    assert error_code(with_fields(opening=opening)) == "invalid-opening"


def test_the_widest_and_narrowest_opening_hours_are_valid() -> None:
    assert "due" in answer(with_fields(opening={"from": "00:00", "to": "23:59"}))
    assert answer(with_fields(opening={"from": "23:58", "to": "23:59"}))["due"] == (
        "2026-11-24T23:59:00Z"
    )


def test_messages_name_the_field_and_the_bad_value() -> None:
    cases = {
        "clock": with_fields(clock="mash"),
        "start": with_fields(start="2026-11-23 10:00Z"),
        "rule.n": with_fields(rule={"counts": "working-days", "n": 6.5}),
        "closures[1]": with_fields(closures=["2026-11-24", "2026-02-30"]),
        "opening.to": with_fields(opening={"from": "09:00", "to": "25:00"}),
    }
    bad_values = ['"mash"', '"2026-11-23 10:00Z"', "6.5", '"2026-02-30"', '"25:00"']
    for (field, case), bad in zip(cases.items(), bad_values, strict=True):
        message = answer(case)["error"]["message"]
        assert f'"{field}"' in message
        assert bad in message


# The order of the checks


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ({"start": "bad", "rule": "bad", "closures": "bad", "opening": "bad"}, "missing-field"),
        ({"clock": "bad", "rule": "bad", "closures": "bad", "opening": "bad"}, "unknown-clock"),
        ({"clock": "rag-red", "rule": "bad", "closures": "bad", "opening": "bad"}, "missing-field"),
        (with_fields(start="bad", rule="bad", closures="bad", opening="bad"), "invalid-datetime"),
        (with_fields(rule="bad", closures="bad", opening="bad"), "invalid-value"),
        (with_fields(closures="bad", opening="bad"), "invalid-date"),
        (with_fields(opening="bad"), "invalid-opening"),
    ],
)
def test_the_first_failure_in_order_is_the_error(case: dict[str, Any], code: str) -> None:
    assert error_code(case) == code


# Moments that cannot be computed


def test_moments_beyond_the_calendar_are_invalid_datetimes_not_crashes() -> None:
    assert error_code(with_fields(start="0001-01-01T00:00+01:00")) == "invalid-datetime"
    late = with_fields(start="9999-12-30T10:00Z", rule={"counts": "working-days", "n": 1000})
    assert error_code(late) == "invalid-datetime"


def test_closures_that_leave_no_working_day_are_invalid_dates() -> None:
    every_day = [str(date(2026, 11, 23) + timedelta(days=i)) for i in range(4 * 366)]
    assert error_code(with_fields(closures=every_day)) == "invalid-date"
