"""The audit chain's two hot paths, in plain SQL: appending (on every write of case data) and
reading the whole chain in order (verification of millions of events).

The ORM is right almost everywhere else; here it cost more than the database did (benchmarks in
bench/). Appending locks and reads the head, then inserts the events and moves the head (in one
statement on PostgreSQL). On PostgreSQL a process first tries the head it last wrote itself:
one statement moves the head only if it is still that one, and inserts the events only if it
moved; when someone else has appended since, nothing is written and the locking path runs.
Reading asks the database for the sealed form of each moment as text, so that no row's
timestamp is parsed into Python and formatted back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from django.db import connection

from vigil.audit import chain
from vigil.audit.models import AuditEvent, AuditHead
from vigil.core.sql import bulk_cursor

EVENT = AuditEvent._meta.db_table
HEAD = AuditHead._meta.db_table
COLUMNS = (
    "seq",
    "occurred_at",
    "log",
    "actor",
    "verb",
    "object_type",
    "object_id",
    "details",
    "prev_mac",
    "mac",
)
# The sealed form of a moment (chain.timestamp), written by the database.
_SEALED_MOMENT = {
    "postgresql": "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
    # Django stores SQLite moments as UTC text, without the fraction when it is zero.
    "sqlite": "replace(occurred_at, ' ', 'T') || "
    "CASE WHEN instr(occurred_at, '.') > 0 THEN '' ELSE '.000000' END || 'Z'",
}


def locked_head() -> tuple[int, str] | None:
    """The head's position and seal, locked until the transaction ends (PostgreSQL locks the
    row; SQLite's immediate transaction already holds the one write lock)."""
    lock = " FOR UPDATE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT seq, mac FROM {HEAD} WHERE id = 1{lock}")  # nosec B608
        row = cursor.fetchone()
    return (int(row[0]), str(row[1])) if row else None


# The head this process last wrote, per database: usually still the head when it appends again.
_REMEMBERED: dict[str, tuple[int, str]] = {}


def remembered_head() -> tuple[int, str] | None:
    """A guess at the head, worth trying on PostgreSQL, where each statement is a round trip."""
    if connection.vendor != "postgresql":
        return None
    return _REMEMBERED.get(connection.settings_dict["NAME"])


def remember(seq: int, mac: str) -> None:
    _REMEMBERED[connection.settings_dict["NAME"]] = (seq, mac)


def append_if_head_is(
    events: Sequence[AuditEvent], head: tuple[int, str], moment: datetime
) -> bool:
    """Insert the events, sealed after `head`, only if the head is still `head` (PostgreSQL,
    one statement). False, with nothing written, when someone else has appended since."""
    if connection.vendor != "postgresql" or len(events) > _BATCH:
        return False
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    rows = ", ".join([_ROW] * len(events))
    values: list[Any] = [v for event in events for v in _values(event, stored_moment)]
    statement = (
        f"WITH moved AS ({_MOVE_HEAD} AND seq = %s AND mac = %s RETURNING 1) "  # nosec B608
        f"INSERT INTO {EVENT} ({', '.join(COLUMNS)}) "
        f"SELECT * FROM (VALUES {rows}) AS new WHERE EXISTS (SELECT 1 FROM moved)"
    )
    with bulk_cursor() as cursor:
        cursor.execute(statement, [events[-1].seq, events[-1].mac, *head, *values])
        return bool(cursor.rowcount)


# Events per one-statement append: well inside both databases' limits on parameters.
_BATCH = 500
_INSERT = f"INSERT INTO {EVENT} ({', '.join(COLUMNS)}) VALUES "  # nosec B608
_ROW = "(" + ", ".join(["%s"] * len(COLUMNS)) + ")"
_MOVE_HEAD = f"UPDATE {HEAD} SET seq = %s, mac = %s WHERE id = 1"  # nosec B608


def _values(event: AuditEvent, stored_moment: Any) -> tuple[Any, ...]:
    return (
        event.seq,
        stored_moment,
        event.log,
        event.actor,
        event.verb,
        event.object_type,
        event.object_id,
        event.details,
        event.prev_mac,
        event.mac,
    )


def append(events: Sequence[AuditEvent], moment: datetime) -> None:
    """Insert the sealed events and move the head to the last of them. One event (the common
    case) goes in one statement with the head's move on PostgreSQL; many go row by row in one
    pipelined batch (a statement holding thousands of values costs more to build than to run)."""
    stored_moment = connection.ops.adapt_datetimefield_value(moment)
    head: list[Any] = [events[-1].seq, events[-1].mac]
    with bulk_cursor() as cursor:
        if len(events) == 1 and connection.vendor == "postgresql":
            cursor.execute(
                f"WITH moved AS ({_MOVE_HEAD}) {_INSERT}{_ROW}",
                [*head, *_values(events[0], stored_moment)],
            )
            return
        cursor.executemany(_INSERT + _ROW, [_values(event, stored_moment) for event in events])
        cursor.execute(_MOVE_HEAD, head)


def rows(start: int = 1, last: int | None = None, chunk: int = 50_000) -> Iterator[chain.EventRow]:
    """The events from position `start` (up to `last`, or the end) in order, a range of
    positions at a time: each range is one query whose rows the driver parses in C, and memory
    stays bounded however long the chain."""
    moment = _SEALED_MOMENT[connection.vendor]
    columns = ", ".join(["seq", moment, *COLUMNS[2:]])
    query = f"SELECT {columns} FROM {EVENT} WHERE seq >= %s AND seq < %s ORDER BY seq"  # nosec B608
    end = last if last is not None else _last_position()
    with bulk_cursor() as cursor:
        for low in range(start, end + 1, chunk):
            cursor.execute(query, [low, min(low + chunk, end + 1)])
            yield from cursor.fetchall()


def _last_position() -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(seq), 0) FROM {EVENT}")  # nosec B608
        return int(cursor.fetchone()[0])
