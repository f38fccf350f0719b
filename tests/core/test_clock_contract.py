"""The JSON contract of `vigil clocks due` (CLOCKS.md section 4), without the process around it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.core.bank_holidays import bank_holidays
from vigil.core.calendar import OpeningHours, WorkingCalendar
from vigil.core.clock_contract import InputRejectedError, encode, parse_start, respond
from vigil.core.clocks import CLOCK_IDS, COUNTS, DEFAULT_RULES, ClockRule, deadline

ENGLAND = bank_holidays("ENG")
CODES = {
    "invalid-value",
    "missing-field",
    "unknown-clock",
    "invalid-datetime",
    "invalid-date",
    "invalid-opening",
}
EXAMPLE = {
    "id": "caller's id",
    "clock": "mash-decision",
    "start": "2026-12-24T16:30:00+00:00",
    "closures": ["2026-12-29"],
    "opening": {"from": "09:00", "to": "17:00"},
}


def answer(case: Any) -> Any:
    """The case's result, through JSON both ways as the command does it."""
    return json.loads(respond(json.dumps(case), ENGLAND).text)


def with_fields(**fields: Any) -> dict[str, Any]:
    return {"clock": "dsl-triage", "start": "2026-11-23T10:00:00Z"} | fields


# Results


def test_the_specification_example() -> None:
    response = respond(json.dumps(EXAMPLE), ENGLAND)
    assert response.exit_code == 0
    assert json.loads(response.text) == {
        "id": "caller's id",
        "clock": "mash-decision",
        "due": "2026-12-30T17:00:00Z",
        "warn_at": "2026-12-30T14:52:30Z",
    }
    assert list(json.loads(response.text)) == ["id", "clock", "due", "warn_at"]


def test_an_array_gives_an_array_in_the_same_order() -> None:
    cases = [EXAMPLE, "not a case", with_fields(id=7)]
    response = respond(json.dumps(cases), ENGLAND)
    results = json.loads(response.text)
    assert response.exit_code == 1
    assert [result["id"] for result in results] == ["caller's id", None, 7]
    assert results[0]["due"] == "2026-12-30T17:00:00Z"
    assert results[1]["error"]["code"] == "invalid-value"
    assert results[2] == {
        "id": 7,
        "clock": "dsl-triage",
        "due": "2026-11-24T17:00:00Z",
        "warn_at": "2026-11-24T13:15:00Z",
    }


def test_an_empty_array_gives_an_empty_array() -> None:
    response = respond("[]", ENGLAND)
    assert (response.exit_code, json.loads(response.text)) == (0, [])


@pytest.mark.parametrize(
    "raw_id",
    ['"text"', "1.10", "-0", "1e400", "12345678901234567890123", '{"a": [1, null]}', "false"],
)
def test_the_id_is_echoed_exactly_as_given(raw_id: str) -> None:
    raw = '{"id": ' + raw_id + ', "clock": "rag-red", "start": "2026-11-23T10:00Z"}'
    text = respond(raw, ENGLAND).text
    assert text.startswith('{"id":' + raw_id.replace(" ", "") + ',"clock":"rag-red"')


def test_the_id_is_null_when_absent_or_null_and_on_errors_too() -> None:
    assert answer(with_fields())["id"] is None
    assert answer(with_fields(id=None))["id"] is None
    result = answer(with_fields(id="x", clock="nope"))
    assert result["id"] == "x"
    assert result["error"]["code"] == "unknown-clock"


def test_fields_not_named_are_ignored() -> None:
    assert answer(with_fields(colour="red", region="SCT"))["due"] == "2026-11-24T17:00:00Z"


def test_null_optional_fields_take_their_defaults() -> None:
    result = answer(with_fields(rule=None, closures=None, opening=None))
    assert result["due"] == "2026-11-24T17:00:00Z"


def test_a_rule_overrides_the_clock_default() -> None:
    # Monday 10:00, 10 working hours: Monday's 7, then 3 on Tuesday; warning after 7h30m.
    result = answer(with_fields(rule={"counts": "working-hours", "n": 10}))
    assert (result["clock"], result["due"], result["warn_at"]) == (
        "dsl-triage",
        "2026-11-24T12:00:00Z",
        "2026-11-24T09:30:00Z",
    )
    assert answer(with_fields(rule={"counts": "calendar-hours", "n": 1000}))["due"] == (
        "2027-01-04T02:00:00Z"
    )


def test_opening_hours_and_closures_change_the_result() -> None:
    result = answer(
        with_fields(closures=["2026-11-24"], opening={"from": "08:00", "to": "18:00", "x": 1})
    )
    assert (result["due"], result["warn_at"]) == ("2026-11-25T18:00:00Z", "2026-11-25T13:30:00Z")


def test_any_offset_names_an_instant_and_fractions_are_kept_until_the_end() -> None:
    same = [
        "2026-11-23T10:00Z",
        "2026-11-23T10:00:00Z",
        "2026-11-23T10:00:00.0Z",
        "2026-11-23T15:30:00+05:30",
        "2026-11-23T02:00:00-08:00",
    ]
    assert {answer(with_fields(start=start))["due"] for start in same} == {"2026-11-24T17:00:00Z"}
    result = answer(with_fields(clock="rag-red", start="2026-11-23T10:00:59.999999+00:00"))
    assert (result["due"], result["warn_at"]) == ("2026-11-23T14:00:59Z", "2026-11-23T13:00:59Z")


# The document


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "{",
        "NaN",
        "[NaN]",
        '{"clock": "rag-red", "start": "2026-11-23T10:00Z", "id": Infinity}',
        '{"id": -Infinity}',
        "5",
        '"text"',
        "null",
        "true",
        "{'clock': 'rag-red'}",
        b"\xff\xfe\xfa",
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_input_that_is_not_a_json_object_or_array_is_refused(raw: str | bytes) -> None:
    with pytest.raises(InputRejectedError):
        respond(raw, ENGLAND)


def test_exit_codes() -> None:
    assert respond(json.dumps([EXAMPLE, EXAMPLE]), ENGLAND).exit_code == 0
    assert respond(json.dumps([EXAMPLE, {}]), ENGLAND).exit_code == 1
    assert respond(json.dumps({}), ENGLAND).exit_code == 1


def test_encode_writes_compact_json_and_deep_values() -> None:
    deep: Any = "bottom"
    for _ in range(5000):
        deep = [deep]
    assert encode({"a": deep}) == '{"a":' + "[" * 5000 + '"bottom"' + "]" * 5000 + "}"
    assert encode({"a": [1, {"b": None}], "c": True, "d": "\u00e9"}) == (
        '{"a":[1,{"b":null}],"c":true,"d":"\\u00e9"}'
    )


# Generated cases

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from([*CLOCK_IDS, "2026-11-23T10:00Z", "09:00", *COUNTS]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = st.sampled_from(["id", "clock", "start", "rule", "closures", "opening", "other"])


@settings(max_examples=200, deadline=None)
@given(case=JSON_VALUES | st.dictionaries(FIELDS, JSON_VALUES, max_size=6))
def test_any_json_case_gets_a_result_or_a_known_error(case: Any) -> None:
    [result] = answer([case])
    assert result["id"] == (case.get("id") if isinstance(case, dict) else None)
    if "error" in result:
        assert result["error"]["code"] in CODES
        assert result["error"]["message"]
    else:
        assert set(result) == {"id", "clock", "due", "warn_at"}


@st.composite
def written_starts(draw: st.DrawFn) -> tuple[str, datetime]:
    """A moment, and one way of writing it that the contract accepts."""
    minutes = draw(st.integers(-(23 * 60 + 59), 23 * 60 + 59))
    zone = timezone(timedelta(minutes=minutes))
    moment = draw(
        st.datetimes(datetime(2025, 1, 2), datetime(2028, 12, 30), timezones=st.just(zone))
    )
    digits = draw(st.integers(0, 6))
    fraction = f"{moment.microsecond:06d}"[:digits]
    moment = moment.replace(microsecond=int(fraction.ljust(6, "0")))
    seconds = f":{moment.second:02d}" + (f".{fraction}" if digits else "")
    if moment.second == 0 and not digits and draw(st.booleans()):
        seconds = ""
    sign = "-" if minutes < 0 else "+"
    offset = (
        "Z"
        if minutes == 0 and draw(st.booleans())
        else f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    )
    return f"{moment:%Y-%m-%dT%H:%M}{seconds}{offset}", moment


@settings(max_examples=200, deadline=None)
@given(
    written=written_starts(),
    clock=st.sampled_from(CLOCK_IDS),
    rule=st.none() | st.builds(ClockRule, counts=st.sampled_from(COUNTS), n=st.integers(1, 60)),
    closures=st.lists(st.dates(date(2025, 1, 1), date(2029, 3, 1)), max_size=5),
)
def test_generated_valid_cases_agree_with_the_engine(
    written: tuple[str, datetime], clock: str, rule: ClockRule | None, closures: list[date]
) -> None:
    text, moment = written
    assert parse_start(text) == moment
    case = {"clock": clock, "start": text, "closures": [str(day) for day in closures]}
    if rule is not None:
        case["rule"] = {"counts": rule.counts, "n": rule.n}
    calendar = WorkingCalendar(
        opening=OpeningHours(), closures=frozenset(closures), bank_holidays=ENGLAND
    )
    expected = deadline(rule or DEFAULT_RULES[clock], moment, calendar)
    result = answer(case)
    assert (result["due"], result["warn_at"]) == (
        f"{expected.due.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
        f"{expected.warn_at.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}",
    )
