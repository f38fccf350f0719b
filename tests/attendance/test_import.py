"""Importing a school's attendance file: what is stored, what is held, and what is refused."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from tests.attendance.marks import NOON, csv_bytes, imported, school_days, sessions, upn
from tests.factories import child_in
from vigil.attendance.models import AttendanceImport, AttendanceMark, ImportSource, ImportState
from vigil.attendance.services import ImportRejectedError, attendance_import, marks_match
from vigil.audit.models import AuditEvent
from vigil.children.models import Child
from vigil.children.services import child_update

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_noon")]


@pytest.fixture
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


def _import(world, data: bytes, **options):
    return attendance_import(
        actor=world["dsl"],
        school=world.school,
        file=io.BytesIO(data),
        source=ImportSource.COMMAND,
        **options,
    )


def test_a_file_with_a_bom_and_both_date_forms_is_stored_and_linked_by_upn(world) -> None:
    known = child_in(world.school, world["dsl"], upn=upn(1))
    data = csv_bytes(
        [
            (upn(1), "2026-11-23", "AM", "/"),
            (upn(1), "23/11/2026", "pm", "n"),
            (upn(2), "24/11/2026", "AM", "I"),
        ],
        header=" UPN , Date,SESSION ,code",
        bom=True,
    )
    record = _import(world, data, file_name="register.csv")
    assert (record.state, record.rows, record.created, record.replaced) == ("done", 3, 3, 0)
    assert record.held == 1
    stored = {(m.upn, m.date, m.session, m.code, m.child_id) for m in AttendanceMark.objects.all()}
    assert stored == {
        (upn(1), date(2026, 11, 23), "AM", "/", known.pk),
        (upn(1), date(2026, 11, 23), "PM", "N", known.pk),
        (upn(2), date(2026, 11, 24), "AM", "I", None),
    }
    # A pupil the school does not know is held for matching, never made into a child.
    assert Child.objects.count() == 1


def test_every_bad_line_is_reported_by_number_and_nothing_is_stored(world) -> None:
    good = (upn(1), "2026-11-23", "AM", "/")
    rows = [
        good,
        ("A" + upn(2)[1:], "2026-11-23", "AM", "/"),  # the check letter is wrong
        (upn(3), "2026-02-30", "AM", "/"),  # not a real date
        (upn(3), "2026/11/23", "AM", "/"),  # neither form
        (upn(3), "2026-11-26", "AM", "/"),  # tomorrow
        (upn(3), "2026-11-23", "EV", "/"),  # not a session
        (upn(3), "2026-11-23", "AM", "J"),  # a retired code
        (upn(3), "2026-11-23", "AM", "?"),  # not a code
        good,  # the same session again
        (upn(4), "2026-11-23", "AM"),  # three values
    ]
    with pytest.raises(ImportRejectedError) as rejected:
        _import(world, csv_bytes(rows))
    lines = {p.line: p.message for p in rejected.value.problems}
    assert sorted(lines) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert rejected.value.count == 9
    assert "check letter" in lines[3]
    assert "not a real date" in lines[4]
    assert "YYYY-MM-DD or DD/MM/YYYY" in lines[5]
    assert "after today" in lines[6]
    assert "AM or PM" in lines[7]
    assert "J1" in lines[8]
    assert "'?' is not an attendance code" in lines[9]
    assert "already given on line 2" in lines[10]
    assert "4 values" in lines[11] or "has 3 values" in lines[11]
    assert "9 lines have problems" in rejected.value.summary
    assert not AttendanceMark.objects.exists()
    assert not AttendanceImport.objects.exists()


@pytest.mark.parametrize(
    ("data", "line", "says"),
    [
        (b"", 1, "empty"),
        (b"upn,date,session,code\n", 2, "no marks"),
        (b"date,upn,session,code\nx\n", 1, "header"),
        (csv_bytes([], header=f"{upn(1)},2026-11-23,AM,/"), 1, "add the header"),
        (b"upn,date,session,code\n\xff\xfe,2026-11-23,AM,/\n", 2, "not UTF-8"),
        (b'upn,date,session,code\n"' + upn(1).encode() + b",2026-11-23,AM,/\n", 2, "not closed"),
        (b"upn,date,session,code\n" + upn(1).encode() + b',"2026"-11-23,AM,/\n', 2, "misplaced"),
    ],
)
def test_files_that_are_not_a_register_say_why(world, data, line, says) -> None:
    with pytest.raises(ImportRejectedError) as rejected:
        _import(world, data)
    assert rejected.value.problems[0].line == line
    assert says in rejected.value.problems[0].message


def test_the_report_lists_the_first_thousand_and_counts_them_all(world) -> None:
    rows = [(upn(1), "2026-11-23", "XX", "/")] * 1500
    reported = []
    with pytest.raises(ImportRejectedError) as rejected:
        _import(world, csv_bytes(rows), on_problem=reported.append)
    assert len(rejected.value.problems) == 1000
    assert rejected.value.count == 1500
    assert len(reported) == 1500  # the command line names every one


def test_importing_again_replaces_the_marks_it_gives_and_keeps_the_others(world) -> None:
    days = school_days(3)
    imported(world["dsl"], world.school, sessions(upn(1), days, "//////"))
    corrected = sessions(upn(1), days[:1], ["N", "/"])
    record = imported(world["dsl"], world.school, corrected)
    assert (record.created, record.replaced) == (0, 2)
    assert AttendanceMark.objects.count() == 6
    first = AttendanceMark.objects.get(date=days[0], session="AM")
    assert first.code == "N"


def test_held_marks_link_up_when_the_child_s_upn_is_added_and_matched_again(world) -> None:
    child = child_in(world.school, world["dsl"])
    imported(world["dsl"], world.school, sessions(upn(7), school_days(2), "////"))
    assert AttendanceMark.objects.filter(child__isnull=True).count() == 4
    child_update(actor=world["dsl"], child=child, version=child.version, upn=upn(7).lower())
    matched = marks_match(actor=world["dsl"], school=world.school)
    assert matched.linked == 4
    assert AttendanceMark.objects.filter(child=child).count() == 4


def test_each_import_matches_marks_held_before(world) -> None:
    imported(world["dsl"], world.school, sessions(upn(7), school_days(1), "//"))
    child = child_in(world.school, world["dsl"], upn=upn(7))
    record = imported(world["dsl"], world.school, sessions(upn(8), school_days(1), "//"))
    assert record.matched == 2
    assert AttendanceMark.objects.filter(child=child).count() == 2


def test_a_upn_two_files_carry_stays_held_and_a_corrected_upn_is_held_again(world) -> None:
    first = child_in(world.school, world["dsl"], upn=upn(5))
    imported(world["dsl"], world.school, sessions(upn(5), school_days(1), "//"))
    assert AttendanceMark.objects.filter(child=first).count() == 2
    child_update(actor=world["dsl"], child=first, version=first.version, upn=upn(6))
    matched = marks_match(actor=world["dsl"], school=world.school)
    assert (matched.unlinked, matched.linked) == (2, 0)
    second = child_in(world.school, world["dsl"], upn=upn(6), given_names="Another")
    imported(world["dsl"], world.school, sessions(upn(6), school_days(1), "//"))
    # Two files carry the UPN: the marks wait until one of them is put right.
    assert not AttendanceMark.objects.filter(child__in=[first, second]).exists()


def test_marks_of_another_school_s_child_are_never_linked(world) -> None:
    child_in(world.other_school, world["other_dsl"], upn=upn(9))
    imported(world["dsl"], world.school, sessions(upn(9), school_days(1), "//"))
    assert AttendanceMark.objects.filter(child__isnull=False).count() == 0


@pytest.mark.parametrize("who", ["staff", "manager", "other_dsl", "admin", "school_admin"])
def test_only_the_school_s_dsls_import(world, who) -> None:
    with pytest.raises(PermissionDenied):
        imported(world[who], world.school, sessions(upn(1), school_days(1), "//"))


def test_a_deputy_imports(world) -> None:
    record = imported(world["deputy"], world.school, sessions(upn(1), school_days(1), "//"))
    assert record.state == ImportState.DONE


def test_the_import_is_audited_with_counts_and_no_pupil_data(world) -> None:
    record = imported(world["dsl"], world.school, sessions(upn(1), school_days(1), "//"))
    event = AuditEvent.objects.get(verb="attendance.import")
    assert event.object_id == str(record.pk)
    assert upn(1) not in event.details
    assert '"rows":2' in event.details.replace(" ", "")


def test_progress_is_reported_as_lines_of_the_whole(world) -> None:
    seen = []
    imported(
        world["dsl"],
        world.school,
        sessions(upn(1), school_days(3), "//////"),
        progress=lambda line, total: seen.append((line, total)),
    )
    assert seen and seen[-1] == (7, 7)
