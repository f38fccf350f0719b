"""The JSON contract of `vigil screen` and `POST /api/v1/screenings/evaluate` (SCREENING.md 6).

One case (a JSON object) in gives one result out; an array of cases gives an array of results in
the same order. A case is checked in the order the specification fixes, and the first failure
becomes its error result `{"id", "error": {"code", "message"}}`, with a stable code for programs
and a message that names the field and the bad value for people. No input makes this raise:
whatever JSON value stands in any field becomes an error result, and the other cases of a batch
are still evaluated.

Pure: the standard library, the catalogue and the instruments only; reading files and exit
codes belong to the management command, HTTP to the API.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Final

from vigil.core.json_documents import (
    EXIT_COMPUTED,
    EXIT_ERROR_RESULT,
    Response,
    encode,
    exit_code,
    one_per_line,
    parse_date,
    read_cases,
    show,
)
from vigil.screening.catalogue import BY_ID
from vigil.screening.evaluation import Case, Explanation, Observation, evaluate, is_child
from vigil.screening.instruments import DEFAULT, INSTRUMENTS
from vigil.screening.instruments.schema import Instrument

BASES: Final = ("evidence", "concern")
CODES: Final = (
    "unknown-instrument",
    "unknown-indicator",
    "invalid-date",
    "missing-field",
    "observation-in-future",
    "not-a-child",
    "invalid-value",
)
_DATE_FORM: Final = "a real date written YYYY-MM-DD"
_COMPACT: Final = (",", ":")


class CaseError(Exception):
    """A case fails the contract: `code` is for programs, `message` for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


# The document


def respond(raw: bytes | str) -> Response:
    """Answer a whole input document (InputRejectedError when it is not an object or array)."""
    return answer_document(read_cases(raw))


def answer_document(document: dict[str, object] | list[object]) -> Response:
    """One encoded result for an object, an array of them (one a line) for an array."""
    if isinstance(document, dict):
        result = answer_case(document)
        return Response(exit_code([result]), encode_result(result))
    # Each result is encoded as soon as it is made: strings are not for the cyclic garbage
    # collector to walk, and a batch's results kept as dicts and lists would make it walk the
    # whole input several times over (a quarter of the time of 100,000 cases, measured).
    encoded = []
    failed = False
    for case in document:
        result = answer_case(case)
        failed = failed or "error" in result
        encoded.append(encode_result(result))
    return Response(EXIT_ERROR_RESULT if failed else EXIT_COMPUTED, one_per_line(encoded))


def encode_result(result: dict[str, object]) -> str:
    """Compact JSON; an `id` holding numbers is written back exactly as it came."""
    case_id = result["id"]
    if case_id is None or isinstance(case_id, str | bool):
        return json.dumps(result, separators=_COMPACT)
    rest = json.dumps({k: v for k, v in result.items() if k != "id"}, separators=_COMPACT)
    return '{"id":' + encode(case_id) + "," + rest[1:]


# One case


def answer_case(case: object) -> dict[str, object]:
    """The result for one case, or its error result."""
    case_id = case.get("id") if isinstance(case, dict) else None
    try:
        instrument, checked = read_case(case)
        explanation = _evaluate(instrument, checked)
    except CaseError as error:
        return {"id": case_id, "error": {"code": error.code, "message": error.message}}
    return result_of(case_id, explanation)


def result_of(case_id: object, explanation: Explanation) -> dict[str, object]:
    """The result object of section 6, exactly its fields. It shares the explanation's lists
    and dicts, which each evaluation makes afresh."""
    review_by = explanation.review_by
    return {
        "id": case_id,
        "instrument": explanation.instrument,
        "level": explanation.level,
        "score": explanation.score,
        "band": explanation.band,
        "points": explanation.points,
        "rules": explanation.rules,
        "floors": explanation.floors,
        "indicators": explanation.indicators,
        "historical": explanation.historical,
        "context": explanation.context,
        "age": explanation.age,
        "immediate_risk": explanation.immediate_risk,
        "actions": explanation.actions,
        "review_by": None if review_by is None else review_by.isoformat(),
    }


def _evaluate(instrument: Instrument, case: Case) -> Explanation:
    try:
        return evaluate(instrument, case)
    except OverflowError as error:
        raise CaseError(
            "invalid-date",
            f"assessed_on: {_shown(case.assessed_on.isoformat())} is too late: the review date "
            "would fall after the year 9999.",
        ) from error


def read_case(case: object) -> tuple[Instrument, Case]:
    """Check a case in the order of section 6; the first failure is raised as a CaseError."""
    if not isinstance(case, dict):
        raise CaseError("invalid-value", f"A case must be a JSON object, not {_shown(case)}.")
    instrument = _instrument(case.get("instrument"))
    assessed_on = _date(case.get("assessed_on"), "assessed_on", "the date of the assessment")
    child = case.get("child")
    if child is None:
        raise CaseError("missing-field", "child: missing; give at least its date_of_birth.")
    if not isinstance(child, dict):
        raise CaseError("invalid-value", f"child: {_shown(child)} must be a JSON object.")
    born = _date(child.get("date_of_birth"), "child.date_of_birth", "the child's date of birth")
    if born > assessed_on:
        raise CaseError(
            "invalid-date",
            f"child.date_of_birth: {_shown(born.isoformat())} is after assessed_on "
            f"{_shown(assessed_on.isoformat())}.",
        )
    learning = _flag(child.get("learning_disability"), "child.learning_disability")
    statuses = _statuses(child.get("statuses"))
    if not is_child(born, assessed_on):
        raise CaseError(
            "not-a-child",
            f"child.date_of_birth: {_shown(born.isoformat())}: the child is 18 or over on "
            f"{assessed_on.isoformat()}; screening is for children.",
        )
    immediate = _flag(case.get("immediate_risk"), "immediate_risk")
    observations = _observations(case.get("observations"), assessed_on)
    return instrument, Case(assessed_on, born, observations, statuses, learning, immediate)


def _instrument(value: object) -> Instrument:
    if value is None:
        return INSTRUMENTS[DEFAULT]
    found = INSTRUMENTS.get(value) if isinstance(value, str) else None
    if found is None:
        raise CaseError(
            "unknown-instrument",
            f"instrument: {_shown(value)} is not a known instrument: use "
            f"{' or '.join(INSTRUMENTS)}.",
        )
    return found


def _date(value: object, path: str, meaning: str) -> date:
    if value is None:
        raise CaseError("missing-field", f"{path}: missing; give {meaning} as YYYY-MM-DD.")
    day = _day(value) if isinstance(value, str) else None
    if day is None:
        raise CaseError("invalid-date", f"{path}: {_shown(value)} is not {_DATE_FORM}.")
    return day


# Batches repeat dates: each text is parsed once (bounded, and never wrong: the same text is
# always the same date).
_DAYS: dict[str, date | None] = {}
_DAYS_KEPT: Final = 100_000


def _day(text: str) -> date | None:
    if text in _DAYS:
        return _DAYS[text]
    if len(_DAYS) >= _DAYS_KEPT:
        _DAYS.clear()
    day = _DAYS[text] = parse_date(text)
    return day


def _flag(value: object, path: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CaseError("invalid-value", f"{path}: {_shown(value)} must be true or false.")
    return value


def _statuses(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CaseError(
            "invalid-value", f"child.statuses: {_shown(value)} must be a list of v. indicator ids."
        )
    for index, status in enumerate(value):
        path = f"child.statuses[{index}]"
        if not isinstance(status, str) or status not in BY_ID:
            raise CaseError(
                "unknown-indicator", f"{path}: {_shown(status)} is not in the catalogue."
            )
        if not status.startswith("v."):
            raise CaseError(
                "invalid-value",
                f"{path}: {_shown(status)} is not a vulnerability (v.): only those are statuses.",
            )
    return tuple(value)


def _observations(value: object, assessed_on: date) -> tuple[Observation, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise CaseError(
            "invalid-value", f"observations: {_shown(value)} must be a list of observations."
        )
    found = []
    for index, item in enumerate(value):
        # The common case, a good observation, inline and without building the messages of a
        # bad one: this loop is most of the contract's cost.
        if isinstance(item, dict):
            indicator, observed = item.get("indicator"), item.get("observed_on")
            basis = item.get("basis")
            if (
                isinstance(indicator, str)
                and indicator in BY_ID
                and isinstance(observed, str)
                and (basis is None or (isinstance(basis, str) and basis in BASES))
            ):
                day = _DAYS.get(observed) or _day(observed)
                if day is not None and day <= assessed_on:
                    found.append(Observation(indicator, day, basis or BASES[0]))
                    continue
        found.append(_checked_observation(item, index, assessed_on))
    return tuple(found)


def _checked_observation(item: object, index: int, assessed_on: date) -> Observation:
    """Each check of section 6 step 7 in order: the first failure is the error."""
    path = f"observations[{index}]"
    if not isinstance(item, dict):
        raise CaseError("invalid-value", f"{path}: {_shown(item)} must be a JSON object.")
    indicator = item.get("indicator")
    if indicator is None:
        raise CaseError("missing-field", f"{path}.indicator: missing; give a catalogue id.")
    if not isinstance(indicator, str) or indicator not in BY_ID:
        raise CaseError(
            "unknown-indicator", f"{path}.indicator: {_shown(indicator)} is not in the catalogue."
        )
    observed_on = _date(item.get("observed_on"), f"{path}.observed_on", "the date it was seen")
    if observed_on > assessed_on:
        raise CaseError(
            "observation-in-future",
            f"{path}.observed_on: {_shown(observed_on.isoformat())} is after assessed_on "
            f"{_shown(assessed_on.isoformat())}.",
        )
    basis = item.get("basis")
    if basis is None:
        return Observation(indicator, observed_on)
    if basis not in BASES:
        raise CaseError(
            "invalid-value", f"{path}.basis: {_shown(basis)} must be evidence or concern."
        )
    return Observation(indicator, observed_on, str(basis))


def _shown(value: object) -> str:
    """A bad value for a message: a string in quotes as the person wrote it, else as JSON."""
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return show(value)
