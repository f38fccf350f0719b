"""The absence patterns of every child of a school at once, computed in the database.

Each query reads the school's linked marks through the index on (school, child, date,
session, code) and answers only the children whose marks show the pattern, with its numbers:
the same rules as patterns.py, which the tests hold these to. The persistent-absence query
numbers each child's marks from the latest (a window function, on SQLite and PostgreSQL alike)
and aggregates the last N of them. Codes and thresholds go as parameters.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import connection

from vigil.attendance.codes import ABSENT, ATTENDING, POSSIBLE, UNEXPLAINED
from vigil.attendance.models import AttendanceMark
from vigil.attendance.patterns import Finding, Kind, Thresholds
from vigil.core.sql import bulk_cursor, uuid_adapter, uuid_from

MARK = AttendanceMark._meta.db_table


def _in(codes: Iterable[str]) -> tuple[str, list[str]]:
    listed = sorted(codes)
    return "(" + ", ".join(["%s"] * len(listed)) + ")", listed


def _day(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _param(day: date) -> object:
    """A date as this database takes it (SQLite compares the text)."""
    return connection.ops.adapt_datefield_value(day)


def _child(value: object) -> uuid.UUID:
    found = uuid_from(value)
    if found is None:  # the queries read linked marks only
        raise ValueError("a child id was expected")
    return found


_PERSISTENT = """
SELECT child_id,
       SUM(CASE WHEN code IN {attending} THEN 1 ELSE 0 END) AS present,
       SUM(CASE WHEN code IN {possible} THEN 1 ELSE 0 END) AS possible,
       COUNT(*), MIN(date), MAX(date)
FROM (
    SELECT child_id, date, code,
           ROW_NUMBER() OVER (PARTITION BY child_id ORDER BY date DESC, session DESC) AS n
    FROM {table} WHERE school_id = %s AND child_id IS NOT NULL
) AS numbered
WHERE n <= %s
GROUP BY child_id
HAVING SUM(CASE WHEN code IN {possible} THEN 1 ELSE 0 END) >= %s
   AND SUM(CASE WHEN code IN {attending} THEN 1 ELSE 0 END) * 100
       < %s * SUM(CASE WHEN code IN {possible} THEN 1 ELSE 0 END)
"""


def persistent_absence(school_id: uuid.UUID, rules: Thresholds) -> dict[uuid.UUID, Finding]:
    """Children attending under the threshold of their possible sessions among their last N
    sessions with marks."""
    attending, attending_codes = _in(ATTENDING)
    possible, possible_codes = _in(POSSIBLE)
    query = _PERSISTENT.format(attending=attending, possible=possible, table=MARK)
    params = [
        *attending_codes,
        *possible_codes,
        uuid_adapter()(school_id),
        rules.persistent_sessions,
        *possible_codes,
        rules.persistent_minimum,
        *attending_codes,
        rules.persistent_percent,
        *possible_codes,
    ]
    found: dict[uuid.UUID, Finding] = {}
    with bulk_cursor() as cursor:
        cursor.execute(query, params)
        for child, present, possible_count, sessions, first, last in cursor.fetchall():
            detail: dict[str, int | str] = {
                "present": int(present),
                "possible": int(possible_count),
                "sessions": int(sessions),
                "first": _day(first).isoformat(),
                "last": _day(last).isoformat(),
            }
            found[_child(child)] = Finding(Kind.PERSISTENT, _day(last), detail)
    return found


_PART_DAYS = """
SELECT child_id, COUNT(*), MIN(date), MAX(date) FROM (
    SELECT child_id, date FROM {table}
    WHERE school_id = %s AND child_id IS NOT NULL AND date > %s AND date <= %s
    GROUP BY child_id, date
    HAVING SUM(CASE WHEN code IN {attending} THEN 1 ELSE 0 END) = 1
       AND SUM(CASE WHEN code IN {absent} THEN 1 ELSE 0 END) = 1
) AS split_days
GROUP BY child_id
HAVING COUNT(*) >= %s
"""


def part_day_absence(
    school_id: uuid.UUID, today: date, rules: Thresholds
) -> dict[uuid.UUID, Finding]:
    """Children attending one session and absent from the other on enough days lately."""
    attending, attending_codes = _in(ATTENDING)
    absent, absent_codes = _in(ABSENT)
    query = _PART_DAYS.format(attending=attending, absent=absent, table=MARK)
    since = today - timedelta(days=rules.part_day_days)
    params = [
        uuid_adapter()(school_id),
        _param(since),
        _param(today),
        *attending_codes,
        *absent_codes,
        rules.part_day_count,
    ]
    found: dict[uuid.UUID, Finding] = {}
    with bulk_cursor() as cursor:
        cursor.execute(query, params)
        for child, days, first, last in cursor.fetchall():
            detail: dict[str, int | str] = {
                "days": int(days),
                "within": rules.part_day_days,
                "first": _day(first).isoformat(),
                "last": _day(last).isoformat(),
            }
            found[_child(child)] = Finding(Kind.PART_DAY, _day(last), detail)
    return found


def unexplained_absence(school_id: uuid.UUID, today: date) -> dict[uuid.UUID, Finding]:
    """Children marked absent today without a known reason (before anyone is ruled in)."""
    codes, listed = _in(UNEXPLAINED)
    query = (
        f"SELECT child_id, session, code FROM {MARK} WHERE school_id = %s "  # nosec B608
        f"AND child_id IS NOT NULL AND date = %s AND code IN {codes}"
    )
    sessions: dict[uuid.UUID, list[str]] = {}
    with bulk_cursor() as cursor:
        cursor.execute(query, [uuid_adapter()(school_id), _param(today), *listed])
        for child, session, code in cursor.fetchall():
            sessions.setdefault(_child(child), []).append(f"{session} {code}")
    return {
        child: Finding(
            Kind.UNEXPLAINED, today, {"date": today.isoformat(), "sessions": ", ".join(sorted(s))}
        )
        for child, s in sessions.items()
    }
