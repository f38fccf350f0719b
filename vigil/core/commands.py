"""The base for Vigil's console commands."""

from __future__ import annotations

import sys
from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from vigil.cli import ALIASES
from vigil.core.json_documents import EXIT_BAD_INPUT, InputRejectedError, Response

_PUBLIC_NAMES = {module: public for public, module in ALIASES.items()}


class VigilCommand(BaseCommand):
    """A management command shown as `vigil NAME`, with its help text kept as written."""

    # Django's own options (--settings, --pythonpath, --traceback...) are not for Vigil's users.
    suppressed_base_arguments = {
        "--version",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
    }

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(
            "vigil",
            _PUBLIC_NAMES.get(subcommand, subcommand),
            formatter_class=RawDescriptionHelpFormatter,
            **kwargs,
        )
        return parser


class JsonContractCommand(VigilCommand):
    """A command that answers a JSON document of cases read from FILE or `-` (standard input):
    the answer to standard output, its exit code (0 or 1) as the command's, and input that is
    not a document of cases refused on standard error with exit code 2."""

    # Pure computation: no database, so no system checks to wait for or to fail on.
    requires_system_checks: list[str] = []
    # How the command is named in its messages, e.g. "vigil screen".
    shown_as = "vigil"

    def answer(self, raw: bytes) -> Response:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        raw = self._read(options["file"])
        try:
            response = self.answer(raw)
        except InputRejectedError as error:
            self._fail(str(error))
        self.stdout.write(response.text)
        if response.exit_code:
            raise SystemExit(response.exit_code)

    def _read(self, name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(name).read_bytes()
        except OSError as error:
            self._fail(f"cannot read {name}: {error.strerror or error}")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"{self.shown_as}: {message}")
        raise SystemExit(EXIT_BAD_INPUT)
