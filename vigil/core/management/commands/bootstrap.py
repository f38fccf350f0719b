from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from vigil.accounts.setup_links import send_setup_link, setup_url
from vigil.core.commands import VigilCommand
from vigil.core.services.bootstrap import AlreadySetUpError, partnership_bootstrap


class Command(VigilCommand):
    help = """Set up a new deployment: the partnership, its own team, and the first administrator.

The administrator is e-mailed a link to choose a password (it is printed too), and enrols a
second factor when they first sign in. They then set the front door's contacts and add
organisations and people on the Administration pages. Refuses when a partnership exists.

example:
  vigil bootstrap --partnership "Northmoor Safeguarding Children Partnership" \\
      --username a.admin --name "Alex Admin" --email a.admin@northmoor.example
"""

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--partnership", required=True, help="the partnership's name")
        parser.add_argument(
            "--team", default="", help="its own team's name (default: '<partnership> team')"
        )
        parser.add_argument("--username", required=True, help="the first administrator's username")
        parser.add_argument("--name", required=True, help="their full name")
        parser.add_argument("--email", required=True, help="their work e-mail address")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            admin = partnership_bootstrap(
                name=options["partnership"],
                team_name=options["team"] or f"{options['partnership']} team",
                admin_username=options["username"],
                admin_name=options["name"],
                admin_email=options["email"],
            )
        except AlreadySetUpError as error:
            raise CommandError(str(error)) from None
        send_setup_link(admin)
        self.stdout.write(
            f"Set up. {admin.full_name} can choose a password here (also e-mailed):\n{setup_url(admin)}"
        )
