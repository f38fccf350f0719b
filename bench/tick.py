"""Benchmark `vigil tick` over many open clocks.

Target: one tick over 100,000 open clocks in under 5 s.

Seeds open clocks in bulk across several organisations and holders: most still running, 12%
past their warning and 8% overdue (half of those already dealt with by an earlier tick). Times
one tick (what `vigil tick` does: `clocks_tick()`, the audit checkpoint and the e-mail retry
sweep), then a second, which must notify nobody. Then the worst case, reported apart: every
clock reaching its warning at the same moment. The database is a throwaway one (see
bench/harness.py).

Exit status: 0 when every tick did what it must (whether or not the target was met), 1 when a
tick warned or escalated the wrong number of clocks, or the second tick notified anyone.
"""

from __future__ import annotations

import argparse
import sys
from time import perf_counter
from typing import TYPE_CHECKING

from harness import (
    Database,
    analyse,
    figure,
    profiled,
    scaled_target,
    throwaway_database,
    verdict,
)

if TYPE_CHECKING:  # these import Django models: at run time, only once Django is set up
    from clock_seed import Desk, Expected, Mix

    from vigil.core.ticking import TickSummary

TARGET_SIZE, TARGET_SECONDS = 100_000, 5.0
NAME = "tick"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size", type=int, default=TARGET_SIZE, help="open clocks (default: %(default)s)"
    )
    parser.add_argument(
        "--worst-case",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also time a tick where every clock needs its warning at once (default: on)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each timed tick (stderr)")
    return parser


def _timed_tick(profile: bool) -> tuple[TickSummary, float]:
    from vigil.core.ticking import tick

    started = perf_counter()
    with profiled(profile):
        summary = tick()
    return summary, perf_counter() - started


def _told(summary: TickSummary) -> str:
    return (
        f"warned {summary.warned:,}, escalated {summary.escalated:,}, "
        f"{summary.notifications:,} notifications"
    )


def _seed(desks: list[Desk], size: int, mix: Mix, database: Database) -> Expected:
    from clock_seed import clocks_seed
    from django.utils import timezone

    started = perf_counter()
    expected = clocks_seed(desks, size, mix, timezone.now())
    analyse(database)
    text = f"{size:,} open clocks ({expected.to_warn:,} to warn, {expected.to_escalate:,} "
    figure(f"{NAME} seed", text + f"to escalate) in {perf_counter() - started:.1f} s", database)
    return expected


def _did_as_expected(summary: TickSummary, expected: Expected) -> bool:
    if (summary.warned, summary.escalated) == (expected.to_warn, expected.to_escalate):
        return True
    print(
        f"{NAME}: warned {summary.warned} and escalated {summary.escalated}, but "
        f"{expected.to_warn} and {expected.to_escalate} were due",
        file=sys.stderr,
    )
    return False


def _steady(args: argparse.Namespace, desks: list[Desk], database: Database) -> bool:
    from clock_seed import STEADY

    expected = _seed(desks, args.size, STEADY, database)
    first, seconds = _timed_tick(args.profile)
    figure(NAME, f"{args.size:,} open clocks in {seconds:.2f} s: {_told(first)}", database)
    again, again_seconds = _timed_tick(args.profile)
    text = f"{args.size:,} open clocks in {again_seconds:.2f} s: {_told(again)}"
    figure(f"{NAME} again", text, database)
    scaled_target(
        NAME,
        seconds=seconds,
        size=args.size,
        target_size=TARGET_SIZE,
        target_seconds=TARGET_SECONDS,
        unit="open clocks",
    )
    nothing_new = (again.warned, again.escalated, again.notifications) == (0, 0, 0)
    if not nothing_new:
        print(f"{NAME}: the second tick notified again: {_told(again)}", file=sys.stderr)
    return _did_as_expected(first, expected) and nothing_new


def _worst_case(args: argparse.Namespace, desks: list[Desk], database: Database) -> bool:
    """Every clock at its warning at once: the steady clocks are stopped (kept, as history
    is), and as many again are seeded, all just past their warning."""
    from clock_seed import ALL_AT_WARNING
    from django.utils import timezone

    from vigil.core.models import Clock

    Clock.objects.filter(stopped_at__isnull=True).update(stopped_at=timezone.now())
    expected = _seed(desks, args.size, ALL_AT_WARNING, database)
    summary, seconds = _timed_tick(args.profile)
    text = f"{args.size:,} open clocks all at their warning in {seconds:.2f} s "
    rate = f"({args.size / seconds:,.0f} clocks/s)"
    figure(f"{NAME} worst case", f"{text}{rate}: {_told(summary)}", database)
    # Reported against the same budget for comparison; the target is the steady tick's.
    met = seconds < TARGET_SECONDS
    print(
        f"{NAME} worst case (against the {TARGET_SECONDS:g} s budget): {verdict(met)}", flush=True
    )
    return _did_as_expected(summary, expected)


def _run(args: argparse.Namespace, database: Database) -> int:
    from clock_seed import partnership_seed

    desks = partnership_seed()
    ok = _steady(args, desks, database)
    if args.worst_case:
        ok = _worst_case(args, desks, database) and ok
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.size < 1:
        _parser().error("--size must be at least 1")
    with throwaway_database() as database:
        return _run(args, database)


if __name__ == "__main__":
    sys.exit(main())
