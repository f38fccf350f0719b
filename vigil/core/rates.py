"""Counting requests against a rate limit, shared by every server process.

One row a caller holds the count of the current fixed window and of the one before; a single
statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`, on PostgreSQL and SQLite alike) counts
a request and moves the row on to a new window, in autocommit, so that a request costs one
round trip and no lock is held past it. The limit is judged on a sliding estimate: the
previous window's count weighted by how much of it still lies within the last `duration`
seconds, plus this window's (the approximation of Cloudflare's and nginx's limiters). It was
the database cache before, which cost four queries and a pickled list of timestamps a request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection

from vigil.core.models import RateWindow

_COUNT = """
INSERT INTO core_ratewindow (key, "window", count, previous) VALUES (%s, %s, 1, 0)
ON CONFLICT (key) DO UPDATE SET
  previous = CASE
    WHEN core_ratewindow."window" = excluded."window" THEN core_ratewindow.previous
    WHEN core_ratewindow."window" = excluded."window" - %s THEN core_ratewindow.count
    ELSE 0 END,
  count = CASE
    WHEN core_ratewindow."window" = excluded."window" THEN core_ratewindow.count + 1
    ELSE 1 END,
  "window" = excluded."window"
RETURNING count, previous
"""


@dataclass(frozen=True)
class Hit:
    """One request counted: whether it is within the limit, and if not how long to wait."""

    allowed: bool
    wait: float


def rate_hit(key: str, *, limit: int, duration: int, now: float) -> Hit:
    """Count one request of `key` at `now` (seconds since the epoch) against `limit` requests
    in any `duration` seconds. The row's `window` is the current window's start, in seconds."""
    window, into = divmod(now, duration)
    with connection.cursor() as cursor:
        cursor.execute(_COUNT, [key, int(window) * duration, duration])
        count, previous = cursor.fetchone()
    return judge(count=count, previous=previous, into=into, limit=limit, duration=duration)


def judge(*, count: int, previous: int, into: float, limit: int, duration: int) -> Hit:
    """The sliding estimate of requests in the last `duration` seconds, `into` seconds into the
    current window, judged against `limit`. The wait is until one more request would be within
    it, if nothing else were sent meanwhile."""
    remaining = duration - into
    estimate = previous * (remaining / duration) + count
    if estimate <= limit:
        return Hit(True, 0.0)
    if count + 1 <= limit:
        # Within this window: the previous window's share falls by previous/duration a second.
        wait = (estimate + 1 - limit) * duration / previous
    else:
        # In the next window, where this window's count is the previous one's, falling.
        wait = remaining + duration * (1 - (limit - 1) / count)
    return Hit(False, float(max(1, math.ceil(wait))))


def rates_prune(*, now: float, older_than: int = 86_400) -> int:
    """Forget callers not seen for a day (run by the tick); their next request starts afresh."""
    deleted, _ = RateWindow.objects.filter(window__lt=int(now) - older_than).delete()
    return deleted
