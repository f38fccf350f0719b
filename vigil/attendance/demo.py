"""The demo partnership's attendance: eight weeks of marks for each demo school, imported as
its DSL would import the register, after the referrals (vigil/core/demo.py calls
`attendance_load`).

Most of the demo's children are given a (fictional) UPN on their file, through the children's
services, as a DSL completing the files would: the local authority number 999, the school's
number, the year and a serial, with its check letter. A few keep none, so that their marks are
held for matching (add the UPN on the child's file, then "Match again"); and each school's
register has pupils who have no file in Vigil at all, as real registers do, held likewise.

Most children attend almost every session. Some, picked by a seeded random so that every load
makes the same, show a pattern: persistent absence (around 80% of their sessions), part-day
absences (afternoons missed on several days in the last four weeks), and at each school a
child screened medium or high, or with a referral open, absent today without a reason yet.
The import then raises the flags of each kind, tells the DSLs, and puts them on the
chronologies, exactly as an import through the page would.
"""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

from django.utils import timezone

from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person, Role
from vigil.attendance import selectors
from vigil.attendance.models import ImportSource
from vigil.attendance.pupil_numbers import upn_make
from vigil.attendance.services import attendance_import
from vigil.children.models import Child
from vigil.children.services import child_update

SEED = 2026
WEEKS = 8
WITHOUT_UPN = 2  # children a school keeps no UPN for yet
NOT_IN_VIGIL = 12  # pupils on a school's register with no file in Vigil
PERSISTENT, PART_DAY = 3, 2  # children a school with each pattern
# Reasons for the odd day away of children who attend well.
ODD_ABSENCES = "IIIIMCR"


def school_days(today: date) -> list[date]:
    """The weekdays of the last eight weeks, and today whatever day it is (so that the demo
    shows today's unexplained absence on any day it is loaded)."""
    start = today - timedelta(weeks=WEEKS)
    days = [start + timedelta(days=n) for n in range((today - start).days)]
    return [day for day in days if day.weekday() < 5] + [today]


def _upn(school: Organisation, serial: int) -> str:
    number = school.dfe_number or "9999000"
    return upn_make(f"{number[:3]}{number[3:]}{24 + serial // 1000 % 3}{serial % 1000:03d}")


def _dsl(school: Organisation) -> Person:
    membership = (
        Membership.objects.filter(organisation=school, role=Role.DSL, ended_at__isnull=True)
        .select_related("person")
        .order_by("started_at")
        .first()
    )
    if membership is None:
        raise RuntimeError(f"The demo school {school.name} has no DSL")
    return membership.person


class _Register:
    """One school's marks, pupil by pupil, as its information system would export them."""

    def __init__(self, rng: random.Random, days: list[date]) -> None:
        self.rng, self.days, self.lines = rng, days, ["upn,date,session,code"]

    def pupil(self, upn: str, pattern: str = "") -> None:
        recent = self.days[-1] - timedelta(days=27)
        split_days = set(self.rng.sample([d for d in self.days[:-1] if d >= recent], 4))
        for day in self.days:
            for session, code in zip(
                ("AM", "PM"), self._day(pattern, day, split_days), strict=True
            ):
                self.lines.append(f"{upn},{day.isoformat()},{session},{code}")

    def _day(self, pattern: str, day: date, split_days: set[date]) -> tuple[str, str]:
        """A day's two marks: a whole day away now and then, otherwise the pattern's."""
        if pattern == "unexplained" and day == self.days[-1]:
            return "N", "O"
        if pattern == "part-day" and day in split_days:
            return "/", "O"
        away = 0.2 if pattern == "persistent" else 0.025
        if self.rng.random() < away:
            code = self.rng.choice("OOGN" if pattern == "persistent" else ODD_ABSENCES)
            return code, code
        return ("L" if self.rng.random() < 0.03 else "/"), "\\"

    def file(self) -> io.BytesIO:
        return io.BytesIO(("\n".join(self.lines) + "\n").encode("utf-8"))


def _give_upns(dsl: Person, school: Organisation, children: list[Child]) -> dict[Child, str]:
    """UPNs on the children's files (all but a few), through the children's services."""
    given: dict[Child, str] = {}
    for serial, child in enumerate(children, start=1):
        upn = _upn(school, serial)
        given[child] = upn
        if serial > WITHOUT_UPN:
            child_update(actor=dsl, child=child, version=child.version, upn=upn)
    return given


def _school_load(school: Organisation, rng: random.Random, today: date) -> None:
    dsl = _dsl(school)
    children = list(Child.objects.filter(organisation=school).order_by("created_at", "id"))
    upns = _give_upns(dsl, school, children)
    at_risk = selectors.children_at_risk(child.pk for child in children[WITHOUT_UPN:])
    unexplained = {c for c in children[WITHOUT_UPN:] if c.pk in at_risk}
    others = [c for c in children[WITHOUT_UPN:] if c not in unexplained]
    picked = rng.sample(others, min(len(others), PERSISTENT + PART_DAY))
    patterns = dict.fromkeys(picked[:PERSISTENT], "persistent")
    patterns |= dict.fromkeys(picked[PERSISTENT:], "part-day")
    patterns |= dict.fromkeys(sorted(unexplained, key=str)[:2], "unexplained")
    register = _Register(rng, school_days(today))
    for child, upn in upns.items():
        register.pupil(upn, patterns.get(child, ""))
    for serial in range(NOT_IN_VIGIL):
        register.pupil(_upn(school, 900 + serial))
    attendance_import(
        actor=dsl,
        school=school,
        file=register.file(),
        source=ImportSource.PAGE,
        file_name=f"{school.name} register.csv",
    )


def attendance_load() -> None:
    """Every demo school's register, imported by its DSL. Called by the demo's loader, which
    has checked that this is not production and that the partnership is new."""
    rng = random.Random(SEED)  # noqa: S311  # nosec B311
    today = timezone.localdate()
    schools = Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name")
    for school in schools:
        _school_load(school, rng, today)
