"""Writing marks in bulk, and linking held marks to children: plain SQL for the hot path.

A file of a million marks goes in, inside the caller's one transaction, as:
- PostgreSQL: COPY into a temporary table, then one INSERT ... ON CONFLICT from it;
- SQLite: `executemany` of the same upsert, in batches.
A mark already there for the school, pupil, date and session is replaced (its code and its
child), and a row that would not change is left alone. Every value goes as a parameter.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from typing import Any

from django.db import connection

from vigil.attendance.models import AttendanceMark
from vigil.children.models import Child
from vigil.core.sql import bulk_cursor, uuid_adapter

MARK = AttendanceMark._meta.db_table
CHILD = Child._meta.db_table
BATCH = 10_000
# upn, date, session, code, child id (None: held for matching)
Row = tuple[str, date, str, str, uuid.UUID | None]
Progress = Callable[[int], None]

_CONFLICT = "ON CONFLICT (school_id, upn, date, session) DO UPDATE SET code = excluded.code, child_id = excluded.child_id"
_COLUMNS = "school_id, upn, date, session, code, child_id"


def marks_count(school_id: uuid.UUID) -> int:
    with bulk_cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {MARK} WHERE school_id = %s", [_id(school_id)])  # nosec B608
        return int(cursor.fetchone()[0])


def marks_upsert(school_id: uuid.UUID, rows: Iterable[Row], progress: Progress) -> int:
    """Insert or replace the school's marks; `progress(n)` after each batch. Returns rows."""
    if connection.vendor == "postgresql":
        return _upsert_postgresql(school_id, rows, progress)
    return _upsert_sqlite(school_id, rows, progress)


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _upsert_sqlite(school_id: uuid.UUID, rows: Iterable[Row], progress: Progress) -> int:
    school, as_stored = school_id.hex, uuid_adapter()
    statement = (
        f"INSERT INTO {MARK} ({_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s) {_CONFLICT} "  # nosec B608
        f"WHERE {MARK}.code IS NOT excluded.code OR {MARK}.child_id IS NOT excluded.child_id"
    )
    done = 0
    with connection.cursor() as cursor:
        for batch in _batches(rows):
            cursor.executemany(
                statement,
                [
                    (school, upn, day.isoformat(), session, code, child and as_stored(child))
                    for upn, day, session, code, child in batch
                ],
            )
            done += len(batch)
            progress(done)
    return done


def _upsert_postgresql(school_id: uuid.UUID, rows: Iterable[Row], progress: Progress) -> int:
    done = 0
    with bulk_cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.attendance_stage")
        cursor.execute(
            "CREATE TEMPORARY TABLE attendance_stage (upn varchar(13), date date, "
            "session varchar(2), code varchar(2), child_id uuid) ON COMMIT DROP"
        )
        with cursor.copy("COPY attendance_stage FROM STDIN") as copy:
            for batch in _batches(rows):
                for row in batch:
                    copy.write_row(row)
                done += len(batch)
                progress(done)
        cursor.execute(
            f"INSERT INTO {MARK} ({_COLUMNS}) "  # nosec B608
            f"SELECT %s, upn, date, session, code, child_id FROM attendance_stage {_CONFLICT} "
            f"WHERE ({MARK}.code, {MARK}.child_id) IS DISTINCT FROM (excluded.code, excluded.child_id)",
            [school_id],
        )
        cursor.execute("DROP TABLE attendance_stage")
    return done


def held_upns(school_id: uuid.UUID) -> list[str]:
    """The pupils whose marks are held for matching (the partial index answers this)."""
    with bulk_cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT upn FROM {MARK} WHERE school_id = %s AND child_id IS NULL",  # nosec B608
            [_id(school_id)],
        )
        return [upn for (upn,) in cursor.fetchall()]


def marks_link(school_id: uuid.UUID, links: dict[str, uuid.UUID]) -> int:
    """Link the held marks of each pupil (UPN) to their child. Returns marks linked."""
    if not links:
        return 0
    as_stored, school = uuid_adapter(), _id(school_id)
    statement = (
        f"UPDATE {MARK} SET child_id = %s "  # nosec B608
        "WHERE school_id = %s AND upn = %s AND child_id IS NULL"
    )
    linked = 0
    with connection.cursor() as cursor:
        for upn, child in sorted(links.items()):
            cursor.execute(statement, [as_stored(child), school, upn])
            linked += max(cursor.rowcount, 0)
    return linked


def marks_unlink_stale(school_id: uuid.UUID) -> int:
    """Hold again the marks linked to a child whose file no longer carries their UPN (it was
    corrected, or now belongs to two children). Returns marks unlinked."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {MARK} SET child_id = NULL WHERE school_id = %s AND child_id IS NOT NULL "  # nosec B608
            f"AND NOT EXISTS (SELECT 1 FROM {CHILD} c WHERE c.id = {MARK}.child_id "
            f"AND c.upn = {MARK}.upn AND c.organisation_id = %s AND (SELECT COUNT(*) FROM "
            f"{CHILD} d WHERE d.organisation_id = %s AND d.upn = {MARK}.upn) = 1)",
            [_id(school_id)] * 3,
        )
        return max(cursor.rowcount, 0)


def _id(value: uuid.UUID) -> Any:
    return uuid_adapter()(value)
