"""Fictional attendance files for the tests: UPNs with good check letters, school days, files."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.utils import timezone

from vigil.attendance.models import AttendanceImport, ImportSource
from vigil.attendance.pupil_numbers import upn_make
from vigil.attendance.services import attendance_import

HEADER = "upn,date,session,code"
# A Wednesday in term: "today" in the flag tests (at noon, London time).
TODAY = date(2026, 11, 25)
NOON = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.get_fixed_timezone(0))


def upn(serial: int, school: str = "9001") -> str:
    """A fictional UPN: local authority 999, the school's number, year 26, a serial."""
    return upn_make(f"999{school}{serial // 1000 % 100:02d}{serial % 1000:03d}")


def school_days(count: int, until: date = TODAY) -> list[date]:
    """The last `count` weekdays up to `until`, oldest first."""
    days: list[date] = []
    day = until
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return days[::-1]


Row = tuple[str, str, str, str]


def sessions(pupil: str, days: Sequence[date], codes: Iterable[str]) -> list[Row]:
    """Marks for the pupil's sessions (AM then PM on each day), one code a session."""
    slots = [(day, session) for day in days for session in ("AM", "PM")]
    return [
        (pupil, day.isoformat(), session, code)
        for (day, session), code in zip(slots, codes, strict=False)
    ]


def csv_bytes(rows: Iterable[Row], header: str = HEADER, bom: bool = False) -> bytes:
    text = "\n".join([header, *(",".join(row) for row in rows)]) + "\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def imported(actor, school, rows: Iterable[Row], **options) -> AttendanceImport:
    return attendance_import(
        actor=actor,
        school=school,
        file=io.BytesIO(csv_bytes(rows)),
        source=ImportSource.COMMAND,
        **options,
    )
