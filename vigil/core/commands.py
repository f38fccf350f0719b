"""The base for Vigil's console commands."""

from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vigil.cli import ALIASES

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
