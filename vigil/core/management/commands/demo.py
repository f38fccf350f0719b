from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from vigil.core import demo
from vigil.core.commands import VigilCommand


class Command(VigilCommand):
    help = """Migrate the database and load the synthetic demo partnership (Northmoor).

Everything in it is fictional. Running it again changes nothing. It refuses to run in
production (VIGIL_ENV=production). It prints the demo sign-ins: every person has the same
password, and a fixed authenticator secret, so codes can be computed by scripts and tests.

examples:
  vigil demo
  vigil demo --json | jq '.[] | select(.username == "dsl")'
"""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--json",
            action="store_true",
            help='print the sign-ins as a JSON list of {"username", "password", "organisation", '
            '"roles", "totp_secret"} and nothing else',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "The demo partnership is synthetic: it is never loaded in production."
            )
        call_command("migrate", interactive=False, verbosity=0)
        loaded = demo.load()
        sign_ins = demo.sign_ins_as_dicts()
        if options["json"]:
            self.stdout.write(json.dumps(sign_ins, indent=2))
            return
        self.stdout.write(
            "Loaded the demo partnership."
            if loaded
            else "The demo partnership is already loaded: nothing changed."
        )
        self.stdout.write(
            f"\nSign in at {settings.VIGIL_BASE_URL}/ with any of these (password: {demo.PASSWORD}):\n"
        )
        for sign_in in sign_ins:
            roles = ", ".join(sign_in["roles"])  # type: ignore[arg-type]
            self.stdout.write(
                f"  {sign_in['username']:<13} {roles:<12} {sign_in['organisation']:<42} authenticator secret {sign_in['totp_secret']}"
            )
        self.stdout.write(
            "\nAdd a secret to an authenticator app (or run `oathtool --totp -b SECRET`) for the 6-digit code."
        )
