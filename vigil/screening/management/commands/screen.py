"""`vigil screen`: evaluate CSE screening cases from the command line (SCREENING.md section 6)."""

from __future__ import annotations

import gc
import textwrap
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandParser

from vigil.core.commands import JsonContractCommand
from vigil.core.json_documents import Response
from vigil.screening.contract import CODES, respond
from vigil.screening.instruments import DEFAULT, INSTRUMENTS

_INSTRUMENT_LIST = "\n".join(
    f"  {instrument.id:<18} {instrument.title}{' (the default)' if instrument.id == DEFAULT else ''}"
    for instrument in INSTRUMENTS.values()
)

_CODE_LIST = textwrap.fill("Error codes: " + ", ".join(CODES) + ".", width=80)

DESCRIPTION = f"""\
Screen for child sexual exploitation: evaluate one case (a JSON object) or many
(a JSON array) with a screening instrument, and print each result as JSON.

Instruments:
{_INSTRUMENT_LIST}

A case:
  {{"id": "anything, echoed back",             optional
   "instrument": "cse-screening-1",           optional, the default
   "assessed_on": "2026-11-24",               required, YYYY-MM-DD
   "child": {{"date_of_birth": "2012-05-01",   required, under 18 on assessed_on
             "learning_disability": false,    optional
             "statuses": ["v.in_care"]}},      optional: v. indicators that hold now
   "observations": [                          optional
     {{"indicator": "i.going_missing",         a catalogue id
      "observed_on": "2026-10-01",            YYYY-MM-DD, not after assessed_on
      "basis": "evidence"}}],                  optional: evidence or concern
   "immediate_risk": false}}                   optional

Observations up to 182 days before the assessment are current, up to 365 recent,
older ones historical (shown, never counted).

The result, in the case's place:
  {{"id": ..., "instrument": "cse-screening-1", "level": "high",
   "score": null, "band": null, "points": {{}},     score, band and points: cse-scored-1
   "rules": ["H3", "M1"], "floors": [],            every rule that holds; floors that
                                                  raised the level
   "indicators": {{"i.going_missing": "current"}},  counted, current or recent
   "historical": [], "context": ["v.girl"],       seen only long ago; monitoring only
   "age": 14, "immediate_risk": false,
   "actions": ["refer-mash-today", "notify-police", "consider-strategy-discussion"],
   "review_by": "2026-12-22"}}                     null when the level is none
or, when the case is wrong (the first fault found, in the order of the fields above):
  {{"id": ..., "error": {{"code": "invalid-date", "message": "..."}}}}
{_CODE_LIST}

The level is advice for professional judgement, never a replacement for it.
Nothing is stored and the database is not used. Only JSON is written to standard
output.
"""

EPILOG = """\
exit codes:
  0  every case evaluated
  1  at least one error result
  2  the input is not JSON, or is neither an object nor an array (message on stderr)

example:
  echo '{"assessed_on": "2026-11-24", "child": {"date_of_birth": "2012-05-01"},
         "observations": [{"indicator": "e.disclosure", "observed_on": "2026-11-20"}]}' \\
    | vigil screen -
"""


class Command(JsonContractCommand):
    help = DESCRIPTION
    shown_as = "vigil screen"

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", metavar="FILE", help="a JSON file of cases, or - for stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        # A short run that makes no reference cycles: the cyclic collector would only walk the
        # whole parsed input again and again (a third of the time of a large batch).
        gc.disable()
        super().handle(*args, **options)

    def answer(self, raw: bytes) -> Response:
        return respond(raw)
