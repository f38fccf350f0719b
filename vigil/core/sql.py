"""Plain SQL for the few hot paths that write thousands of rows at a time (the clock tick, the
audit chain), where the ORM's model objects and quoted SQL text cost more than the database.

On PostgreSQL these statements bind their parameters on the server (psycopg's C dumpers, no SQL
text holding thousands of quoted values); on SQLite they use Django's cursor. Either way they run
on Django's connection, inside Django's transactions.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection


@contextmanager
def bulk_cursor() -> Iterator[Any]:
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with psycopg.Cursor(connection.connection) as cursor:
            yield cursor
    else:
        with connection.cursor() as cursor:
            yield cursor


def uuid_adapter() -> Callable[[uuid.UUID], Any]:
    """How this database takes a UUID as a parameter (SQLite stores 32 hex digits); asked once
    for a batch, not once a row."""
    if connection.vendor == "postgresql":
        return lambda value: value
    return lambda value: value.hex


def uuid_from(value: Any) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def moment_value(moment: datetime) -> Any:
    """An aware moment as the database stores it (SQLite: UTC text)."""
    return connection.ops.adapt_datetimefield_value(moment)


def rows_placeholder(columns: int, rows: int) -> str:
    row = "(" + ", ".join(["%s"] * columns) + ")"
    return ", ".join([row] * rows)


def limited_lock() -> str:
    """Skip rows another transaction has locked (PostgreSQL); SQLite has one writer anyway."""
    return " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
