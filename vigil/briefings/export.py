"""A read report as CSV, for inspection: UTF-8 with a byte-order mark (so that spreadsheet
tools read names with accents correctly), one row a person.

Spreadsheet tools run a cell that starts with = + - or @ as a formula, so such a cell (a name
typed as "=HYPERLINK(...)", say) starts with an apostrophe instead: it shows as text and
never runs (OWASP, CSV injection). Tabs and carriage returns at the start are treated alike.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime

from django.utils import timezone

from vigil.briefings.reports import Report, report_rows

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def csv_cell(value: object) -> str:
    """The value as a cell that a spreadsheet shows as text and never runs."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


class _Echo:
    def write(self, value: str) -> str:
        return value


def header(report: Report) -> list[str]:
    return [
        "Name",
        "Role",
        f"Read version {report.version.number}",
        "Version read",
        "Read at (UK time)",
    ]


def report_csv(report: Report) -> Iterator[str]:
    """The report's rows, a chunk of people at a time (an organisation may have hundreds)."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header(report))
    people = list(report.people.values_list("pk", flat=True))
    for start in range(0, len(people), CHUNK):
        chunk = report.people.filter(pk__in=people[start : start + CHUNK])
        for row in report_rows(report, chunk):
            number = report.version.number if row.read else row.last_number
            when = row.read_at if row.read else row.last_read_at
            cells = [
                row.person.full_name or row.person.username,
                ", ".join(row.roles),
                "Yes" if row.read else "No",
                number or "",
                _when(when),
            ]
            yield writer.writerow([csv_cell(cell) for cell in cells])
