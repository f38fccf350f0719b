"""The attendance pages as the school's DSL uses them: importing (checked at once, imported in
the background with its progress), the flags and acting on them, the unmatched pupils, and the
partnership's thresholds."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from tests.attendance.marks import NOON, csv_bytes, imported, school_days, sessions, upn
from tests.conftest import signed_in
from tests.factories import child_in
from vigil.accounts.models import OrganisationKind
from vigil.attendance import uploads
from vigil.attendance.models import AbsenceFlag, AttendanceImport, AttendanceMark, FlagState
from vigil.concerns.models import Draft
from vigil.referrals.models import Route

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_noon")]


@pytest.fixture
def _noon(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def dsl(world):
    return signed_in(world["dsl"])


def _upload(rows, name: str = "register.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows), content_type="text/csv")


def test_the_overview_shows_each_school_with_its_flags_and_imports(world, dsl) -> None:
    page = dsl.get("/attendance/")
    assert page.status_code == 200
    assert world.school.name in page.content.decode()
    assert "Nothing imported yet" in page.content.decode()
    assert signed_in(world["staff"]).get("/attendance/").status_code == 404


def test_a_bad_file_comes_back_at_once_with_every_bad_line_and_nothing_kept(world, dsl) -> None:
    rows = [
        (upn(1), "2026-11-23", "AM", "/"),
        (upn(1), "2026-11-23", "PM", "H"),
        (upn(2)[:-1] + "0", "2026-11-23", "AM", "/"),
    ]
    url = f"/attendance/schools/{world.school.pk}/import/"
    page = dsl.post(url, {"file": _upload(rows)})
    assert page.status_code == 422
    text = page.content.decode()
    assert "2 lines have problems" in text
    report = re.sub(r"\s+", " ", text[text.index('data-testid="report"') :])
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">3</td>' in report
    assert "H (holiday agreed by the school) was retired" in report
    assert "fails its check letter" in report
    assert not AttendanceImport.objects.exists()
    assert list(uploads.folder().iterdir()) == []


def test_a_file_is_required(world, dsl) -> None:
    page = dsl.post(f"/attendance/schools/{world.school.pk}/import/", {})
    assert page.status_code == 422
    assert "Choose the attendance file to import" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_good_file_is_imported_in_the_background_with_its_progress(transactional_world) -> None:
    world, dsl = transactional_world, signed_in(transactional_world["dsl"])
    child_in(world.school, world["dsl"], upn=upn(1))
    rows = sessions(upn(1), school_days(30), "/" * 40 + "O" * 20)
    url = f"/attendance/schools/{world.school.pk}/import/"
    answer = dsl.post(url, {"file": _upload(rows)})
    record = AttendanceImport.objects.get()
    assert answer.status_code == 302
    assert answer["Location"] == f"/attendance/imports/{record.pk}/"
    waiting = dsl.get(answer["Location"]).content.decode()
    assert '<progress id="import-progress" max="61" value="0">' in waiting
    assert "Waiting to start" in waiting
    status = dsl.get(f"/attendance/imports/{record.pk}/status/").json()
    assert status == {
        "state": "queued",
        "label": "Waiting to start",
        "line": 0,
        "total": 61,
        "percent": 0,
        "finished": False,
    }
    call_command("db_worker", batch=True, verbosity=0)
    record.refresh_from_db()
    assert (record.state, record.rows, record.flags_raised) == ("done", 60, 1)
    done = dsl.get(answer["Location"]).content.decode()
    assert "<progress" not in done
    assert "New absence flags" in done
    assert dsl.get(f"/attendance/imports/{record.pk}/status/").json()["finished"] is True
    assert list(uploads.folder().iterdir()) == []


def test_the_page_shows_the_progress_the_import_has_written(world, dsl) -> None:
    record = AttendanceImport.objects.create(
        school=world.school,
        imported_by=world["dsl"],
        source="page",
        state="running",
        lines=1001,
        rows=1000,
        created_at=NOON,
    )
    uploads.progress_write(record.pk, 501, 1001)
    status = dsl.get(f"/attendance/imports/{record.pk}/status/").json()
    assert (status["line"], status["percent"], status["finished"]) == (501, 50, False)
    page = dsl.get(f"/attendance/imports/{record.pk}/").content.decode()
    assert 'max="1001" value="501"' in page
    assert "Importing: 50% (501 of 1001 lines)." in page
    assert "attendance/import_progress.js" in page


@pytest.fixture
def flag(world):
    child = child_in(world.school, world["dsl"], upn=upn(1), given_names="Flagged")
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), "/" * 40 + "O" * 20))
    return AbsenceFlag.objects.get(child=child)


def test_the_flags_list_filters_and_links_each_flag(world, dsl, flag) -> None:
    text = dsl.get("/attendance/flags/").content.decode()
    assert "Flagged Example" in text
    assert f"/attendance/flags/{flag.pk}/" in text
    assert "Attended 40 of 60 possible sessions (66%)" in text
    other = dsl.get("/attendance/flags/?kind=part-day").content.decode()
    assert "Flagged Example" not in other and "No flags match the filters" in other
    nobody = signed_in(world["other_dsl"]).get("/attendance/flags/").content.decode()
    assert "Flagged Example" not in nobody and "No absence flags are open" in nobody


def test_the_flag_offers_a_concern_the_welfare_service_and_dismissal(world, dsl, flag) -> None:
    text = dsl.get(f"/attendance/flags/{flag.pk}/").content.decode()
    assert "Record a concern" in text
    assert "Refer to the education welfare service" not in text  # no such route yet
    welfare = world.police.__class__.objects.create(
        name="Testshire Education Welfare (test)", kind=OrganisationKind.EDUCATION_WELFARE
    )
    Route.objects.create(
        code="ews", name="Education welfare service", receiver=welfare, workflow="direct"
    )
    text = dsl.get(f"/attendance/flags/{flag.pk}/").content.decode()
    assert f'action="/children/{flag.child_id}/referrals/new/"' in text
    assert 'name="route" value="ews"' in text


def test_refer_to_the_welfare_service_starts_a_referral_by_that_route(world, dsl, flag) -> None:
    welfare = world.police.__class__.objects.create(
        name="Testshire Education Welfare (test)", kind=OrganisationKind.EDUCATION_WELFARE
    )
    Route.objects.create(
        code="ews", name="Education welfare service", receiver=welfare, workflow="direct"
    )
    answer = dsl.post(f"/children/{flag.child_id}/referrals/new/", {"route": "ews"})
    assert answer.status_code == 302
    from vigil.referrals.models import Referral

    assert Referral.objects.get(child=flag.child).route.code == "ews"


def test_dismissing_without_a_reason_keeps_what_was_typed(world, dsl, flag) -> None:
    url = f"/attendance/flags/{flag.pk}/dismiss/"
    page = dsl.post(url, {"version": flag.version, "reason": "Too short"})
    assert page.status_code == 422
    text = page.content.decode()
    assert "in at least 10 characters" in text and "Too short</textarea>" in text
    done = dsl.post(
        url, {"version": flag.version, "reason": "Agreed with the family: a hospital stay."}
    )
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.state == FlagState.DISMISSED


def test_a_flag_dismissed_meanwhile_says_so_and_keeps_the_reason(world, dsl, flag) -> None:
    url = f"/attendance/flags/{flag.pk}/dismiss/"
    dsl.post(url, {"version": flag.version, "reason": "Agreed with the family: a hospital stay."})
    page = signed_in(world["deputy"]).post(
        url, {"version": flag.version, "reason": "Another reason, typed meanwhile."}
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "Someone else changed this" in text
    assert "Another reason, typed meanwhile." not in text or "Dismissed" in text


def test_a_flag_becomes_a_concern_and_the_draft_opens_at_its_first_step(world, dsl, flag) -> None:
    answer = dsl.post(f"/attendance/flags/{flag.pk}/concern/", {"version": flag.version})
    draft = Draft.objects.get(author=world["dsl"])
    assert answer["Location"] == f"/concerns/drafts/{draft.pk}/risk/"
    assert draft.data["indicators"] == ["v.not_in_education"]


def test_the_unmatched_pupils_and_matching_again(world, dsl) -> None:
    imported(world["dsl"], world.school, sessions(upn(4), school_days(2), "////"))
    url = f"/attendance/schools/{world.school.pk}/unmatched/"
    text = dsl.get(url).content.decode()
    assert upn(4) in text and "1 pupil held" in text
    child_in(world.school, world["dsl"], upn=upn(4))
    answer = dsl.post(f"/attendance/schools/{world.school.pk}/match/")
    assert answer.status_code == 302
    assert "4 held marks are now linked" in dsl.get(url).content.decode()
    assert not AttendanceMark.objects.filter(child__isnull=True).exists()


def test_the_partnership_administrator_changes_the_thresholds(world) -> None:
    admin = signed_in(world["admin"])
    page = admin.get("/attendance/thresholds/")
    assert page.status_code == 200
    values = {
        "version": 1,
        "persistent_sessions": 60,
        "persistent_percent": 101,
        "persistent_minimum": 20,
        "part_day_count": 3,
        "part_day_days": 28,
    }
    wrong = admin.post("/attendance/thresholds/", values)
    assert wrong.status_code == 422
    assert "Enter a whole number from 50 to 99" in wrong.content.decode()
    assert (
        admin.post("/attendance/thresholds/", {**values, "persistent_percent": 85}).status_code
        == 302
    )
    stale = admin.post("/attendance/thresholds/", {**values, "persistent_percent": 80})
    assert "Someone else changed this" in stale.content.decode()
    assert signed_in(world["school_admin"]).get("/attendance/thresholds/").status_code == 404


def test_the_status_address_answers_json_only_to_the_school_s_dsls(world, dsl) -> None:
    record = imported(world["dsl"], world.school, sessions(upn(1), school_days(1), "//"))
    url = f"/attendance/imports/{record.pk}/status/"
    assert json.loads(dsl.get(url).content)["state"] == "done"
    assert signed_in(world["other_dsl"]).get(url).status_code == 404
