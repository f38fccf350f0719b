"""`vigil attendance import FILE --school DFE_NUMBER --as USERNAME`."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.attendance.marks import NOON, csv_bytes, school_days, sessions, upn
from tests.factories import child_in
from vigil.attendance.management.commands.attendance import LineProgress
from vigil.attendance.models import AttendanceMark

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_noon")]


@pytest.fixture
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("attendance", "import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _file(tmp_path: Path, rows, name: str = "register.csv") -> str:
    path = tmp_path / name
    path.write_bytes(csv_bytes(rows))
    return str(path)


def test_it_imports_and_says_what_it_did(world, tmp_path: Path) -> None:
    child_in(world.school, world["dsl"], upn=upn(1))
    rows = sessions(upn(1), school_days(2), "////") + sessions(upn(2), school_days(1), "//")
    out, err = run(_file(tmp_path, rows), "--school", world.school.dfe_number, "--as", "dsl")
    assert f"Imported 6 marks for {world.school.name} ({world.school.dfe_number})" in out
    assert "2 marks are held for matching" in out
    assert "No new absence flags." in out
    assert "Importing: 100% (7 of 7 lines)" in err
    assert AttendanceMark.objects.count() == 6


def test_every_bad_line_is_named_and_nothing_is_stored(world, tmp_path: Path) -> None:
    rows = [
        (upn(1), "2026-11-23", "AM", "/"),
        (upn(1), "31/02/2026", "AM", "/"),
        (upn(1), "2026-11-23", "AM", "Q1"),
    ]
    err = StringIO()
    with pytest.raises(CommandError, match="2 lines have problems"):
        call_command(
            "attendance",
            "import",
            _file(tmp_path, rows, "bad.csv"),
            "--school",
            world.school.dfe_number,
            "--as",
            "dsl",
            stdout=StringIO(),
            stderr=err,
        )
    said = err.getvalue()
    assert "bad.csv: line 3: '31/02/2026' is not a real date" in said
    assert "bad.csv: line 4: 'Q1' is not an attendance code" in said
    assert not AttendanceMark.objects.exists()


@pytest.mark.parametrize(
    ("school", "username", "says"),
    [
        ("9999999", "dsl", "No school with the DfE number 9999999 can be imported for dsl"),
        (None, "staff", "can be imported for staff"),
        (None, "otherdsl", "can be imported for otherdsl"),
        (None, "nobody", "There is nobody with the username 'nobody'"),
    ],
)
def test_who_may_import_and_where(world, tmp_path: Path, school, username, says) -> None:
    path = _file(tmp_path, sessions(upn(1), school_days(1), "//"))
    with pytest.raises(CommandError, match=says):
        run(path, "--school", school or world.school.dfe_number, "--as", username)


def test_a_file_that_cannot_be_read_is_said_plainly(world, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"), "--school", world.school.dfe_number, "--as", "dsl")


def test_the_progress_line_is_redrawn_on_a_terminal_and_a_line_a_tenth_elsewhere() -> None:
    written: list[str] = []
    plain = LineProgress(written.append, tty=False)
    for line in range(0, 101):
        plain(line, 100)
    assert len(written) == 11 and written[-1] == "Importing: 100% (100 of 100 lines)\n"
    written.clear()
    terminal = LineProgress(written.append, tty=True)
    terminal(50, 100)
    terminal.done()
    assert written == ["\rImporting: 50% (50 of 100 lines)", "\n"]
