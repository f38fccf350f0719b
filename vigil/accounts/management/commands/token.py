from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from vigil.accounts.models import ApiToken, Person
from vigil.accounts.tokens import DEFAULT_DAYS, LONGEST_DAYS, api_token_create
from vigil.audit.services import SYSTEM, audit_event_record
from vigil.core.commands import VigilCommand


class Command(VigilCommand):
    help = """API tokens for integrations. A token acts with exactly its person's access, and
expires. Only its digest is stored: the token is printed once, when created.

examples:
  vigil token create --user mash --days 30 --name "Case system link"
  vigil token list --user mash
  vigil token revoke 1b0c3b1e-...
"""

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="create a token and print it (once)")
        create.add_argument(
            "--user", required=True, metavar="USERNAME", help="whose access the token carries"
        )
        create.add_argument(
            "--days",
            type=int,
            default=DEFAULT_DAYS,
            help=f"days until it expires, 1 to {LONGEST_DAYS} (default {DEFAULT_DAYS})",
        )
        create.add_argument(
            "--name", default="Created on the command line", help="what the token is for"
        )
        listing = sub.add_parser("list", help="list a person's tokens")
        listing.add_argument("--user", required=True, metavar="USERNAME")
        revoke = sub.add_parser("revoke", help="revoke a token by its id")
        revoke.add_argument("token_id", metavar="TOKEN_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _person(self, username: str) -> Person:
        person = Person.objects.filter(username=username).first()
        if person is None:
            raise CommandError(f"There is nobody with the username {username!r}.")
        return person

    def _create(self, options: dict[str, Any]) -> None:
        person = self._person(options["user"])
        try:
            token, secret = api_token_create(
                actor=SYSTEM, person=person, name=options["name"], days=options["days"]
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(secret)
        self.stderr.write(
            f"Token {token.pk} for {person.username}, expires {token.expires_at:%Y-%m-%d %H:%M} UTC. "
            "Keep it secret: it is not shown again."
        )

    def _list(self, options: dict[str, Any]) -> None:
        for token in ApiToken.objects.filter(person=self._person(options["user"])):
            state = "revoked" if token.revoked_at else f"expires {token.expires_at:%Y-%m-%d}"
            self.stdout.write(f"{token.pk}  {token.prefix}…  {state}  {token.name}")

    def _revoke(self, options: dict[str, Any]) -> None:
        from django.utils import timezone

        try:
            updated = ApiToken.objects.filter(
                pk=options["token_id"], revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
        except ValidationError:
            raise CommandError("That is not a token id.") from None
        if not updated:
            raise CommandError("No active token has that id.")
        audit_event_record(
            actor=SYSTEM,
            verb="api-token.revoke",
            object_type="api-token",
            object_id=options["token_id"],
        )
        self.stdout.write("Revoked.")
