"""Benchmark what chaining the audit log adds to a write.

Target: chaining adds under 1 ms to a write.

Each service writes its change and its audit event in one transaction. This times a small
write (creating a clock, as `clock_start` does) in its own transaction three ways, in turn so
that drift in the machine's load falls on all alike: with no audit event; with the same event
inserted as a plain row into a scratch table of the same shape (an audit log without a chain);
and with the chained append (`audit_event_record`: lock the chain's head, seal, insert, move the
head). Chaining's cost is the difference between the last two; the whole audit event's, between
the last and the first. Then appends in batches, as the tick appends. PostgreSQL keeps its
durable default (synchronous_commit on), so a commit waits for the disk as in production. The
database is a throwaway one (see bench/harness.py).

Exit status: 0 when the chain verified afterwards (whether or not the target was met), 1 when
it did not.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from time import perf_counter

from harness import Database, Spread, figure, profiled, throwaway_database, verdict

TARGET_MS = 1.0
NAME = "audit-append"
WARM_UP = 50


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size",
        type=int,
        default=3_000,
        help="writes timed with the append, and as many without (default: %(default)s)",
    )
    parser.add_argument(
        "--batch",
        type=int,
        default=1_000,
        help="events a transaction in the batched figure, as the tick appends (default: %(default)s)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the timed writes (stderr)")
    return parser


class Writer:
    """One small write (a clock, as `clock_start` makes) in a transaction of its own."""

    def __init__(self) -> None:
        # Imported here, not at the top: models exist only once Django is set up.
        from django.db import transaction
        from django.utils import timezone

        from tests.conftest import build_world
        from vigil.audit.services import audit_event_record
        from vigil.core.models import Clock

        self.atomic, self.record, self.clocks = (
            transaction.atomic,
            audit_event_record,
            Clock.objects,
        )
        world = build_world()
        self.actor = world["dsl"]
        now = timezone.now()
        self.fields = {
            "kind": "dsl-triage",
            "subject_type": "concern",
            "organisation": world.school,
            "holder_role": "dsl",
            "link": "/concerns/example/",
            "counts": "working-days",
            "n": 1,
            "started_at": now,
            "warn_at": now,
            "due_at": now,
        }

        _create_scratch_table()

    def write(self, mode: str) -> tuple[float, float]:
        """Seconds for the whole write, commit included, and for the audit event within it.

        `mode` is "plain" (no event), "unchained" (a plain row) or "chained".
        """
        started, append = perf_counter(), 0.0
        with self.atomic():
            clock = self.clocks.create(subject_id=uuid.uuid4(), **self.fields)
            before = perf_counter()
            if mode == "chained":
                self.record(
                    actor=self.actor,
                    verb="clock.start",
                    object_type="clock",
                    object_id=clock.pk,
                    details={"kind": "dsl-triage", "subject_type": "concern"},
                )
            elif mode == "unchained":
                _insert_unchained(self.actor.pk, clock.pk)
            append = perf_counter() - before
        return perf_counter() - started, append


SCRATCH = "bench_unchained_event"


def _create_scratch_table() -> None:
    """A table of the audit log's shape, without the chain (no head to lock, nothing sealed)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {SCRATCH} AS SELECT * FROM audit_auditevent WHERE 1 = 0")  # noqa: S608 - our own names


def _insert_unchained(actor: object, clock: object) -> None:
    from django.db import connection
    from django.utils import timezone

    from vigil.audit import store

    moment = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(store.COLUMNS)
    values = [
        int(perf_counter() * 1e9),
        moment,
        "audit",
        str(actor),
        "clock.start",
        "clock",
        str(clock),
        '{"kind":"dsl-triage"}',
        "0" * 64,
        "1" * 64,
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {SCRATCH} ({columns}) VALUES ({', '.join(['%s'] * 10)})",  # noqa: S608
            values,
        )


MODES = ("plain", "unchained", "chained")


def _alternate(
    writer: Writer, size: int, profile: bool
) -> dict[str, tuple[list[float], list[float]]]:
    timings: dict[str, tuple[list[float], list[float]]] = {mode: ([], []) for mode in MODES}
    for _ in range(WARM_UP):  # the chain's head row, caches, the connection
        for mode in MODES:
            writer.write(mode)
    with profiled(profile):
        for index in range(size):
            # Rotate which goes first, so none always follows another's commit.
            for mode in MODES[index % 3 :] + MODES[: index % 3]:
                whole, append = writer.write(mode)
                timings[mode][0].append(whole)
                timings[mode][1].append(append)
    return timings


def _batched(batch: int, database: Database) -> None:
    from django.db import transaction

    from vigil.audit.services import SYSTEM, Entry, audit_events_record

    entries = [
        Entry(SYSTEM, "clock.overdue", "clock", index, {"kind": "rag-red"})
        for index in range(batch)
    ]
    durations = []
    for _ in range(5):
        started = perf_counter()
        with transaction.atomic():
            audit_events_record(entries=entries)
        durations.append(perf_counter() - started)
    each = min(durations) / batch
    figure(
        f"{NAME} batched",
        f"{batch:,} events a transaction, commit included: {each * 1e6:.1f} µs an event (best of 5)",
        database,
    )


def _report(timings: dict[str, tuple[list[float], list[float]]], database: Database) -> bool:
    plain, unchained, chained = (Spread.of(timings[mode][0]) for mode in MODES)
    append = Spread.of(timings["chained"][1])
    figure(NAME, f"the chained append inside the write's transaction: {append.in_ms()}", database)
    for label, spread in (
        ("no audit event", plain),
        ("an unchained audit row", unchained),
        ("the chained audit event", chained),
    ):
        figure(f"{NAME} write", f"with {label}, commit included: {spread.in_ms()}", database)
    chaining = (chained.mean - unchained.mean) * 1000
    whole = (chained.mean - plain.mean) * 1000
    figure(
        NAME,
        f"chaining adds {chaining:.3f} ms (mean) to a write, commit included; the "
        f"whole audit event, chain and row, adds {whole:.3f} ms",
        database,
    )
    met = chaining < TARGET_MS
    print(
        f"{NAME} target (chaining adds under {TARGET_MS:g} ms to a write): {verdict(met)} "
        f"({chaining:.3f} ms mean)",
        flush=True,
    )
    return met


def _chain_holds(database: Database) -> bool:
    from vigil.audit.verification import audit_chain_verify

    result = audit_chain_verify()
    if not result.ok:
        print(f"{NAME}: the chain did not verify afterwards: {result.failure}", file=sys.stderr)
    return result.ok


def _run(args: argparse.Namespace, database: Database) -> int:
    _report(_alternate(Writer(), args.size, args.profile), database)
    _batched(args.batch, database)
    return 0 if _chain_holds(database) else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.size < 2 or args.batch < 1:
        _parser().error("--size must be at least 2 and --batch at least 1")
    with throwaway_database() as database:
        return _run(args, database)


if __name__ == "__main__":
    sys.exit(main())
