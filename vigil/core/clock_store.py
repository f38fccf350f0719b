"""Claiming clocks for the tick, in one statement per batch: mark the clocks that need a warning
or an escalation and return them, so that two ticks at once never claim the same clock."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import NamedTuple

from vigil.core.models import Clock
from vigil.core.sql import bulk_cursor, limited_lock, moment_value, uuid_from

CLOCK = Clock._meta.db_table


class Claimed(NamedTuple):
    pk: uuid.UUID
    kind: str
    organisation_id: uuid.UUID
    holder_id: uuid.UUID | None
    holder_role: str
    link: str


# Pending clocks, in the order their partial index keeps them.
_PENDING = {
    "warn": ("warned_at IS NULL AND warn_at <= %s AND due_at > %s", "warn_at", 2),
    "overdue": ("escalated_at IS NULL AND due_at <= %s", "due_at", 1),
}
# An overdue clock is past its warning too: nobody needs both at once.
_MARK = {
    "warn": ("warned_at = %s", 1),
    "overdue": ("escalated_at = %s, warned_at = COALESCE(warned_at, %s)", 2),
}


def clocks_claim(event: str, now: datetime, limit: int) -> list[Claimed]:
    """Mark up to `limit` open clocks that need `event` ("warn" or "overdue") and return them."""
    condition, order, condition_params = _PENDING[event]
    mark, mark_params = _MARK[event]
    moment = moment_value(now)
    statement = (
        f"UPDATE {CLOCK} SET {mark} WHERE id IN ("  # nosec B608
        f"SELECT id FROM {CLOCK} WHERE stopped_at IS NULL AND {condition} "
        f"ORDER BY {order} LIMIT %s{limited_lock()}) "
        "RETURNING id, kind, organisation_id, holder_id, holder_role, link"
    )
    params = [moment] * mark_params + [moment] * condition_params + [limit]
    with bulk_cursor() as cursor:
        cursor.execute(statement, params)
        rows = cursor.fetchall()
    return [
        Claimed(uuid_from(pk), kind, uuid_from(org), uuid_from(holder), role, link)  # type: ignore[arg-type]
        for pk, kind, org, holder, role, link in rows
    ]
