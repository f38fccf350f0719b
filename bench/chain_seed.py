"""A valid audit chain of any length, sealed in Python and inserted in bulk.

Appending a million events one at a time through `audit_events_record` would take hours; the
events here are sealed as `vigil.audit.services._row` seals them (the same fields in the same
order, `chain.seal_row` with the configured key), so `audit_chain_verify` checks a real chain.
Rows go in with PostgreSQL's COPY, or SQLite's `executemany`: the ORM's `bulk_create` spends most of
its time preparing each value, which would make seeding a million events take minutes.
Import only once Django is set up.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import timedelta
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from harness import Progress

from vigil.audit import chain
from vigil.audit.models import AuditEvent, AuditHead, Log

BATCH = 10_000
# What a year of the log looks like: changes, and views of children's files (the access log).
VERBS = (
    (Log.AUDIT, "concern.record", "concern"),
    (Log.AUDIT, "concern.triage", "concern"),
    (Log.AUDIT, "clock.start", "clock"),
    (Log.AUDIT, "clock.stop", "clock"),
    (Log.AUDIT, "clock.overdue", "clock"),
    (Log.AUDIT, "referral.submit", "referral"),
    (Log.AUDIT, "screening.sign-off", "screening"),
    (Log.ACCESS, "child.view", "child"),
    (Log.ACCESS, "child.view", "child"),
    (Log.ACCESS, "referral.export", "referral"),
)
DETAILS = ('{"kind":"dsl-triage"}', '{"kind":"mash-decision"}', "{}", '{"late":false}')
# The tick checkpoints the chain each minute it has grown: a year of working minutes is about
# 125,000 checkpoints, one for every 8 events of a million.
EVENTS_PER_CHECKPOINT = 8
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


def _events(size: int, key: bytes, checkpoints: list[str], every: int) -> Iterator[list[object]]:
    """Events 1..size as rows in COLUMNS order, a year's worth ending now, each sealed over
    the one before."""
    rng = random.Random(size)  # the same chain for the same size, so that runs compare
    actors = [str(uuid.UUID(int=rng.getrandbits(128))) for _ in range(200)] + ["system"]
    start = timezone.now() - timedelta(days=365)
    step = timedelta(days=365) / size
    prev = chain.GENESIS
    for seq in range(1, size + 1):
        log, verb, object_type = rng.choice(VERBS)
        occurred_at = start + step * seq
        actor, object_id = rng.choice(actors), str(uuid.UUID(int=rng.getrandbits(128)))
        fields = (seq, occurred_at, str(log), actor, verb, object_type, object_id)
        row = (*fields, rng.choice(DETAILS), prev)
        prev = chain.seal_row(key, (seq, chain.timestamp(occurred_at), *row[2:], ""), prev)
        if seq % every == 0 or seq == size:
            checkpoints.append(chain.checkpoint_line(key, occurred_at, seq, prev))
        yield [*row, prev]


def audit_chain_seed(size: int, every: int = EVENTS_PER_CHECKPOINT) -> int:
    """Insert a valid chain of `size` events, its head, and its checkpoint file.

    Returns the number of checkpoints written.
    """
    key = chain.key_bytes(settings.VIGIL_AUDIT_KEY)
    checkpoints: list[str] = []
    progress = Progress("seeding audit events", size)
    events = _events(size, key, checkpoints, every)
    done, last_mac = 0, chain.GENESIS
    while batch := list(islice(events, BATCH)):
        _insert(batch)
        done += len(batch)
        progress.update(done)
        last_mac = str(batch[-1][-1])
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": size, "mac": last_mac})
    _write_checkpoints(Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE), checkpoints)
    return len(checkpoints)


def _insert(batch: list[list[object]]) -> None:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(column) for column in COLUMNS)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk load: several times faster than INSERTs.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value  # SQLite stores moments as text
        for row in batch:
            row[1] = adapt(row[1])
        placeholders = ", ".join(["%s"] * len(COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", batch)  # noqa: S608


def _write_checkpoints(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.writelines(line + "\n" for line in lines)
