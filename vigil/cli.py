"""The `vigil` console command.

`vigil` is Django's command line with Vigil's own commands listed first. Each command is a
Django management command in the app that owns its meaning (clocks in `core`, the audit log
in `audit`, tokens in `accounts`), so that it runs with the same settings, database and
services as the pages.
"""

from __future__ import annotations

import os
import sys

# Command names people type, and the module that implements each (Python modules cannot
# contain hyphens).
ALIASES = {"verify-audit": "verify_audit"}

COMMANDS = (
    ("serve", "serve the application with a production-grade WSGI server (gunicorn)"),
    ("worker", "run background tasks and the clock tick every minute"),
    ("demo", "migrate and load the synthetic demo partnership; print its sign-ins"),
    ("tick", "evaluate every open clock once: warnings and overdue escalations"),
    ("clocks", "working-day clocks: `vigil clocks due FILE|-` computes due and warning moments"),
    ("screen", "CSE screening: `vigil screen FILE|-` evaluates cases given as JSON"),
    ("verify-audit", "prove that the audit log has not been altered, removed or reordered"),
    ("token", "API tokens: `vigil token create --user USERNAME [--days N]`"),
    ("referral", "referrals: `vigil referral pdf REFERENCE --as USERNAME --output FILE`"),
    ("attendance", "absence: `vigil attendance import FILE --school DFE_NUMBER --as USERNAME`"),
    ("bootstrap", "create the partnership and its first administrator on a new deployment"),
    ("migrate", "bring the database up to date"),
    ("check", "run Django's system checks (`vigil check --deploy --fail-level WARNING`)"),
)

USAGE = """usage: vigil COMMAND [options]

Vigil: Recognise, Record, Refer.

commands:
{commands}

Run `vigil COMMAND --help` for a command's options, and `vigil help --all` for every
administrative command Django provides.
"""


def usage() -> str:
    width = max(len(name) for name, _ in COMMANDS)
    lines = "\n".join(f"  {name.ljust(width)}  {text}" for name, text in COMMANDS)
    return USAGE.format(commands=lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args == ["help"] or args[0] in ("-h", "--help"):
        sys.stdout.write(usage())
        return 0
    if args[:2] == ["help", "--all"]:
        args = ["help"]
    args = [ALIASES.get(args[0], args[0]), *args[1:]]
    if args[0] == "help" and len(args) > 1:
        args[1] = ALIASES.get(args[1], args[1])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.env import EnvError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["vigil", *args])
    except EnvError as error:
        sys.stderr.write(f"vigil: configuration error: {error}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
