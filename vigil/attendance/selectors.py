"""Reading attendance, scoped to the person: the schools whose attendance they follow up, one
school's imports, its pupils held for matching, the absence flags, and the thresholds.

A school, import or flag the person may not see answers exactly like one that does not exist
(404). The flags name children: listing them is a reading of case records, so each list a
person opens is on the access log, and each flag they open.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Min, QuerySet
from django.http import Http404

from vigil.accounts import policy as access
from vigil.accounts.models import Organisation, Person
from vigil.attendance import policy, uploads
from vigil.attendance.models import (
    AbsenceFlag,
    AbsenceSettings,
    AttendanceImport,
    AttendanceMark,
    FlagKind,
    FlagState,
    ImportState,
)
from vigil.attendance.patterns import Thresholds
from vigil.audit.services import access_event_record
from vigil.referrals.models import Referral
from vigil.referrals.workflow import LIVE
from vigil.screening.models import Level, Screening, State


def attendance_schools(*, actor: Person) -> list[Organisation]:
    """The schools where the person is a DSL or deputy: whose attendance they follow up."""
    ids = access.organisations_where(actor, *access.DSL_ROLES)
    return [
        school
        for school in Organisation.objects.filter(pk__in=ids).order_by("name")
        if policy.keeps_registers(school)
    ]


def school_check(*, actor: Person, organisation_id: uuid.UUID) -> Organisation:
    school = Organisation.objects.filter(pk=organisation_id).first()
    if (
        school is None
        or not policy.keeps_registers(school)
        or not policy.can_work_on_attendance(actor, school.pk)
    ):
        raise Http404
    return school


def school_by_dfe_number(*, actor: Person, dfe_number: str) -> Organisation:
    school = Organisation.objects.filter(dfe_number=dfe_number.strip()).first()
    if school is None:
        raise Http404
    return school_check(actor=actor, organisation_id=school.pk)


def imports_of(*, actor: Person, school: Organisation) -> QuerySet[AttendanceImport]:
    if not policy.can_work_on_attendance(actor, school.pk):
        return AttendanceImport.objects.none()
    return AttendanceImport.objects.filter(school=school).select_related("imported_by")


def import_check(*, actor: Person, import_id: uuid.UUID) -> AttendanceImport:
    found = AttendanceImport.objects.select_related("school").filter(pk=import_id).first()
    if found is None or not policy.can_work_on_attendance(actor, found.school_id):
        raise Http404
    return found


def flags_for(
    *,
    actor: Person,
    kind: str = "",
    state: str = FlagState.OPEN,
    school_id: uuid.UUID | None = None,
) -> QuerySet[AbsenceFlag]:
    """The flags of the schools where the person is a DSL, newest first (the list is on the
    access log)."""
    schools = [s.pk for s in attendance_schools(actor=actor)]
    if school_id is not None:
        schools = [s for s in schools if s == school_id]
    if kind not in {"", *FlagKind.values} or state not in {"", *FlagState.values}:
        return AbsenceFlag.objects.none()
    flags = AbsenceFlag.objects.filter(school_id__in=schools).select_related("child", "school")
    if kind:
        flags = flags.filter(kind=kind)
    if state:
        flags = flags.filter(state=state)
    access_event_record(
        actor=actor,
        verb="absence-flags.list",
        object_type="absence-flags",
        object_id="list",
        details={"kind": kind or "any", "state": state or "any"},
    )
    return flags.order_by("-raised_at", "id")


def flag_check(*, actor: Person, flag_id: uuid.UUID) -> AbsenceFlag:
    flag = (
        AbsenceFlag.objects.select_related("child", "school", "raised_by", "closed_by")
        .filter(pk=flag_id)
        .first()
    )
    if flag is None or not policy.can_work_on_attendance(actor, flag.school_id):
        raise Http404
    return flag


def flag_open(*, actor: Person, flag_id: uuid.UUID) -> AbsenceFlag:
    """A flag, its opening on the access log (it names a child)."""
    flag = flag_check(actor=actor, flag_id=flag_id)
    access_event_record(
        actor=actor,
        verb="absence-flag.view",
        object_type="absence-flag",
        object_id=flag.pk,
        details={"child": str(flag.child_id)},
    )
    return flag


def held_pupils(*, actor: Person, school: Organisation) -> QuerySet[Any, Any]:
    """Each UPN held for matching, with its marks' count and dates, by UPN."""
    if not policy.can_work_on_attendance(actor, school.pk):
        raise Http404
    return (
        AttendanceMark.objects.filter(school=school, child__isnull=True)
        .values("upn")
        .annotate(marks=Count("id"), first=Min("date"), last=Max("date"))
        .order_by("upn")
    )


def thresholds() -> Thresholds:
    """The partnership's thresholds, or the defaults until an administrator sets them."""
    stored = AbsenceSettings.objects.filter(pk=1).first()
    return stored.thresholds() if stored else Thresholds()


def absence_settings() -> AbsenceSettings:
    return AbsenceSettings.objects.filter(pk=1).first() or AbsenceSettings(pk=1)


CAUTIOUS = frozenset({Level.MEDIUM, Level.HIGH})


def children_at_risk(child_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Of these children, those screened medium or high at their latest final screening (its
    judged level), or with a referral still open; and why, in words."""
    ids = sorted(set(child_ids), key=str)
    reasons: dict[uuid.UUID, list[str]] = {}
    finals = (
        Screening.objects.filter(child_id__in=ids, state=State.FINAL)
        .order_by("child_id", "-finalised_at")
        .values_list("child_id", "judged_level", "computed_level")
    )
    latest: dict[uuid.UUID, str] = {}
    for child_id, judged, computed in finals:
        latest.setdefault(child_id, judged or computed)
    for child_id, level in latest.items():
        if level in CAUTIOUS:
            reasons.setdefault(child_id, []).append(
                f"the child was screened {level} at the latest screening"
            )
    open_referrals = Referral.objects.filter(child_id__in=ids, state__in=sorted(LIVE))
    for child_id in open_referrals.values_list("child_id", flat=True).distinct():
        reasons.setdefault(child_id, []).append("a referral about the child is open")
    return {child: " and ".join(why) for child, why in reasons.items()}


@dataclass(frozen=True)
class SchoolAttendance:
    """A school's absence at a glance: its open flags by kind, pupils held, recent imports."""

    school: Organisation
    open_flags: dict[str, int]
    held_pupils: int
    imports: list[AttendanceImport]

    @property
    def open_total(self) -> int:
        return sum(self.open_flags.values())


def attendance_overview(*, actor: Person) -> list[SchoolAttendance]:
    overview = []
    for school in attendance_schools(actor=actor):
        counts = (
            AbsenceFlag.objects.filter(school=school, state=FlagState.OPEN)
            .values_list("kind")
            .annotate(n=Count("id"))
        )
        held = (
            AttendanceMark.objects.filter(school=school, child__isnull=True)
            .values("upn")
            .distinct()
            .count()
        )
        recent = list(imports_of(actor=actor, school=school)[:5])
        overview.append(SchoolAttendance(school, dict(counts), held, recent))
    return overview


@dataclass(frozen=True)
class ImportStatus:
    """How far an import has gone, for its page and the page's script."""

    state: str
    label: str
    line: int
    total: int
    finished: bool

    @property
    def percent(self) -> int:
        return self.line * 100 // self.total if self.total else 0

    def as_dict(self) -> dict[str, object]:
        return {
            "state": self.state,
            "label": self.label,
            "line": self.line,
            "total": self.total,
            "percent": self.percent,
            "finished": self.finished,
        }


def import_status(record: AttendanceImport) -> ImportStatus:
    label = ImportState(record.state).label
    if record.state == ImportState.QUEUED:
        return ImportStatus(record.state, label, 0, record.lines, False)
    if record.state == ImportState.RUNNING:
        line, total = uploads.progress_read(record.pk) or (0, record.lines)
        return ImportStatus(record.state, label, line, total, False)
    return ImportStatus(record.state, label, record.lines, record.lines, True)
