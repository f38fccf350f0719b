"""Reading a school's file of attendance marks, line by line, finding every bad line.

The file: UTF-8, with or without a byte order mark; a header row `upn,date,session,code`
(any case, spaces around the names allowed); then one mark a line: the pupil's UPN, the date
(`YYYY-MM-DD` or `DD/MM/YYYY`, a real date, not after today), the session (`AM` or `PM`) and
the national attendance code (codes.py). Blank lines are skipped. A pupil's session given
twice is a bad line: the file must say one thing about each session.

The reader streams: it holds one line at a time, a cache of the UPNs and dates seen, and one
small number for each session read (to find repeats), so a file of a million marks is read in
a few seconds and well under the memory of the process. Every bad line is counted and passed
to `on_problem`; the first `listed` are kept for the report. Pure: the standard library only.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Final, NamedTuple

from vigil.attendance.codes import code_problem
from vigil.attendance.pupil_numbers import upn_problem

HEADER: Final = ("upn", "date", "session", "code")
SESSIONS: Final = ("AM", "PM")
LISTED: Final = 1000
BOM: Final = b"\xef\xbb\xbf"
# Registers older than this are not a school's current records (and the reader counts days
# from it).
EARLIEST: Final = date(2000, 1, 1)
_DAY_ZERO: Final = EARLIEST.toordinal()
_ISO: Final = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_UK: Final = re.compile(r"(\d{2})/(\d{2})/(\d{4})", re.ASCII)


class Mark(NamedTuple):
    upn: str
    date: date
    session: str
    code: str


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


class _BadLineError(Exception):
    """A line's problem, raised inside the checks of one line."""


@dataclass
class Reading:
    """One pass over a file's lines (bytes, as read from the file)."""

    lines: Iterable[bytes]
    today: date
    listed: int = LISTED
    on_problem: Callable[[Problem], None] | None = None
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    rows: int = 0
    # The physical line reached: for a progress bar.
    line: int = 0
    _undecodable: set[int] = field(default_factory=set)
    _upns: dict[str, tuple[str | None, int]] = field(default_factory=dict)
    _dates: dict[str, date | str] = field(default_factory=dict)
    _seen: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problem_count == 0

    def marks(self) -> Iterator[Mark]:
        """Every good mark, in the file's order; the bad lines are counted as they come."""
        records = csv.reader(self._text(), strict=True)
        header_done = False
        while True:
            start = records.line_num + 1
            try:
                fields = next(records)
            except StopIteration:
                break
            except csv.Error as error:
                self._problem(
                    start, f"the line's quotation marks are not closed or misplaced ({error})"
                )
                continue
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            if records.line_num != start:
                self._problem(start, "a quotation mark opened on this line is not closed")
                continue
            if not header_done:
                if not self._header(start, fields):
                    return
                header_done = True
                continue
            mark = self._mark(start, fields)
            if mark is not None:
                self.rows += 1
                yield mark
        self._finish(header_done)

    def _text(self) -> Iterator[str]:
        for number, raw in enumerate(self.lines, start=1):
            self.line = number
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            raw = raw.rstrip(b"\r\n")
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                self._undecodable.add(number)
                yield raw.decode("utf-8", "replace")

    def _header(self, line: int, fields: list[str]) -> bool:
        names = tuple(name.strip().lower() for name in fields)
        if names == HEADER:
            return True
        message = "the first line must be the header upn,date,session,code"
        if len(fields) == 4 and upn_problem(_upn(fields[0])) is None:
            message += " (this line looks like a mark: add the header above it)"
        self._problem(line, message)
        return False

    def _finish(self, header_done: bool) -> None:
        if not header_done and not self.problem_count:
            self._problem(1, "the file is empty: it needs the header upn,date,session,code")
        elif header_done and not self.rows and not self.problem_count:
            self._problem(self.line + 1, "the file has no marks after its header")

    def _mark(self, line: int, fields: list[str]) -> Mark | None:
        try:
            if line in self._undecodable:
                raise _BadLineError(
                    "the line is not UTF-8 text: save the file as UTF-8 (CSV UTF-8)"
                )
            if len(fields) != 4:
                raise _BadLineError(
                    f"the line has {len(fields)} values; each mark has 4: upn, date, session, code"
                )
            upn, ident = self._pupil(fields[0])
            day = self._date(fields[1].strip())
            session = _session(fields[2])
            code = fields[3].strip().upper()
            problem = code_problem(code)
            if problem:
                raise _BadLineError(problem)
            self._once(line, ident, day, session, upn)
        except _BadLineError as bad:
            self._problem(line, str(bad))
            return None
        return Mark(upn, day, session, code)

    def _pupil(self, text: str) -> tuple[str, int]:
        upn = _upn(text)
        known = self._upns.get(upn)
        if known is None:
            known = self._upns[upn] = (upn_problem(upn), len(self._upns))
        if known[0]:
            raise _BadLineError(known[0])
        return upn, known[1]

    def _date(self, text: str) -> date:
        known = self._dates.get(text)
        if known is None:
            known = self._dates[text] = _parse_date(text, self.today)
        if isinstance(known, str):
            raise _BadLineError(known)
        return known

    def _once(self, line: int, ident: int, day: date, session: str, upn: str) -> None:
        """A pupil's session given twice: the later line is the bad one."""
        key = ((ident * 100_000 + day.toordinal() - _DAY_ZERO) << 1) | (session == "PM")
        earlier = self._seen.setdefault(key, line)
        if earlier != line:
            raise _BadLineError(
                f"{upn}'s {session} session on {day:%d/%m/%Y} is already given on line "
                f"{earlier}: give each session once"
            )

    def _problem(self, line: int, message: str) -> None:
        problem = Problem(line, message)
        self.problem_count += 1
        if len(self.problems) < self.listed:
            self.problems.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)


def _upn(text: str) -> str:
    return text.replace(" ", "").upper()


def _session(text: str) -> str:
    session = text.strip().upper()
    if session not in SESSIONS:
        raise _BadLineError(f"the session must be AM or PM, not {text.strip()!r}")
    return session


def _parse_date(text: str, today: date) -> date | str:
    """The date, or what is wrong with it."""
    if iso := _ISO.fullmatch(text):
        year, month, day_of_month = iso.groups()
    elif uk := _UK.fullmatch(text):
        day_of_month, month, year = uk.groups()
    else:
        return f"the date {text!r} must be written YYYY-MM-DD or DD/MM/YYYY"
    try:
        day = date(int(year), int(month), int(day_of_month))
    except ValueError:
        return f"{text!r} is not a real date"
    if day > today:
        return f"the date {text} is after today: marks are for sessions that have happened"
    if day < EARLIEST:
        return f"the date {text} is before 2000: check the year"
    return day


def count_lines(chunks: Iterable[bytes]) -> int:
    """Lines in a file read in chunks (for a progress bar's total): a last line without its
    line ending counts too."""
    total, last = 0, b""
    for chunk in chunks:
        total += chunk.count(b"\n")
        last = chunk or last
    return total + (1 if last and not last.endswith(b"\n") else 0)
