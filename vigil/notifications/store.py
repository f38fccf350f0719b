"""Inserting thousands of notifications at once (the clock tick), without a model object each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from vigil.core.sql import bulk_cursor, moment_value, rows_placeholder, uuid_adapter
from vigil.notifications.models import Notification

TABLE = Notification._meta.db_table
COLUMNS = ("id", "recipient_id", "kind", "title", "link", "key", "created_at")
# recipient, kind, title, link, key
Row = tuple[uuid.UUID, str, str, str, str]


def notifications_insert(rows: Sequence[Row], now: datetime) -> int:
    """Insert the rows; a (recipient, key) already notified is skipped. Returns rows inserted.

    One short statement run for every row (psycopg pipelines them; SQLite runs them in
    process): a statement holding thousands of values costs more to build than to run.
    """
    moment, as_stored = moment_value(now), uuid_adapter()
    values = [
        (as_stored(uuid.uuid4()), as_stored(recipient), kind, title, link, key, moment)
        for recipient, kind, title, link, key in rows
    ]
    statement = (
        f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) "  # nosec B608
        f"VALUES {rows_placeholder(len(COLUMNS), 1)} ON CONFLICT (recipient_id, key) DO NOTHING"
    )
    with bulk_cursor() as cursor:
        cursor.executemany(statement, values)
        return max(cursor.rowcount, 0)
