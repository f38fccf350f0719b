"""Benchmark what chaining the audit log adds to a write.

Target: appending to the audit chain adds under 1 ms to a write.

Each service writes its change and its audit event in one transaction. This times a small
write (creating a clock, as `clock_start` does) in its own transaction, with and without the
chained append (`audit_event_record`: lock the chain's head, seal, insert, move the head),
alternating the two so that drift in the machine's load falls on both alike. It reports the
append alone (inside the transaction), each whole write with its commit, and the difference:
what chaining costs a write. Then appends in batches, as the tick appends. PostgreSQL keeps its
durable default (synchronous_commit on), so a commit waits for the disk as in production. The
database is a throwaway one (see bench/harness.py).

Exit status: 0 when the chain verified afterwards (whether or not the target was met), 1 when
it did not.
"""

from __future__ import annotations

import argparse
import sys
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
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the writes with the append (stderr)"
    )
    return parser


class Writer:
    """One small write (a clock, as `clock_start` makes) in a transaction of its own."""

    def __init__(self) -> None:
        from django.utils import timezone

        from tests.conftest import build_world

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

    def write(self, audited: bool) -> tuple[float, float]:
        """Seconds for the whole write, commit included, and for the append within it."""
        import uuid

        from django.db import transaction

        from vigil.audit.services import audit_event_record
        from vigil.core.models import Clock

        started, append = perf_counter(), 0.0
        with transaction.atomic():
            clock = Clock.objects.create(subject_id=uuid.uuid4(), **self.fields)
            if audited:
                before = perf_counter()
                audit_event_record(
                    actor=self.actor,
                    verb="clock.start",
                    object_type="clock",
                    object_id=clock.pk,
                    details={"kind": "dsl-triage", "subject_type": "concern"},
                )
                append = perf_counter() - before
        return perf_counter() - started, append


def _alternate(writer: Writer, size: int, profile: bool) -> tuple[list[float], ...]:
    plain, audited, appends = [], [], []
    for _ in range(WARM_UP):  # the chain's head row, caches, the connection
        writer.write(True)
        writer.write(False)
    with profiled(profile):
        for index in range(size):
            # Alternate which goes first, so neither always follows the other's commit.
            for with_append in (index % 2 == 0, index % 2 == 1):
                whole, append = writer.write(with_append)
                if with_append:
                    audited.append(whole)
                    appends.append(append)
                else:
                    plain.append(whole)
    return plain, audited, appends


def _batched(batch: int, database: Database) -> None:
    from django.db import transaction

    from vigil.audit.services import SYSTEM, Entry, audit_events_record

    entries = [Entry(SYSTEM, "clock.overdue", "clock", index, {"kind": "rag-red"}) for index in range(batch)]
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


def _report(plain: list[float], audited: list[float], appends: list[float], database: Database) -> bool:
    append, without, with_ = Spread.of(appends), Spread.of(plain), Spread.of(audited)
    figure(NAME, f"the append inside the write's transaction: {append.in_ms()}", database)
    figure(f"{NAME} write", f"without the audit event, commit included: {without.in_ms()}", database)
    figure(f"{NAME} write", f"with the audit event, commit included: {with_.in_ms()}", database)
    added_mean = (with_.mean - without.mean) * 1000
    added_p50 = (with_.p50 - without.p50) * 1000
    figure(
        NAME,
        f"chaining adds {added_mean:.3f} ms (mean), {added_p50:.3f} ms (p50) to a write, "
        "commit included",
        database,
    )
    met = added_mean < TARGET_MS and append.p95 * 1000 < TARGET_MS
    print(
        f"{NAME} target (chaining adds under {TARGET_MS:g} ms to a write): {verdict(met)} "
        f"(added {added_mean:.3f} ms mean with commit; the append alone {append.p95 * 1000:.3f} ms "
        "at p95)",
        flush=True,
    )
    return met


def _chain_holds(database: Database) -> bool:
    from vigil.audit.services import audit_chain_verify

    result = audit_chain_verify()
    if not result.ok:
        print(f"{NAME}: the chain did not verify afterwards: {result.failure}", file=sys.stderr)
    return result.ok


def _run(args: argparse.Namespace, database: Database) -> int:
    plain, audited, appends = _alternate(Writer(), args.size, args.profile)
    _report(plain, audited, appends, database)
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
