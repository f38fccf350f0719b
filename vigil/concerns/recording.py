"""What a concern must say before it is recorded, checked in one place for pages and the API.

The steps of the form (PROCESS.md, Record): immediate risk first; the child; what was seen or
heard, with the child's own words apart; when and where; indicators; others involved. A draft
keeps whatever was typed, as text; `check` turns a draft's text into a concern's values or
says, field by field, what to put right. Pure: the standard library and the catalogue only.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Final

from vigil.screening.catalogue import BY_ID

STEPS: Final[tuple[str, ...]] = ("risk", "child", "what", "when", "indicators", "others", "check")
TITLES: Final[dict[str, str]] = {
    "risk": "Immediate risk",
    "child": "The child",
    "what": "What you saw or heard",
    "when": "When and where",
    "indicators": "Signs you noticed",
    "others": "Others involved",
    "check": "Check and record",
}
# Which fields each step asks for (the check step asks for none).
FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "risk": ("immediate_risk",),
    "child": ("child_id",),
    "what": ("seen_or_heard", "childs_words"),
    "when": ("happened_on", "happened_time", "location"),
    "indicators": ("indicators",),
    "others": ("others_involved",),
    "check": (),
}
# What a page posts for each step (the date as GOV.UK's three boxes).
POSTED: Final[dict[str, tuple[str, ...]]] = {
    **FIELDS,
    "when": (
        "happened_on_day",
        "happened_on_month",
        "happened_on_year",
        "happened_time",
        "location",
    ),
}
LONGEST_TEXT = 20_000


@dataclass(frozen=True)
class ConcernInput:
    immediate_risk: bool
    child_id: uuid.UUID
    seen_or_heard: str
    childs_words: str
    happened_on: date
    happened_time: time | None
    location: str
    indicators: tuple[str, ...]
    others_involved: str


def _text(data: dict[str, object], name: str) -> str:
    value = data.get(name)
    return value.strip() if isinstance(value, str) else ""


def _risk(data: dict[str, object], errors: dict[str, str]) -> bool:
    value = data.get("immediate_risk")
    if value in (True, "yes"):
        return True
    if value in (False, "no"):
        return False
    errors["immediate_risk"] = "Select yes if the child may be at immediate risk of harm"
    return False


def _child(data: dict[str, object], errors: dict[str, str]) -> uuid.UUID:
    try:
        return uuid.UUID(str(data.get("child_id") or ""))
    except ValueError:
        errors["child_id"] = "Choose the child, or add them if they are not listed"
        return uuid.UUID(int=0)


def _date_text(data: dict[str, object]) -> str:
    """The date as typed: ISO text (the API) or day, month and year (GOV.UK's date input)."""
    parts = [_text(data, f"happened_on_{part}") for part in ("year", "month", "day")]
    if not any(parts):
        return _text(data, "happened_on")
    try:
        year, month, day = (int(part) for part in parts)
        return date(year, month, day).isoformat()
    except ValueError:
        return "not a date"


def _when(data: dict[str, object], today: date, errors: dict[str, str]) -> tuple[date, time | None]:
    day, moment = today, None
    text = _date_text(data)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors["happened_on"] = (
            "Enter the date it happened, for example 21 11 2026"
            if text
            else "Enter the date it happened"
        )
    else:
        if day > today:
            errors["happened_on"] = "The date it happened must be today or in the past"
        elif day.year < today.year - 18:
            errors["happened_on"] = "Check the year: a concern is about a child's life so far"
    clock = _text(data, "happened_time")
    if clock:
        if re.fullmatch(r"([01]?\d|2[0-3])[:.][0-5]\d", clock):
            hours, minutes = re.split(r"[:.]", clock)
            moment = time(int(hours), int(minutes))
        else:
            errors["happened_time"] = (
                "Enter the time as hours and minutes, like 14:30, or leave it blank"
            )
    return day, moment


def _indicators(data: dict[str, object], errors: dict[str, str]) -> tuple[str, ...]:
    raw = data.get("indicators") or []
    chosen = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    unknown = [item for item in chosen if item not in BY_ID]
    if unknown:
        errors["indicators"] = "Choose signs from the list"
    return tuple(dict.fromkeys(item for item in chosen if item in BY_ID))


def check(
    data: dict[str, object], *, today: date, steps: tuple[str, ...] = STEPS
) -> tuple[ConcernInput | None, dict[str, str]]:
    """The concern's values, or the errors to show (field name -> message), for the fields of
    `steps` (all of them when recording)."""
    errors: dict[str, str] = {}
    risk = _risk(data, errors)
    child = _child(data, errors)
    seen = _text(data, "seen_or_heard")
    if not seen:
        errors["seen_or_heard"] = "Describe what you saw or heard, in your own words"
    for name in ("seen_or_heard", "childs_words", "others_involved", "location"):
        if len(_text(data, name)) > LONGEST_TEXT:
            errors[name] = f"This is too long to save: keep it under {LONGEST_TEXT:,} characters"
    day, moment = _when(data, today, errors)
    location = _text(data, "location")
    if not location:
        errors["location"] = "Say where it happened, or where you were told about it"
    elif len(location) > 300:
        errors["location"] = "Keep the place to 300 characters; put more detail in what you saw"
    chosen = _indicators(data, errors)
    asked = {name for step in steps for name in FIELDS[step]}
    errors = {name: message for name, message in errors.items() if name in asked}
    if errors or set(steps) != set(STEPS):
        return None, errors
    return ConcernInput(
        immediate_risk=risk,
        child_id=child,
        seen_or_heard=seen,
        childs_words=_text(data, "childs_words"),
        happened_on=day,
        happened_time=moment,
        location=location,
        indicators=chosen,
        others_involved=_text(data, "others_involved"),
    ), {}


def first_incomplete(data: dict[str, object], *, today: date) -> str:
    """The first step with something still to answer (the check step when none)."""
    for step in STEPS[:-1]:
        if check(data, today=today, steps=(step,))[1]:
            return step
    return "check"


def happened_moment(value: ConcernInput) -> tuple[datetime, bool]:
    """When it happened as a local wall-clock moment (midday when no time was given, so the
    date stays the same in any time zone), and whether the time was known."""
    moment = value.happened_time or time(12, 0)
    return datetime.combine(value.happened_on, moment), value.happened_time is not None
