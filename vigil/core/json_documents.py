"""Strict JSON documents of cases, as `vigil clocks due` and `vigil screen` read and write them.

Both commands (CLOCKS.md section 4, SCREENING.md section 6) take one case as a JSON object or
many as an array, answer in the same shape, and exit 0, 1 or 2. What they share is here: strict
parsing (NaN and Infinity are not JSON), numbers kept exactly as written so that a caller's `id`
is echoed back unchanged (`RawNumber`), and an encoder that writes them back verbatim.

Pure: the standard library only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Final, NoReturn

EXIT_COMPUTED: Final = 0
EXIT_ERROR_RESULT: Final = 1
EXIT_BAD_INPUT: Final = 2

_SHOWN_LENGTH: Final = 60
_DATE: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


class InputRejectedError(Exception):
    """The input is not strict JSON, or is neither an object nor an array (exit code 2)."""


@dataclass(frozen=True, slots=True)
class RawNumber:
    """A JSON number exactly as written in the input."""

    text: str
    integral: bool = False


@dataclass(frozen=True)
class Response:
    """What a command prints on standard output, and the exit code it ends with."""

    exit_code: int
    text: str


def parse_document(raw: bytes | str) -> object:
    """Strict JSON: NaN and Infinity are not JSON; numbers are kept as written."""
    try:
        return json.loads(
            raw,
            parse_int=_integer,
            parse_float=RawNumber,
            parse_constant=_reject_constant,
        )
    except (ValueError, RecursionError) as error:
        raise InputRejectedError(f"The input is not valid JSON: {error}") from error


def read_cases(raw: bytes | str) -> dict[str, object] | list[object]:
    """The document's one case (an object) or its cases (an array); anything else is refused."""
    document = parse_document(raw)
    if isinstance(document, dict | list):
        return document
    raise InputRejectedError(
        f"The input must be a JSON object (one case) or an array of cases, not {show(document)}."
    )


def _integer(text: str) -> RawNumber:
    return RawNumber(text, integral=True)


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON value")


def exit_code(results: list[dict[str, object]]) -> int:
    """1 when any result is an error result, else 0."""
    return EXIT_ERROR_RESULT if any("error" in result for result in results) else EXIT_COMPUTED


def one_per_line(encoded: list[str]) -> str:
    """An array of encoded results, one to a line, so that people can read a long answer too."""
    lines = ",\n".join(encoded)
    return f"[\n{lines}\n]" if encoded else "[]"


def parse_date(text: str) -> date | None:
    """The real date written `YYYY-MM-DD` (ASCII digits only), or None."""
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:  # month 13, 30 February, year 0
        return None


# Writing JSON


def encode(value: object) -> str:
    """Compact JSON for a result, with input numbers written back exactly as they came.

    Iterative rather than recursive: an `id` may be nested as deeply as the parser allowed.
    """
    parts: list[str] = []
    pending: list[object] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, _Verbatim | RawNumber):
            parts.append(item.text)
        elif isinstance(item, dict):
            pending.extend(_object_items(item))
        elif isinstance(item, list):
            pending.extend(_array_items(item))
        else:
            parts.append(json.dumps(item, allow_nan=False))
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Verbatim:
    text: str


def _object_items(mapping: Mapping[str, object]) -> list[object]:
    # Pushed in reverse, since the encoder pops from the end.
    items: list[object] = [_Verbatim("{")]
    for index, (key, item) in enumerate(mapping.items()):
        items += [_Verbatim(("," if index else "") + json.dumps(key) + ":"), item]
    return [*items, _Verbatim("}")][::-1]


def _array_items(sequence: list[object]) -> list[object]:
    items: list[object] = [_Verbatim("[")]
    for index, item in enumerate(sequence):
        items += [_Verbatim(",")] if index else []
        items.append(item)
    return [*items, _Verbatim("]")][::-1]


def show(value: object) -> str:
    """A bad value as JSON, shortened, for a message."""
    if value is None:
        return "null"
    shown = encode(value)
    return shown if len(shown) <= _SHOWN_LENGTH else shown[: _SHOWN_LENGTH - 3] + "..."
