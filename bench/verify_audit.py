"""Benchmark `vigil verify-audit` over a long audit chain.

Target: 1,000,000 events verified in under 10 s.

Seeds a valid chain (sealed in Python, inserted in bulk) with a checkpoint file like the one a
year of `vigil tick` leaves, then times `audit_chain_verify()` in this process and the
`vigil verify-audit` command in its own process (start-up included), as an operator runs it.
The database is a throwaway one (see bench/harness.py).

Exit status: 0 when the chain verified (whether or not the target was met), 1 when it did not.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from time import perf_counter

from harness import Database, analyse, figure, profiled, scaled_target, throwaway_database

TARGET_SIZE, TARGET_SECONDS = 1_000_000, 10.0
NAME = "verify-audit"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size", type=int, default=TARGET_SIZE, help="events in the chain (default: %(default)s)"
    )
    parser.add_argument(
        "--checkpoint-every",
        type=int,
        default=8,
        metavar="N",
        help="one checkpoint line per N events; 8 gives about a year of per-minute "
        "checkpoints at 1,000,000 events (default: %(default)s)",
    )
    parser.add_argument(
        "--no-command",
        action="store_true",
        help="skip timing the `vigil verify-audit` command in a process of its own",
    )
    parser.add_argument(
        "--breakdown",
        action="store_true",
        help="also time the parts: reading the rows, sealing and linking, the checkpoint file",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the in-process verification (stderr)"
    )
    return parser


def _seed(args: argparse.Namespace, database: Database) -> int:
    from chain_seed import audit_chain_seed  # models import only once Django is set up

    started = perf_counter()
    checkpoints = audit_chain_seed(args.size, args.checkpoint_every)
    analyse(database)
    figure(
        f"{NAME} seed",
        f"{args.size:,} events, {checkpoints:,} checkpoints in {perf_counter() - started:.1f} s",
        database,
    )
    return checkpoints


def _verify_in_process(args: argparse.Namespace, database: Database) -> float | None:
    from vigil.audit.verification import audit_chain_verify

    started = perf_counter()
    with profiled(args.profile):
        result = audit_chain_verify()
    elapsed = perf_counter() - started
    if not result.ok or result.count != args.size:
        print(f"{NAME}: the seeded chain did not verify: {result}", file=sys.stderr)
        return None
    rate = args.size / elapsed
    text = f"{args.size:,} events, {result.checkpoints:,} checkpoints in {elapsed:.2f} s "
    figure(NAME, text + f"({rate:,.0f} events/s), in process", database)
    return elapsed


def _breakdown(database: Database) -> None:
    """Where verification spends its time, from the pieces `audit_chain_verify` is made of."""
    from django.db import transaction

    from vigil.audit import chain, store
    from vigil.audit.configuration import audit_key
    from vigil.audit.verification import _read_checkpoint_file

    key = audit_key()
    started = perf_counter()
    _read_checkpoint_file(key)
    checkpoints = perf_counter() - started
    with transaction.atomic():
        started = perf_counter()
        for _ in store.rows():
            pass
        reading = perf_counter() - started
        started = perf_counter()
        chain.verify(store.rows(), key)
        sealing = perf_counter() - started - reading
    text = f"reading rows {reading:.2f} s, seals and links {sealing:.2f} s, "
    figure(f"{NAME} breakdown", text + f"checkpoint file {checkpoints:.2f} s", database)


def _verify_command(args: argparse.Namespace, database: Database) -> float | None:
    """`vigil verify-audit` as an operator runs it: a new process, on the same database."""
    environment = os.environ | {"DATABASE_URL": database.url}
    started = perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "vigil.cli", "verify-audit"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = perf_counter() - started
    if run.returncode != 0 or f"Verified {args.size} events" not in run.stdout:
        print(f"{NAME}: the command failed: {run.stdout}{run.stderr}", file=sys.stderr)
        return None
    rate = args.size / elapsed
    text = f"{args.size:,} events in {elapsed:.2f} s ({rate:,.0f} events/s), `vigil verify-audit`"
    figure(NAME, text + " in its own process, start-up included", database)
    return elapsed


def _run(args: argparse.Namespace, database: Database) -> int:
    _seed(args, database)
    in_process = _verify_in_process(args, database)
    if in_process is None:
        return 1
    if args.breakdown:
        _breakdown(database)
    judged = in_process if args.no_command else _verify_command(args, database)
    if judged is None:
        return 1
    scaled_target(
        NAME,
        seconds=judged,
        size=args.size,
        target_size=TARGET_SIZE,
        target_seconds=TARGET_SECONDS,
        unit="events",
        fixed=judged - in_process,  # the command's start-up, paid once whatever the size
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.size < 1 or args.checkpoint_every < 1:
        _parser().error("--size and --checkpoint-every must be at least 1")
    with throwaway_database() as database:
        return _run(args, database)


if __name__ == "__main__":
    sys.exit(main())
