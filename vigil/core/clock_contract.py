"""The JSON contract of `vigil clocks due` (CLOCKS.md section 4).

One case (a JSON object) in gives one result out; an array of cases gives an array of results in
the same order. A case is checked field by field in the order the specification fixes, and the
first failure becomes its error result, with a stable code for programs and a message that names
the field and the bad value for people.

Numbers in the input are kept as written (`RawNumber`), so that a caller's `id` is echoed back
exactly and a length such as `6.0` is told apart from `6`; `encode` writes them back verbatim.

Pure: the bank holidays are passed in as a `Container[date]`; reading files and exit codes
belong to the management command.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Final

from vigil.core.calendar import NoWorkingDayError, OpeningHours, WorkingCalendar
from vigil.core.clocks import (
    COUNTS,
    DEFAULT_RULES,
    LONGEST,
    ClockRule,
    Counts,
    Deadline,
    deadline,
)
from vigil.core.json_documents import InputRejectedError as InputRejectedError
from vigil.core.json_documents import (
    RawNumber,
    Response,
    exit_code,
    one_per_line,
    parse_date,
    read_cases,
)
from vigil.core.json_documents import encode as encode
from vigil.core.json_documents import show as _show

_START: Final = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})"
    r"(?::(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]{1,6}))?)?"
    r"(?:(?P<utc>Z)|(?P<sign>[+-])(?P<offset_hours>[0-9]{2}):(?P<offset_minutes>[0-9]{2}))"
)
_CLOCK_TIME: Final = re.compile(r"([0-9]{2}):([0-9]{2})")
_START_FORM: Final = "YYYY-MM-DDTHH:MM, optionally :SS and .ffffff, then Z or +HH:MM / -HH:MM"


class CaseError(Exception):
    """A case fails the contract: `code` is for programs, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Case:
    """A case that has passed every check of CLOCKS.md 4."""

    clock: str
    start: datetime
    rule: ClockRule
    calendar: WorkingCalendar


# The document


def respond(raw: bytes | str, bank_holidays: Container[date]) -> Response:
    """Answer a whole input document: one result for an object, an array for an array."""
    document = read_cases(raw)
    if isinstance(document, dict):
        result = answer_case(document, bank_holidays)
        return Response(exit_code([result]), encode(result))
    results = [answer_case(case, bank_holidays) for case in document]
    return Response(exit_code(results), one_per_line([encode(result) for result in results]))


# One case


def answer_case(case: object, bank_holidays: Container[date]) -> dict[str, object]:
    """The result for one case, or its error result (CLOCKS.md 4)."""
    case_id = case.get("id") if isinstance(case, dict) else None
    try:
        checked = read_case(case, bank_holidays)
        computed = _compute(checked)
    except CaseError as error:
        return {"id": case_id, "error": {"code": error.code, "message": error.message}}
    return {
        "id": case_id,
        "clock": checked.clock,
        "due": _utc_text(computed.due),
        "warn_at": _utc_text(computed.warn_at),
    }


def read_case(case: object, bank_holidays: Container[date]) -> Case:
    """Check a case in the order of CLOCKS.md 4; the first failure is raised as a CaseError."""
    if not isinstance(case, dict):
        raise CaseError("invalid-value", f"Each case must be a JSON object, not {_show(case)}.")
    clock = read_clock(case.get("clock"))
    start = read_start(case.get("start"))
    rule = read_rule(case.get("rule"), clock)
    closures = read_closures(case.get("closures"))
    opening = read_opening(case.get("opening"))
    calendar = WorkingCalendar(opening=opening, closures=closures, bank_holidays=bank_holidays)
    return Case(clock=clock, start=start, rule=rule, calendar=calendar)


def _compute(case: Case) -> Deadline:
    try:
        return deadline(case.rule, case.start, case.calendar)
    except OverflowError as error:
        raise CaseError(
            "invalid-datetime",
            f'"start" {case.start.isoformat()} is too near the end of the calendar to compute.',
        ) from error
    except NoWorkingDayError as error:
        raise CaseError("invalid-date", f'"closures" leave no working day: {error}') from error


def read_clock(value: object) -> str:
    """`clock`: present (missing-field) and one of the ids of CLOCKS.md 3 (unknown-clock)."""
    if value is None:
        raise CaseError("missing-field", f'"clock" is missing: give one of {_clock_list()}.')
    if not isinstance(value, str) or value not in DEFAULT_RULES:
        raise CaseError(
            "unknown-clock", f'"clock" {_show(value)} is not a known clock: use {_clock_list()}.'
        )
    return value


def read_start(value: object) -> datetime:
    """`start`: present (missing-field) and in the exact form of CLOCKS.md 4 (invalid-datetime)."""
    if value is None:
        raise CaseError("missing-field", f'"start" is missing: give a moment as {_START_FORM}.')
    parsed = parse_start(value) if isinstance(value, str) else None
    if parsed is None:
        raise CaseError(
            "invalid-datetime", f'"start" {_show(value)} is not a real moment as {_START_FORM}.'
        )
    return parsed


def parse_start(text: str) -> datetime | None:
    """The moment `text` names, or None when it is not in the contract's exact form."""
    match = _START.fullmatch(text)
    if match is None:
        return None
    day = parse_date(match["date"])
    zone = _zone(match)
    if day is None or zone is None:
        return None
    fraction = match["fraction"] or ""
    try:
        clock = time(
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            int(fraction.ljust(6, "0")),
        )
    except ValueError:  # hour 24, minute or second 60 and the like
        return None
    return datetime.combine(day, clock, tzinfo=zone)


def _zone(match: re.Match[str]) -> timezone | None:
    if match["utc"]:
        return UTC
    hours, minutes = int(match["offset_hours"]), int(match["offset_minutes"])
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match["sign"] == "-" else offset)


def read_rule(value: object, clock: str) -> ClockRule:
    """`rule`: null for the clock's default, else `counts` and `n` (invalid-value)."""
    if value is None:
        return DEFAULT_RULES[clock]
    if not isinstance(value, dict):
        raise CaseError(
            "invalid-value", f'"rule" {_show(value)} must be an object with "counts" and "n".'
        )
    counts = _read_counts(value.get("counts"))
    return ClockRule(counts=counts, n=_read_length(value.get("n")))


def _read_counts(value: object) -> Counts:
    for counts in COUNTS:
        if value == counts:
            return counts
    raise CaseError(
        "invalid-value", f'"rule.counts" {_show(value)} must be one of {", ".join(COUNTS)}.'
    )


def _read_length(value: object) -> int:
    # Written as an integer (so not 6.0, nor true), and short enough to be at most LONGEST.
    if isinstance(value, RawNumber) and value.integral and len(value.text) <= len(str(LONGEST)):
        length = int(value.text)
        if 1 <= length <= LONGEST:
            return length
    raise CaseError(
        "invalid-value", f'"rule.n" {_show(value)} must be a whole number from 1 to {LONGEST}.'
    )


def read_closures(value: object) -> frozenset[date]:
    """`closures`: null for none, else an array of real `YYYY-MM-DD` dates (invalid-date)."""
    if value is None:
        return frozenset()
    if not isinstance(value, list):
        raise CaseError(
            "invalid-date", f'"closures" {_show(value)} must be an array of YYYY-MM-DD dates.'
        )
    days = [parse_date(item) if isinstance(item, str) else None for item in value]
    for index, (item, day) in enumerate(zip(value, days, strict=True)):
        if day is None:
            raise CaseError(
                "invalid-date", f'"closures[{index}]" {_show(item)} is not a real YYYY-MM-DD date.'
            )
    return frozenset(day for day in days if day is not None)


def read_opening(value: object) -> OpeningHours:
    """`opening`: null for 09:00-17:00, else `from` before `to`, each HH:MM (invalid-opening)."""
    if value is None:
        return OpeningHours()
    if not isinstance(value, dict):
        raise CaseError(
            "invalid-opening", f'"opening" {_show(value)} must be an object with "from" and "to".'
        )
    opens = _read_clock_time(value.get("from"), "opening.from")
    closes = _read_clock_time(value.get("to"), "opening.to")
    if opens >= closes:
        raise CaseError(
            "invalid-opening",
            f'"opening.from" {opens:%H:%M} must be before "opening.to" {closes:%H:%M}.',
        )
    return OpeningHours(opens=opens, closes=closes)


def _read_clock_time(value: object, name: str) -> time:
    match = _CLOCK_TIME.fullmatch(value) if isinstance(value, str) else None
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise CaseError(
            "invalid-opening", f'"{name}" {_show(value)} must be a time HH:MM from 00:00 to 23:59.'
        )
    return time(int(match[1]), int(match[2]))


# Writing JSON


def _utc_text(moment: datetime) -> str:
    # isoformat, not strftime: it writes a year before 1000 with four digits.
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _clock_list() -> str:
    return ", ".join(DEFAULT_RULES)
