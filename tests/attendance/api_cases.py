"""Records for the API's permission matrix (tests/api/test_api_permissions.py): an absence flag
about a child of the school ("own") or of the other school ("other")."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from tests.conftest import World
from tests.factories import child_in
from vigil.attendance.models import AbsenceFlag

DISMISSAL = {"version": 1, "reason": "Explained by the family: a hospital stay, now over."}


def absence_flag(w: World, rel: str, who: object) -> dict[str, object]:
    school, dsl = (w.school, w["dsl"]) if rel == "own" else (w.other_school, w["other_dsl"])
    flag = AbsenceFlag.objects.create(
        school=school,
        child=child_in(school, dsl),
        kind="part-day",
        detail={"days": 3, "within": 28, "first": "2026-11-02", "last": "2026-11-20"},
        through=date(2026, 11, 20),
        raised_at=timezone.now(),
        raised_by=dsl,
    )
    return {"flag_id": flag.pk}
