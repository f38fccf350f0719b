"""Attendance in bulk, for bench/attendance.py: a big school's register as a CSV file, and
schools full of children with their marks already stored.

The file: one school's pupils (the school of `tests.conftest.build_world()`), each with the
same number of sessions on the school days up to today, in the order an information system
exports them (pupil by pupil, day by day); half the pupils have a child's file in Vigil with
their UPN (children seeded here), the other half are held for matching. Codes: present or
late mostly, a day away now and then, and one pupil in ten absent often.

The flagged schools: more schools (2,000 children each, as bench/case_seed.py spreads them),
every child with a UPN and their last 64 sessions' marks stored directly (COPY on PostgreSQL,
`executemany` on SQLite, through case_seed's `_Rows`), one child in ten attending around 80%
of them, the rest around 97%. Import only once Django is set up.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from case_seed import CHILD_FIELDS, FAMILY, GIVEN, _Rows
from django.db import transaction
from django.utils import timezone
from harness import Progress

from tests.factories import SchoolFactory, person_with
from vigil.accounts.models import Organisation, Person, Role
from vigil.attendance.models import AttendanceMark
from vigil.attendance.pupil_numbers import upn_make
from vigil.children import matching
from vigil.children.models import Child

BATCH = 20_000
CHILDREN_A_SCHOOL = 2_000
SESSIONS_A_CHILD = 64
MARK_FIELDS = ("school", "upn", "date", "session", "code", "child")
PERSISTENT_SHARE = 0.1


def school_days(count: int, until: date) -> list[date]:
    days: list[date] = []
    day = until
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


def pupil_number(school: Organisation, serial: int) -> str:
    """A fictional UPN: the school's DfE number, a year and a serial (five digits: 99,999
    pupils a school at most)."""
    number = school.dfe_number or "9999000"
    return upn_make(f"{number}{serial:05d}")


class _Codes:
    """A pupil's codes, session by session: a day away now and then, or often."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def day(self, often_away: bool) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < (0.22 if often_away else 0.03):
            code = rng.choice("OONGI" if often_away else "IIIMC")
            return code, code
        if rng.random() < 0.02:
            return "/", "O"  # away in the afternoon
        return ("L" if rng.random() < 0.03 else "/"), "\\"


@dataclass(frozen=True)
class Register:
    path: Path
    marks: int
    pupils: int
    with_files: int


def _children(rows: _Rows, school: Organisation, creator: Person, serials: list[int]) -> list[str]:
    """Children of the school with the UPNs of these serials; their ids, as stored."""
    now, rng = timezone.now(), rows.rng
    ids, batch = [], []
    for serial in serials:
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        values = {
            "id": rows.new_id(),
            "organisation": school.pk.hex,
            "given_names": given,
            "family_name": family,
            "known_as": "",
            "date_of_birth": (date(2009, 9, 1) + timedelta(days=rng.randrange(4000))).isoformat(),
            "gender": "not-known",
            "ethnicity": "",
            "address": "",
            "postcode": "",
            "upn": pupil_number(school, serial),
            "nhs_number": "",
            "looked_after_basis": "",
            "placement": "not-known",
            "immigration_status": "",
            "trafficked": False,
            "learning_disability": False,
            "migrant_community": False,
            "sound_key": matching.sound_key(given, family),
            "created_at": rows.moment(now - timedelta(days=400)),
            "created_by": creator.pk.hex,
            "version": 1,
            "entry_count": 0,
        }
        ids.append(values["id"])
        batch.append(tuple(values[name] for name in CHILD_FIELDS))
        if len(batch) == BATCH:
            rows.insert(Child, CHILD_FIELDS, batch)
            batch = []
    rows.insert(Child, CHILD_FIELDS, batch)
    return ids


def register_write(path: Path, school: Organisation, creator: Person, marks: int) -> Register:
    """The school's register of `marks` marks as a CSV file, and files for half its pupils."""
    rng = random.Random(marks)  # the same file for the same size
    sessions = min(400, max(2, marks // 10) // 2 * 2)  # 200 school days at full size
    pupils = max(1, -(-marks // sessions))
    days = school_days(sessions // 2, timezone.localdate())
    with transaction.atomic():
        _children(_Rows(rng), school, creator, list(range(1, pupils + 1, 2)))
    codes, written = _Codes(rng), 0
    progress = Progress("writing the register", marks)
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write("\ufeffupn,date,session,code\r\n")
        for serial in range(1, pupils + 1):
            upn, often_away = pupil_number(school, serial), rng.random() < PERSISTENT_SHARE
            for day in days:
                for session, code in zip(("AM", "PM"), codes.day(often_away), strict=True):
                    if written == marks:
                        break
                    file.write(f"{upn},{day:%d/%m/%Y},{session},{code}\r\n")
                    written += 1
            progress.update(written)
    return Register(path, written, pupils, (pupils + 1) // 2)


@dataclass(frozen=True)
class FlaggedSchool:
    school: Organisation
    dsl: Person
    children: int


def _mark_rows(school: Organisation, child_ids: list[str], rng: random.Random) -> Iterator[tuple]:
    days = school_days(SESSIONS_A_CHILD // 2, timezone.localdate())
    codes = _Codes(rng)
    for serial, child in enumerate(child_ids, start=1):
        upn, often_away = pupil_number(school, serial), rng.random() < PERSISTENT_SHARE
        for day in days:
            for session, code in zip(("AM", "PM"), codes.day(often_away), strict=True):
                yield school.pk.hex, upn, day.isoformat(), session, code, child


def flagged_schools_seed(children: int) -> list[FlaggedSchool]:
    """Schools of 2,000 children (fewer in the last), each child with 64 sessions' marks."""
    rng = random.Random(children)
    rows = _Rows(rng)
    progress = Progress("seeding marks", children * SESSIONS_A_CHILD)
    seeded, schools, done = 0, [], 0
    while seeded < children:
        count = min(CHILDREN_A_SCHOOL, children - seeded)
        school = SchoolFactory(name=f"Example Attendance Academy {len(schools)}")
        dsl = person_with(Role.DSL, school)
        person_with(Role.DEPUTY_DSL, school)
        with transaction.atomic():
            ids = _children(rows, school, dsl, list(range(1, count + 1)))
            batch: list[tuple] = []
            for row in _mark_rows(school, ids, rng):
                batch.append(row)
                if len(batch) == BATCH:
                    rows.insert(AttendanceMark, MARK_FIELDS, batch)
                    done += len(batch)
                    progress.update(done)
                    batch = []
            rows.insert(AttendanceMark, MARK_FIELDS, batch)
            done += len(batch)
        progress.update(done)
        schools.append(FlaggedSchool(school, dsl, count))
        seeded += count
    return schools
