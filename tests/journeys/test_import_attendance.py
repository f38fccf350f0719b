"""Absence (issue 7), as the DSL does it in a real browser: imports the school's attendance file,
which has two bad lines, and sees every bad line with its problem; fixes the file and imports it
again; the import runs in the background while the page shows its progress, then flags the
child screened high who is absent today without a reason; the DSL opens the flag and starts a
concern from it. axe-core runs on every page visited, and the strict CSP watches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.attendance.marks import csv_bytes, school_days, sessions, upn
from tests.conftest import build_world, enrol
from tests.journeys.test_admin_creates_a_person import sign_in
from tests.journeys.test_refer_and_respond import _screened_high
from vigil.attendance.models import AbsenceFlag, AttendanceImport, AttendanceMark
from vigil.children.services import child_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _register(today) -> list[tuple[str, str, str, str]]:
    """Ruby's last four weeks, absent this morning without a reason; a classmate's too."""
    days = school_days(20, until=today)
    ruby = [*sessions(upn(1), days[:-1], "/\\" * 19), (upn(1), today.isoformat(), "AM", "N")]
    return ruby + sessions(upn(2), days, "/\\" * 20)


def _upload(visit, page, path: Path) -> None:
    page.get_by_label("Upload the attendance file").set_input_files(str(path))
    page.get_by_role("button", name="Check and import the file").click()
    page.wait_for_load_state()
    visit.check()


def test_a_dsl_imports_a_file_puts_two_lines_right_and_a_child_screened_high_is_flagged(
    visit, tmp_path: Path, settings
) -> None:
    settings.VAR_DIR = tmp_path
    world = build_world()
    enrol(world["dsl"])
    ruby = _screened_high(world)
    child_update(actor=world["dsl"], child=ruby, version=ruby.version, upn=upn(1))
    today = timezone.localdate()
    rows = _register(today)
    bad = list(rows)
    bad[3] = (upn(1), "31/02/2026", "AM", "/")  # line 5: no such date
    bad[10] = (upn(1)[:-1] + "9", *bad[10][1:])  # line 12: the check letter fails
    file = tmp_path / "register.csv"
    file.write_bytes(csv_bytes(bad))

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.page
    page.get_by_role("link", name="Absence").first.click()
    page.wait_for_load_state()
    dsl.check()
    page.get_by_role("link", name="Import attendance marks").click()
    page.wait_for_load_state()
    dsl.check()

    _upload(dsl, page, file)
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "The file was not imported: 2 lines have problems" in summary
    report = page.get_by_test_id("report").inner_text()
    assert re.search(r"5\s+'31/02/2026' is not a real date", report)
    assert re.search(r"12\s+The UPN \w+ fails its check letter", report)
    assert not AttendanceMark.objects.exists()

    file.write_bytes(csv_bytes(rows))
    _upload(dsl, page, file)
    record = AttendanceImport.objects.get()
    assert page.url.endswith(f"/attendance/imports/{record.pk}/")
    assert page.locator("progress").count() == 1
    call_command("db_worker", batch=True, verbosity=0)  # the worker runs the import
    page.get_by_role("heading", name="Imported").wait_for(timeout=15_000)
    dsl.check()
    counts = page.get_by_test_id("import-counts").inner_text()
    assert re.search(r"New absence flags\s+1", counts)

    page.get_by_role("link", name="see the flags").click()
    page.wait_for_load_state()
    dsl.check()
    flag = AbsenceFlag.objects.get(child=ruby)
    assert flag.kind == "unexplained"
    page.get_by_role("link", name="Ruby Examplefield").click()
    page.wait_for_load_state()
    dsl.check()
    description = page.get_by_test_id("flag-description").inner_text()
    assert "Absent without a known reason" in description
    assert "screened high at the latest screening" in description
    page.get_by_role("button", name="Record a concern").click()
    page.wait_for_load_state()
    dsl.check()
    assert "/concerns/drafts/" in page.url and page.url.endswith("/risk/")
