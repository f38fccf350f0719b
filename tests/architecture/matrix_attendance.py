"""Permission matrix entries for attendance and absence flags. A school's attendance is its
DSLs' and deputies' alone: "own" is a school's record (the school's import, a flag about one of
its children), "other" the other school's, followed up by its DSL. The thresholds are the
partnership administrators'. A form posted empty comes back with its messages (422); matching
again needs nothing typed (302)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.architecture.test_permission_matrix import (
    DSLS,
    OWN,
    PARTNERSHIP_ADMIN,
    SCHOOL_DSLS,
    Entry,
    _org,
    _signed_in_only,
)
from tests.conftest import World

ANY_DSL = _signed_in_only(lambda role, rel: role in DSLS)
SCHOOL_DSLS_POSTING = _signed_in_only(lambda role, rel: SCHOOL_DSLS(role, rel) == {200}, {422})
SCHOOL_DSLS_BUTTON = _signed_in_only(lambda role, rel: SCHOOL_DSLS(role, rel) == {200}, {302})


def _school_and_dsl(w: World, rel: str) -> tuple[object, object]:
    return (w.school, w["dsl"]) if rel == OWN else (w.other_school, w["other_dsl"])


def _import(w: World, rel: str, who: object) -> dict[str, object]:
    from vigil.attendance.models import AttendanceImport

    school, dsl = _school_and_dsl(w, rel)
    record = AttendanceImport.objects.create(
        school=school,
        imported_by=dsl,
        source="command",
        state="done",
        lines=3,
        rows=2,
        created=2,
        created_at=timezone.now(),
    )
    return {"import_id": record.pk}


def _flag(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.factories import child_in
    from vigil.attendance.models import AbsenceFlag

    school, dsl = _school_and_dsl(w, rel)
    flag = AbsenceFlag.objects.create(
        school=school,
        child=child_in(school, dsl),
        kind="persistent",
        detail={
            "present": 40,
            "possible": 60,
            "sessions": 60,
            "first": "2026-10-01",
            "last": "2026-11-20",
        },
        through=date(2026, 11, 20),
        raised_at=timezone.now(),
        raised_by=dsl,
    )
    return {"flag_id": flag.pk}


MATRIX: dict[str, Entry] = {
    "attendance/": Entry(ANY_DSL),
    "attendance/schools/<uuid:organisation_id>/import/": Entry(SCHOOL_DSLS, kwargs=_org),
    "attendance/schools/<uuid:organisation_id>/unmatched/": Entry(SCHOOL_DSLS, kwargs=_org),
    "attendance/schools/<uuid:organisation_id>/match/": Entry(
        SCHOOL_DSLS_BUTTON, method="post", kwargs=_org
    ),
    "attendance/imports/<uuid:import_id>/": Entry(SCHOOL_DSLS, kwargs=_import),
    "attendance/imports/<uuid:import_id>/status/": Entry(SCHOOL_DSLS, kwargs=_import),
    "attendance/flags/": Entry(ANY_DSL),
    "attendance/flags/<uuid:flag_id>/": Entry(SCHOOL_DSLS, kwargs=_flag),
    "attendance/flags/<uuid:flag_id>/dismiss/": Entry(
        SCHOOL_DSLS_POSTING, method="post", kwargs=_flag
    ),
    "attendance/flags/<uuid:flag_id>/concern/": Entry(
        SCHOOL_DSLS_POSTING, method="post", kwargs=_flag
    ),
    "attendance/thresholds/": Entry(PARTNERSHIP_ADMIN),
}
