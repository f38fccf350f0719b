"""`vigil attendance`: a school's attendance from the command line. `vigil attendance import`
imports a file of marks for a school, as the person named by --as would on the import page."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from django.http import Http404

from vigil.accounts.models import Person
from vigil.attendance.models import AttendanceImport, ImportSource
from vigil.attendance.parsing import Problem
from vigil.attendance.selectors import school_by_dfe_number
from vigil.attendance.services import ImportRejectedError, attendance_import
from vigil.core.commands import VigilCommand

DESCRIPTION = """\
A school's attendance from the command line.

Run `vigil attendance import --help` for importing a file of attendance marks.
"""

IMPORT_DESCRIPTION = """\
Import a school's attendance marks from a CSV file, as the person named by --as
would import it on the school's import page.

The file: UTF-8 (with or without a byte order mark), a header row
`upn,date,session,code`, then one mark a line: the pupil's UPN, the date as
YYYY-MM-DD or DD/MM/YYYY, the session (AM or PM) and the national attendance
code (the Department for Education's codes from August 2024).

Any bad line rejects the whole file: every bad line is named on standard error,
with its number and what is wrong, and nothing is stored. Put the lines right
and import the whole file again. A mark already imported for the same pupil,
date and session is replaced, so a corrected file can be imported again.

Marks for pupils whose UPN is on none of the school's children's files are held
for matching (never made into children) and linked when a file carries the UPN.
After the import the school's absence flags are computed, and its designated
safeguarding leads are told of new ones.

The person must be a designated safeguarding lead (or deputy) of the school.
A progress line goes to standard error; the summary to standard output.
"""

IMPORT_EPILOG = """\
exit codes:
  0  the file was imported
  1  nothing was imported: the file has bad lines (listed on standard error), it
     cannot be read, or there is no such school for this person, or no such
     active person

examples:
  vigil attendance import register.csv --school 9999001 --as dsl
  vigil attendance import autumn.csv --school 9999001 --as dsl 2> problems.txt
"""

NOT_SHOWN = (
    "No school with the DfE number {number} can be imported for {username}: there is none, "
    "or they are not its designated safeguarding lead or deputy."
)


class LineProgress:
    """A progress line on standard error: redrawn on a terminal, a line a tenth otherwise."""

    def __init__(self, write: Callable[[str], None], tty: bool) -> None:
        self.write, self.tty, self.shown = write, tty, -1

    def __call__(self, line: int, total: int) -> None:
        percent = line * 100 // max(total, 1)
        step = percent if self.tty else percent // 10 * 10
        if step == self.shown:
            return
        self.shown = step
        text = f"Importing: {percent}% ({line:,} of {total:,} lines)"
        self.write(f"\r{text}" if self.tty else f"{text}\n")

    def done(self) -> None:
        if self.tty and self.shown >= 0:
            self.write("\n")


class Command(VigilCommand):
    help = DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        command = actions.add_parser(
            "import",
            help="import a school's file of attendance marks",
            description=IMPORT_DESCRIPTION,
            epilog=IMPORT_EPILOG,
            formatter_class=RawDescriptionHelpFormatter,
        )
        command.add_argument("file", metavar="FILE", help="the CSV file of marks")
        command.add_argument(
            "--school",
            required=True,
            metavar="DFE_NUMBER",
            help="the school's DfE number: 7 digits, like 9999001",
        )
        command.add_argument(
            "--as",
            dest="username",
            required=True,
            metavar="USERNAME",
            help="the person importing: their access applies, and the audit log names them",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        person = self._person(options["username"])
        try:
            school = school_by_dfe_number(actor=person, dfe_number=options["school"])
        except Http404:
            raise CommandError(
                NOT_SHOWN.format(number=options["school"], username=person.username)
            ) from None
        path = Path(options["file"])
        record = self._import(person, school, path)
        self.stdout.write(summary(record))

    def _person(self, username: str) -> Person:
        person = Person.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"There is nobody with the username {username!r}.")
        if not person.is_active:
            raise CommandError(f"{username!r} is not active: they cannot import attendance.")
        return person

    def _import(self, person: Person, school: Any, path: Path) -> AttendanceImport:
        def write(text: str) -> None:
            self.stderr.write(text, ending="")
            self.stderr.flush()

        progress = LineProgress(write, self.stderr.isatty())

        def named(problem: Problem) -> None:
            write(f"{path.name}: line {problem.line}: {problem.message}\n")

        try:
            with path.open("rb") as file:
                return attendance_import(
                    actor=person,
                    school=school,
                    file=file,
                    source=ImportSource.COMMAND,
                    file_name=path.name,
                    progress=progress,
                    on_problem=named,
                )
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from None
        except ImportRejectedError as rejected:
            raise CommandError(rejected.summary) from None
        finally:
            progress.done()


def summary(record: AttendanceImport) -> str:
    """What an import did, in a few lines of plain words (no pupil data)."""
    school = record.school
    lines = [
        f"Imported {record.rows:,} marks for {school.name} ({school.dfe_number}): "
        f"{record.created:,} new, {record.replaced:,} replacing marks imported before.",
        f"{record.held:,} marks are held for matching: no child's file at the school carries "
        "their UPN yet."
        if record.held
        else "Every mark is linked to a child's file.",
    ]
    if record.matched:
        lines.append(f"{record.matched:,} marks held before are now linked to a child's file.")
    flags = record.flags_raised
    lines.append(
        f"{flags:,} new absence flag{'s' if flags != 1 else ''}: the school's designated "
        "safeguarding leads have been told."
        if flags
        else "No new absence flags."
    )
    return "\n".join(lines)
