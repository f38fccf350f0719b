"""The demo's attendance, loaded with the demo partnership: each school's register imported,
flags of every kind at every school, pupils held for matching, UPNs that pass their check, and
wording that blames no child. Loaded on a Saturday, it still shows today's unexplained absence."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from vigil.attendance.models import AbsenceFlag, AttendanceImport, AttendanceMark
from vigil.attendance.patterns import describe
from vigil.attendance.pupil_numbers import upn_problem
from vigil.children.models import Child, ChronologyEntry, EntryKind
from vigil.concerns.language import wording_prompts
from vigil.core import demo
from vigil.notifications.models import Notification

LONDON = ZoneInfo("Europe/London")
SATURDAY_MORNING = datetime(2026, 11, 28, 10, 0, tzinfo=LONDON)


@pytest.mark.django_db
def test_every_school_has_flags_of_each_kind_and_pupils_held() -> None:
    with time_machine.travel(SATURDAY_MORNING):
        assert demo.load()
    imports = AttendanceImport.objects.select_related("school")
    assert imports.count() == 3
    assert all(record.state == "done" and record.held > 0 for record in imports)
    kinds = Counter(AbsenceFlag.objects.values_list("school__name", "kind"))
    for record in imports:
        for kind in ("unexplained", "persistent", "part-day"):
            assert kinds[(record.school.name, kind)] >= 1, (record.school.name, kind)
    today = SATURDAY_MORNING.date()
    assert all(f.through == today for f in AbsenceFlag.objects.filter(kind="unexplained"))
    assert AttendanceMark.objects.filter(child__isnull=True).values("upn").distinct().count() > 30
    upns = list(Child.objects.exclude(upn="").values_list("upn", flat=True))
    assert upns and all(upn_problem(upn) is None for upn in upns)
    assert Child.objects.filter(upn="").exists()  # held until their files carry one
    entries = ChronologyEntry.objects.filter(kind=EntryKind.ABSENCE)
    assert entries.count() == AbsenceFlag.objects.count()
    texts = [describe(f.kind, f.detail) for f in AbsenceFlag.objects.all()]
    texts += [f"{e.title}\n{e.body}" for e in entries]
    assert all(wording_prompts({"text": text}) == [] for text in texts)
    assert Notification.objects.filter(kind="absence-flags").exists()
