"""`vigil referral`: referrals from the command line. `vigil referral pdf` writes a sent
referral as its PDF, for a named person, with exactly the rules of the referral's page: who
may see it, and the download on the access log."""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any, BinaryIO, cast

from django.core.management.base import CommandError
from django.http import Http404

from vigil.accounts.models import Person
from vigil.core.commands import VigilCommand
from vigil.referrals.document import referral_pdf
from vigil.referrals.selectors import referral_by_reference

DESCRIPTION = """\
Referrals from the command line.

Run `vigil referral pdf --help` for writing a referral as its PDF.
"""

PDF_DESCRIPTION = """\
Write a sent referral as its PDF document, as the person named by --as would
download it from the referral's page.

The same rules apply as on the page: the person must be able to see the referral
(its referring organisation's DSLs, deputies and managers, the member of staff who
sent it, and the front door it went to), and the download is recorded on the
access log in their name. A referral that does not exist and one the person may
not see give the same message.

The document is OFFICIAL-SENSITIVE: keep the file where only those who need it
can read it (it is written readable by its owner only), and delete it when done.
"""

PDF_EPILOG = """\
exit codes:
  0  the PDF was written
  1  no such referral for this person, no such active person, or FILE not written

examples:
  vigil referral pdf REF-2026-000123 --as dsl --output REF-2026-000123.pdf
  vigil referral pdf REF-2026-000123 --as mash --output - | lp
"""

# The same whether the referral does not exist or the person may not see it.
NOT_SHOWN = (
    "No referral with that reference can be shown to {username}: there is none, or they may "
    "not see it."
)
# Readable and writable by its owner only: the document is OFFICIAL-SENSITIVE.
PRIVATE = 0o600


class Command(VigilCommand):
    help = DESCRIPTION

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        pdf = actions.add_parser(
            "pdf",
            help="write a sent referral as its PDF document",
            description=PDF_DESCRIPTION,
            epilog=PDF_EPILOG,
            formatter_class=RawDescriptionHelpFormatter,
        )
        pdf.add_argument("reference", metavar="REFERENCE", help="the referral's reference")
        pdf.add_argument(
            "--as",
            dest="username",
            required=True,
            metavar="USERNAME",
            help="the person downloading it: their access applies, and the log names them",
        )
        pdf.add_argument(
            "--output",
            required=True,
            metavar="FILE",
            help="the file to write (replaced if it exists), or - for standard output",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _person(self, username: str) -> Person:
        person = Person.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"There is nobody with the username {username!r}.")
        if not person.is_active:
            raise CommandError(f"{username!r} is not active: they cannot download referrals.")
        return person

    def _pdf(self, options: dict[str, Any]) -> None:
        person = self._person(options["username"])
        reference = options["reference"]
        try:
            referral = referral_by_reference(actor=person, reference=reference, purpose="download")
        except Http404:
            raise CommandError(NOT_SHOWN.format(username=person.username)) from None
        document = referral_pdf(referral)
        if options["output"] == "-":
            self._to_stdout(document, options.get("stdout"))
            return
        self._to_file(document, Path(options["output"]))
        self.stderr.write(f"Wrote {referral.reference} to {options['output']}.")

    def _to_stdout(self, document: bytes, given: Any) -> None:
        stream = given or sys.stdout
        # Standard output's bytes beneath its text; a binary stream given (tests) as it is.
        binary = cast(BinaryIO, getattr(stream, "buffer", stream))
        binary.write(document)
        binary.flush()

    def _to_file(self, document: bytes, path: Path) -> None:
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE)
            os.fchmod(descriptor, PRIVATE)  # a file that was there keeps no wider mode
            with os.fdopen(descriptor, "wb") as file:
                file.write(document)
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror or error}.") from None
