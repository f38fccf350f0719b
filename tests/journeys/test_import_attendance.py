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


def test_every_absence_page_is_accessible_with_and_without_javascript(
    visit, tmp_path: Path, settings
) -> None:
    """The pages the first journey does not reach: a form's errors, the unmatched pupils, the
    flags filtered, a dismissed flag, an import in progress without JavaScript (its Refresh
    link), and the administrator's thresholds."""
    from tests.attendance.marks import imported
    from tests.factories import child_in
    from vigil.attendance.models import ImportSource

    settings.VAR_DIR = tmp_path
    world = build_world()
    for person in ("dsl", "deputy", "admin"):
        enrol(world[person])
    child_in(world.school, world["dsl"], upn=upn(1), given_names="Tourchild")
    today = timezone.localdate()
    rows = sessions(upn(1), school_days(30, until=today), "/\\" * 20 + "OO" * 10)
    imported(world["dsl"], world.school, [*rows, *sessions(upn(5), school_days(2), "////")])
    flag = AbsenceFlag.objects.get()
    waiting = AttendanceImport.objects.create(
        school=world.school,
        imported_by=world["dsl"],
        source=ImportSource.PAGE,
        state="queued",
        lines=10,
        rows=9,
        created_at=timezone.now(),
    )

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.go(f"/attendance/schools/{world.school.pk}/import/")
    page.get_by_role("button", name="Check and import the file").click()
    page.wait_for_selector(".govuk-error-summary")
    dsl.check()
    for path in (
        f"/attendance/schools/{world.school.pk}/unmatched/",
        "/attendance/flags/?kind=part-day",
        f"/attendance/flags/{flag.pk}/",
    ):
        dsl.go(path)
        dsl.check()
    page = dsl.go(f"/attendance/flags/{flag.pk}/")
    page.get_by_label("Why does this flag need no more action?").fill("Too short")
    page.get_by_role("button", name="Dismiss the flag").click()
    page.wait_for_selector(".govuk-error-summary")
    dsl.check()
    assert page.get_by_label("Why does this flag need no more action?").input_value() == "Too short"
    page.get_by_label("Why does this flag need no more action?").fill(
        "Explained: a hospital stay, agreed with the family."
    )
    page.get_by_role("button", name="Dismiss the flag").click()
    page.wait_for_load_state()
    dsl.check()
    dsl.go(f"/attendance/flags/{flag.pk}/")
    dsl.check()
    dsl.go("/attendance/flags/?state=dismissed")
    dsl.check()

    plain = visit(java_script_enabled=False)
    sign_in(plain, "deputy")  # the DSL's code would be a replay within its 30 seconds
    page = plain.go(f"/attendance/imports/{waiting.pk}/")
    plain.check()
    page.get_by_role("link", name="Refresh").click()
    page.wait_for_load_state()
    plain.check()
    assert "Waiting to start" in page.locator("main").inner_text()

    admin = visit()
    sign_in(admin, "admin")
    page = admin.go("/administration/")
    page.get_by_role("link", name="Absence flags").click()
    page.wait_for_load_state()
    admin.check()
    page.get_by_label("Within how many days").fill("400")
    page.get_by_role("button", name="Save the thresholds").click()
    page.wait_for_selector(".govuk-error-summary")
    admin.check()
