"""`vigil clocks`: the working-day clocks from the command line (CLOCKS.md section 4)."""

from __future__ import annotations

from argparse import ArgumentParser, RawDescriptionHelpFormatter

from vigil.core.bank_holidays import bank_holidays
from vigil.core.clock_contract import respond
from vigil.core.clocks import DEFAULT_RULES
from vigil.core.commands import JsonContractCommand
from vigil.core.json_documents import Response

_CLOCK_TABLE = "\n".join(
    f"  {clock:<22} {rule.n:>3} {rule.counts}" for clock, rule in DEFAULT_RULES.items()
)

DESCRIPTION = f"""\
Working-day clocks: when a time limit falls due and when it warns.

Local time is Europe/London; working days are Monday to Friday except the bank
holidays of England and Wales and the closures given; opening hours are 09:00-17:00
unless given. Every clock warns at 75% of its span, counted its own way.

Clocks and their default counts:
{_CLOCK_TABLE}

Run `vigil clocks due --help` for the input and the result.
"""

DUE_DESCRIPTION = """\
Compute due and warning moments for one case (a JSON object) or many (a JSON array).

A case:
  {"id": "anything, echoed back",          optional
   "clock": "mash-decision",               required: one of the clock ids
   "start": "2026-12-24T16:30:00+00:00",   required: YYYY-MM-DDTHH:MM[:SS[.ffffff]]
                                            then Z or +HH:MM / -HH:MM
   "rule": {"counts": "working-hours", "n": 6},   optional: overrides the default;
                                            counts is working-hours, working-days or
                                            calendar-hours, n a whole number 1 to 1000
   "closures": ["2026-12-29"],              optional: days that are not working days
   "opening": {"from": "09:00", "to": "17:00"}}   optional: the opening hours

The result, in the case's place, with moments in UTC rounded down to the second:
  {"id": ..., "clock": "mash-decision", "due": "2026-12-30T17:00:00Z",
   "warn_at": "2026-12-30T14:52:30Z"}
or, when the case is wrong (the first fault found, in the order of the fields above):
  {"id": ..., "error": {"code": "invalid-datetime", "message": "..."}}
Error codes: invalid-value, missing-field, unknown-clock, invalid-datetime,
invalid-date, invalid-opening.

Only JSON is written to standard output.
"""

DUE_EPILOG = """\
exit codes:
  0  every case computed
  1  at least one error result
  2  the input is not JSON, or is neither an object nor an array (message on stderr)

example:
  echo '{"clock": "mash-decision", "start": "2026-12-24T16:30:00+00:00",
         "closures": ["2026-12-29"]}' | vigil clocks due -
"""


class Command(JsonContractCommand):
    help = DESCRIPTION
    shown_as = "vigil clocks due"

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        due = actions.add_parser(
            "due",
            help="compute due and warning moments for cases given as JSON",
            description=DUE_DESCRIPTION,
            epilog=DUE_EPILOG,
            formatter_class=RawDescriptionHelpFormatter,
        )
        due.add_argument("file", metavar="FILE", help="a JSON file of cases, or - for stdin")

    def answer(self, raw: bytes) -> Response:
        # `action` is always "due": the only subcommand, and argparse requires one.
        return respond(raw, bank_holidays())
