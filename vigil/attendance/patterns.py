"""The absence patterns flagged to a school's designated safeguarding leads, as rules.

The source documents ask that absence is followed up promptly and referred to the education
welfare service; absence often comes before a child goes missing. Three patterns are flagged:

- unexplained absence today (codes N, O or U) of a child screened medium or high at their
  latest final screening, or with a referral still open: the same day's follow-up;
- persistent absence: attending under 90% of the possible sessions among the child's last 60
  sessions with marks (sessions not counted, codes.NOT_COUNTED, are in the 60 but not in the
  figure), once at least 20 of them were possible;
- part-day absence: 3 or more days in the last 4 weeks (28 days to today) when the child
  attended one session and was absent from the other.

The thresholds are the partnership's configuration (`Thresholds`). These functions say what
the rules mean on one child's marks; the database computes the same for every child at once
(flag_store.py), and the tests hold the two to the same answers. Pure: the standard library.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta
from typing import Final

from vigil.attendance.codes import ABSENT, ATTENDING, CODES, POSSIBLE, UNEXPLAINED


class Kind(enum.StrEnum):
    UNEXPLAINED = "unexplained"
    PERSISTENT = "persistent"
    PART_DAY = "part-day"


KIND_LABELS: Final = {
    Kind.UNEXPLAINED: "Unexplained absence today",
    Kind.PERSISTENT: "Persistent absence",
    Kind.PART_DAY: "Part-day absences",
}
# The sign a concern started from a flag suggests (SCREENING.md's catalogue).
SUGGESTED: Final = {
    Kind.UNEXPLAINED: ("i.education_disengagement",),
    Kind.PERSISTENT: ("v.not_in_education",),
    Kind.PART_DAY: ("i.education_disengagement",),
}


@dataclass(frozen=True)
class Thresholds:
    persistent_sessions: int = 60
    persistent_percent: int = 90
    persistent_minimum: int = 20
    part_day_count: int = 3
    part_day_days: int = 28

    def problems(self) -> dict[str, str]:
        """What is out of range, by field name (empty when all is well)."""
        found = {
            name: f"Enter a whole number from {low} to {high}"
            for name, (low, high) in LIMITS.items()
            if not low <= getattr(self, name) <= high
        }
        if "persistent_minimum" not in found and self.persistent_minimum > min(
            self.persistent_sessions, LIMITS["persistent_sessions"][1]
        ):
            found["persistent_minimum"] = "The minimum cannot be more than the sessions looked at"
        return found

    def as_dict(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


LIMITS: Final = {
    "persistent_sessions": (10, 400),
    "persistent_percent": (50, 99),
    "persistent_minimum": (1, 400),
    "part_day_count": (1, 20),
    "part_day_days": (7, 90),
}

# One mark: its date, session ("AM" or "PM") and code.
Marked = tuple[date, str, str]


@dataclass(frozen=True)
class Finding:
    """A pattern found in one child's marks: its numbers and the last date it rests on."""

    kind: Kind
    through: date
    detail: dict[str, int | str]


def persistent(marks: Iterable[Marked], rules: Thresholds) -> Finding | None:
    window = sorted(marks, key=lambda m: (m[0], m[1]), reverse=True)[: rules.persistent_sessions]
    present = sum(1 for m in window if m[2] in ATTENDING)
    possible = sum(1 for m in window if m[2] in POSSIBLE)
    if possible < rules.persistent_minimum or present * 100 >= rules.persistent_percent * possible:
        return None
    first, last = window[-1][0], window[0][0]
    detail: dict[str, int | str] = {
        "present": present,
        "possible": possible,
        "sessions": len(window),
        "first": first.isoformat(),
        "last": last.isoformat(),
    }
    return Finding(Kind.PERSISTENT, last, detail)


def part_days(marks: Iterable[Marked], today: date, rules: Thresholds) -> Finding | None:
    since = today - timedelta(days=rules.part_day_days)
    days: dict[date, list[str]] = {}
    for day, _session, code in marks:
        if since < day <= today:
            days.setdefault(day, []).append(code)
    split = sorted(day for day, codes in days.items() if _part_day(codes))
    if len(split) < rules.part_day_count:
        return None
    detail: dict[str, int | str] = {
        "days": len(split),
        "within": rules.part_day_days,
        "first": split[0].isoformat(),
        "last": split[-1].isoformat(),
    }
    return Finding(Kind.PART_DAY, split[-1], detail)


def _part_day(codes: Sequence[str]) -> bool:
    attended = sum(1 for code in codes if code in ATTENDING)
    absent = sum(1 for code in codes if code in ABSENT)
    return attended == 1 and absent == 1


def unexplained(marks: Iterable[Marked], today: date) -> Finding | None:
    sessions = sorted(
        f"{session} {code}" for day, session, code in marks if day == today and code in UNEXPLAINED
    )
    if not sessions:
        return None
    return Finding(
        Kind.UNEXPLAINED, today, {"date": today.isoformat(), "sessions": ", ".join(sessions)}
    )


def describe(kind: str, detail: dict[str, object]) -> str:
    """The pattern in a sentence, for the flag's page and the child's chronology."""
    if kind == Kind.PERSISTENT:
        present, possible = int(str(detail["present"])), int(str(detail["possible"]))
        share = present * 100 // possible if possible else 0
        return (
            f"Attended {present} of {possible} possible sessions ({share}%) among the last "
            f"{detail['sessions']} sessions with marks, from {_shown(detail['first'])} to "
            f"{_shown(detail['last'])}."
        )
    if kind == Kind.PART_DAY:
        return (
            f"Attended one session and was absent from the other on {detail['days']} days in "
            f"the {detail['within']} days to {_shown(detail['last'])} (the first on "
            f"{_shown(detail['first'])})."
        )
    because = f" Flagged because {detail['because']}." if detail.get("because") else ""
    return (
        f"Absent without a known reason on {_shown(detail['date'])}: "
        f"{_sessions(str(detail['sessions']))}.{because}"
    )


def _sessions(marked: str) -> str:
    """`AM N, PM O` in words: the morning marked N (reason for absence not yet established)..."""
    said = []
    for item in marked.split(", "):
        session, _, code = item.partition(" ")
        meaning = CODES[code].meaning if code in CODES else ""
        when = "the morning" if session == "AM" else "the afternoon"
        said.append(
            f"{when} marked {code} ({meaning[:1].lower()}{meaning[1:]})" if meaning else item
        )
    return " and ".join(said)


def _shown(iso: object) -> str:
    day = date.fromisoformat(str(iso))
    return f"{day.day} {day:%B %Y}"
