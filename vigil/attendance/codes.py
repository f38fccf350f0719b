"""The national attendance codes a school's register uses, and how each one counts.

From the Department for Education's statutory guidance "Working together to improve school
attendance" (August 2024) and the School Attendance (Pupil Registration) (England)
Regulations 2024, in force from 19 August 2024. Each code is one of four kinds for the
figures:

- attending: present, late before the register closed, or at an approved educational
  activity away from the school (these count as attendance);
- authorised absence: a leave of absence, or another authorised reason;
- unauthorised absence;
- not counted: a session the pupil was not expected to attend here (unable to attend
  because of an unavoidable cause, not of compulsory school age, dual registered and at the
  other school, and the administrative codes). These are not possible sessions.

Codes H, J and Y were retired in 2024 (C, J1 and Y1 to Y7 took their places): a file that
still uses them is told so. Pure: the standard library only.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final


class Category(enum.StrEnum):
    ATTENDING = "attending"
    AUTHORISED = "authorised"
    UNAUTHORISED = "unauthorised"
    NOT_COUNTED = "not-counted"


CATEGORY_LABELS: Final = {
    Category.ATTENDING: "Attending (counts as present)",
    Category.AUTHORISED: "Authorised absence",
    Category.UNAUTHORISED: "Unauthorised absence",
    Category.NOT_COUNTED: "Not a possible session (not counted)",
}


@dataclass(frozen=True)
class Code:
    code: str
    meaning: str
    category: Category
    # The guidance's heading for the code, e.g. "Attending a place other than the school".
    group: str


_PRESENT = "Present"
_ELSEWHERE = "Attending a place other than the school (approved educational activity)"
_LEAVE = "Absent: leave of absence"
_OTHER_AUTHORISED = "Absent: other authorised reasons"
_UNAVOIDABLE = "Absent: unable to attend the school because of an unavoidable cause"
_UNAUTHORISED = "Absent: unauthorised absence"
_ADMINISTRATIVE = "Administrative codes"

A, AU, U, NC = (
    Category.ATTENDING,
    Category.AUTHORISED,
    Category.UNAUTHORISED,
    Category.NOT_COUNTED,
)

# fmt: off
_TABLE: Final[tuple[tuple[str, str, Category, str], ...]] = (
    ("/", "Present in the morning session", A, _PRESENT),
    ("\\", "Present in the afternoon session", A, _PRESENT),
    ("L", "Late arrival before the register closed", A, _PRESENT),
    ("K", "Attending education provision arranged by the local authority", A, _ELSEWHERE),
    ("V", "Attending an educational visit or trip", A, _ELSEWHERE),
    ("P", "Participating in a sporting activity", A, _ELSEWHERE),
    ("W", "Attending work experience", A, _ELSEWHERE),
    ("B", "Attending any other approved educational activity", A, _ELSEWHERE),
    # Counted by the other school, where the pupil is expected that session.
    ("D", "Dual registered: attending another school at which the pupil is registered", NC, _ELSEWHERE),
    ("C1", "Leave of absence to take part in a regulated performance or regulated employment abroad", AU, _LEAVE),
    ("M", "Leave of absence for a medical or dental appointment", AU, _LEAVE),
    ("J1", "Leave of absence for an interview for employment or for admission to another educational institution", AU, _LEAVE),
    ("S", "Leave of absence to study for a public examination", AU, _LEAVE),
    ("X", "Not of compulsory school age and not required to attend", NC, _LEAVE),
    ("C2", "Leave of absence for a pupil of compulsory school age on a part-time timetable", AU, _LEAVE),
    ("C", "Leave of absence for exceptional circumstances", AU, _LEAVE),
    ("T", "Parent travelling for occupational purposes", AU, _OTHER_AUTHORISED),
    ("R", "Religious observance", AU, _OTHER_AUTHORISED),
    ("I", "Illness (not a medical or dental appointment)", AU, _OTHER_AUTHORISED),
    ("E", "Suspended or permanently excluded, and no alternative provision made", AU, _OTHER_AUTHORISED),
    ("Q", "Unable to attend because of a lack of access arrangements", NC, _UNAVOIDABLE),
    ("Y1", "Unable to attend because the transport normally provided is not available", NC, _UNAVOIDABLE),
    ("Y2", "Unable to attend because of widespread disruption to travel", NC, _UNAVOIDABLE),
    ("Y3", "Unable to attend because part of the school premises is closed", NC, _UNAVOIDABLE),
    ("Y4", "Unable to attend because the whole school site is unexpectedly closed", NC, _UNAVOIDABLE),
    ("Y5", "Unable to attend because the pupil is in criminal justice detention", NC, _UNAVOIDABLE),
    ("Y6", "Unable to attend in line with public health guidance or law", NC, _UNAVOIDABLE),
    ("Y7", "Unable to attend because of any other unavoidable cause", NC, _UNAVOIDABLE),
    ("G", "Holiday not granted by the school", U, _UNAUTHORISED),
    ("N", "Reason for absence not yet established", U, _UNAUTHORISED),
    ("O", "Absent in other or unknown circumstances", U, _UNAUTHORISED),
    ("U", "Arrived in school after the register closed", U, _UNAUTHORISED),
    ("Z", "Prospective pupil not on the admission register", NC, _ADMINISTRATIVE),
    ("#", "Planned whole or partial school closure", NC, _ADMINISTRATIVE),
)
# fmt: on

CODES: Final[dict[str, Code]] = {
    code: Code(code, meaning, category, group) for code, meaning, category, group in _TABLE
}

# Codes of earlier registers, no longer in use, and what replaced them.
RETIRED: Final[dict[str, str]] = {
    "H": "H (holiday agreed by the school) was retired in August 2024: use C for a leave of "
    "absence in exceptional circumstances",
    "J": "J was retired in August 2024: use J1 for a leave of absence for an interview",
    "Y": "Y was retired in August 2024: use Y1 to Y7 for the unavoidable cause",
    "F": "F (agreed extended family holiday) is no longer a code: use C or G",
}


def in_category(*categories: Category) -> frozenset[str]:
    return frozenset(c.code for c in CODES.values() if c.category in categories)


ATTENDING: Final = in_category(Category.ATTENDING)
ABSENT: Final = in_category(Category.AUTHORISED, Category.UNAUTHORISED)
# Possible sessions: those the pupil was expected to attend (the figures' denominator).
POSSIBLE: Final = ATTENDING | ABSENT
NOT_COUNTED: Final = in_category(Category.NOT_COUNTED)
# Absent with no reason known yet: followed up the same day (the flag for a child at risk).
UNEXPLAINED: Final = frozenset({"N", "O", "U"})


def code_problem(code: str) -> str | None:
    """Why `code` is not a current attendance code, or None when it is one."""
    if code in CODES:
        return None
    if code in RETIRED:
        return RETIRED[code]
    if not code:
        return "the code is missing"
    return f"{code!r} is not an attendance code (see the national codes on the import page)"


def category_of(code: str) -> Category:
    return CODES[code].category


def by_group() -> list[tuple[str, list[Code]]]:
    """The codes under the guidance's headings, in its order (for the import page)."""
    groups: dict[str, list[Code]] = {}
    for code in CODES.values():
        groups.setdefault(code.group, []).append(code)
    return list(groups.items())
