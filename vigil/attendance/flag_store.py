"""The absence patterns of every child of a school at once, computed in the database.

Each query reads the school's linked marks through the index on (school, child, date,
session, code) and answers only the children whose marks show the pattern, with its numbers:
the same rules as patterns.py, which the tests hold these to. Codes and thresholds go as
parameters.

Persistent absence is about each child's last N sessions with marks. On PostgreSQL a window
function numbers each child's marks from the latest and the last N are aggregated: the index
is read in order, and the window stops numbering at N (its run condition). SQLite's window
functions cost about five times reading the same rows (bench/README.md): there each child's
last N marks are read straight from the index, N a child, newest first (a LIMIT per child),
whatever the length of the child's history.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import connection

from vigil.attendance.codes import ABSENT, ATTENDING, POSSIBLE, UNEXPLAINED
from vigil.attendance.models import AttendanceMark
from vigil.attendance.patterns import Finding, Kind, Thresholds
from vigil.children.models import Child
from vigil.core.sql import bulk_cursor, uuid_adapter, uuid_from

MARK = AttendanceMark._meta.db_table
CHILD = Child._meta.db_table


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
    if connection.vendor == "postgresql":
        rows = _persistent_window(school_id, rules)
    else:
        rows = _persistent_walk(school_id, rules)
    found: dict[uuid.UUID, Finding] = {}
    for child, present, possible_count, sessions, first, last in rows:
        detail: dict[str, int | str] = {
            "present": int(present),
            "possible": int(possible_count),
            "sessions": int(sessions),
            "first": _day(first).isoformat(),
            "last": _day(last).isoformat(),
        }
        found[_child(child)] = Finding(Kind.PERSISTENT, _day(last), detail)
    return found


def _persistent_window(school_id: uuid.UUID, rules: Thresholds) -> list[tuple[Any, ...]]:
    attending, attending_codes = _in(ATTENDING)
    possible, possible_codes = _in(POSSIBLE)
    query = _PERSISTENT.format(attending=attending, possible=possible, table=MARK)
    params = [
        *attending_codes,
        *possible_codes,
        school_id,
        rules.persistent_sessions,
        *possible_codes,
        rules.persistent_minimum,
        *attending_codes,
        rules.persistent_percent,
        *possible_codes,
    ]
    with bulk_cursor() as cursor:
        cursor.execute(query, params)
        return list(cursor.fetchall())


# A child's last N marks, newest first, read from the index: `{what}` over them.
_LAST_MARKS = (
    "(SELECT {what} FROM (SELECT code, date FROM {table} AS m WHERE m.school_id = "
    "c.organisation_id AND m.child_id = c.id ORDER BY m.date DESC, m.session DESC LIMIT %s))"
)
# The same for a flagged child (in `counted`): how many marks, from when, to when.
_SPAN = (
    "(SELECT COUNT(*) || ' ' || MIN(date) || ' ' || MAX(date) FROM (SELECT date FROM {table} "
    "AS m WHERE m.school_id = %s AND m.child_id = c.child_id ORDER BY m.date DESC, "
    "m.session DESC LIMIT %s))"
)
_PERSISTENT_WALK = """
WITH counted AS MATERIALIZED (
    SELECT c.id AS child_id, {present} AS present, {possible} AS possible
    FROM {children} AS c WHERE c.organisation_id = %s
)
SELECT child_id, present, possible, {span} FROM counted AS c
WHERE possible >= %s AND present * 100 < %s * possible
"""


def _persistent_walk(school_id: uuid.UUID, rules: Thresholds) -> list[tuple[Any, ...]]:
    attending, attending_codes = _in(ATTENDING)
    possible, possible_codes = _in(POSSIBLE)
    last = rules.persistent_sessions
    query = _PERSISTENT_WALK.format(
        present=_LAST_MARKS.format(what=f"SUM(code IN {attending})", table=MARK),
        possible=_LAST_MARKS.format(what=f"SUM(code IN {possible})", table=MARK),
        span=_SPAN.format(table=MARK),
        children=CHILD,
    )
    school = uuid_adapter()(school_id)
    params = [
        *attending_codes,
        last,
        *possible_codes,
        last,
        school,
        school,
        last,
        rules.persistent_minimum,
        rules.persistent_percent,
    ]
    with bulk_cursor() as cursor:
        cursor.execute(query, params)
        return [
            (child, present, possible_count, *span.split(" "))
            for child, present, possible_count, span in cursor.fetchall()
        ]


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
