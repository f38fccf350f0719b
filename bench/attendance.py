"""Benchmark importing a school's attendance, and computing absence flags.

Targets: a file of 1,000,000 marks imported in under 60 s with the process's memory under
500 MB; the persistent-absence flags of 100,000 children computed in under 10 s.

The import: a big school's register (bench/attendance_seed.py) written as a CSV file, then
imported by `vigil attendance import FILE --school DFE_NUMBER --as USERNAME` in a process of its
own, exactly as an operator runs it (start-up, the line-by-line check, the bulk upsert, matching
and the school's flags, in one go); its wall time and its peak resident memory (the child's
`ru_maxrss`, from `os.wait4`) are judged. The same file is then imported again (every mark
replaced by the same), reported beside.

The flags: more schools of 2,000 children, each child's last 64 sessions' marks stored, one
child in ten attending around 80%. `flag_store.persistent_absence` (the window function over
each child's last 60 sessions with marks) is timed over every school: that is judged. Then
`flags_raise` for every school, which computes all three patterns and records each flag (its
chronology entry, audit event and the DSLs' notification), is timed and reported.

Exit status: 0 when both ran and their results were right (every mark stored, half of them
linked; as many persistent-absence flags raised as the computation found), whether or not the
targets were met; 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
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

if TYPE_CHECKING:
    from attendance_seed import FlaggedSchool, Register

TARGET_SIZE, TARGET_SECONDS, TARGET_MB = 1_000_000, 60.0, 500
FLAG_CHILDREN, FLAG_SECONDS = 100_000, 10.0
NAME = "attendance"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size", type=int, default=TARGET_SIZE, help="marks in the file (default: %(default)s)"
    )
    parser.add_argument(
        "--children",
        type=int,
        default=None,
        help="children whose flags are computed (default: a tenth of --size)",
    )
    parser.add_argument(
        "--no-again", action="store_true", help="skip importing the same file a second time"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the flags (stderr)")
    return parser


# The import ------------------------------------------------------------------------------------


def _register(size: int, database: Database) -> Register:
    from attendance_seed import register_write

    from tests.conftest import build_world

    world = build_world()
    started = perf_counter()
    path = Path(os.environ["VIGIL_VAR_DIR"]) / "register.csv"
    register = register_write(path, world.school, world["dsl"], size)
    analyse(database)
    megabytes = path.stat().st_size / 1024 / 1024
    text = (
        f"{register.marks:,} marks of {register.pupils:,} pupils ({register.with_files:,} with "
        f"a file in Vigil), {megabytes:.1f} MB, in {perf_counter() - started:.1f} s"
    )
    figure(f"{NAME} seed", text, database)
    return register


def _run_command(register: Register, database: Database) -> tuple[bool, float, float, str]:
    """`vigil attendance import` in a process of its own: whether it imported, the seconds,
    its peak memory in MB, and what it said."""
    from vigil.accounts.models import Organisation

    school = Organisation.objects.get(name="Example Primary School")
    folder = Path(os.environ["VIGIL_VAR_DIR"])
    out_path, err_path = folder / "import.out", folder / "import.err"
    command = [sys.executable, "-m", "vigil.cli", "attendance", "import", str(register.path)]
    command += ["--school", str(school.dfe_number), "--as", "dsl"]
    environment = os.environ | {"DATABASE_URL": database.url}
    with out_path.open("w") as out, err_path.open("w") as err:
        started = perf_counter()
        # Our own interpreter and arguments: no outside input reaches the command line.
        child = subprocess.Popen(command, env=environment, stdout=out, stderr=err)  # noqa: S603
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak memory
        elapsed = perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    said, errors = out_path.read_text(), err_path.read_text()
    if child.returncode != 0:
        print(
            f"{NAME}: the import failed ({child.returncode}):\n{said}{errors[-4000:]}",
            file=sys.stderr,
        )
    return child.returncode == 0, elapsed, usage.ru_maxrss / 1024, said


def _start_up(register: Register, database: Database) -> float:
    """The command with next to nothing to do (one mark already there, given again): its
    start-up and the import's fixed costs, paid once whatever the size, so that a quick run's
    projection adds them once."""
    with register.path.open(encoding="utf-8-sig") as file:
        head = [next(file), next(file)]
    one = register.path.with_name("one-mark.csv")
    one.write_text("".join(head), encoding="utf-8")
    _, seconds, _, _ = _run_command(replace(register, path=one, marks=1), database)
    return seconds


def _stored_right(register: Register) -> bool:
    from vigil.attendance.models import AttendanceMark

    marks = AttendanceMark.objects.filter(school__name="Example Primary School")
    linked = marks.filter(child__isnull=False).count()
    total = marks.count()
    if total == register.marks and 0 < linked < total:
        return True
    print(
        f"{NAME}: {total:,} marks stored ({linked:,} linked), {register.marks:,} in the file",
        file=sys.stderr,
    )
    return False


def _import(args: argparse.Namespace, database: Database) -> bool:
    register = _register(args.size, database)
    ok, elapsed, peak, said = _run_command(register, database)
    if not ok or not _stored_right(register):
        return False
    fixed = _start_up(register, database)
    rate = register.marks / elapsed
    summary = said.splitlines()[0] if said else ""
    text = f"{register.marks:,} marks in {elapsed:.2f} s ({rate:,.0f} marks/s), peak memory {peak:.0f} MB"
    figure(
        f"{NAME} import",
        f"{text}, `vigil attendance import` in its own process: {summary}",
        database,
    )
    scaled_target(
        f"{NAME} import",
        seconds=elapsed,
        size=register.marks,
        target_size=TARGET_SIZE,
        target_seconds=TARGET_SECONDS,
        unit="marks",
        fixed=fixed,
    )
    measured = "" if register.marks == TARGET_SIZE else f" (measured at {register.marks:,} marks)"
    print(
        f"{NAME} import memory target (under {TARGET_MB} MB): {verdict(peak < TARGET_MB)} ({peak:.0f} MB{measured})",
        flush=True,
    )
    if not args.no_again:
        ok, again, again_peak, said = _run_command(register, database)
        if not ok or not _stored_right(register):
            return False
        text = f"{register.marks:,} marks again in {again:.2f} s, peak memory {again_peak:.0f} MB"
        figure(f"{NAME} import again", f"{text}: every mark replaced by the same", database)
    return True


# The flags -------------------------------------------------------------------------------------


def _flagged_schools(children: int, database: Database) -> list[FlaggedSchool]:
    from attendance_seed import SESSIONS_A_CHILD, flagged_schools_seed

    started = perf_counter()
    schools = flagged_schools_seed(children)
    _vacuumed(database)
    text = f"{children:,} children in {len(schools)} schools, {children * SESSIONS_A_CHILD:,} marks"
    figure(f"{NAME} flags seed", f"{text} in {perf_counter() - started:.1f} s", database)
    return schools


def _compute(schools: list[FlaggedSchool], profile: bool) -> tuple[int, float]:
    from vigil.attendance import flag_store
    from vigil.attendance.patterns import Thresholds

    rules = Thresholds()
    found = 0
    started = perf_counter()
    with profiled(profile):
        for flagged in schools:
            found += len(flag_store.persistent_absence(flagged.school.pk, rules))
    return found, perf_counter() - started


def _raise(schools: list[FlaggedSchool], profile: bool) -> tuple[dict[str, int], float]:
    from collections import Counter

    from vigil.attendance.services import flags_raise

    raised: Counter[str] = Counter()
    started = perf_counter()
    with profiled(profile):
        for flagged in schools:
            raised.update(
                flag.kind for flag in flags_raise(actor=flagged.dsl, school=flagged.school)
            )
    return dict(raised), perf_counter() - started


def _judge_flags(seconds: float, children: int) -> None:
    goal = f"{FLAG_CHILDREN:,} children's persistent absence in under {FLAG_SECONDS:g} s"
    if children == FLAG_CHILDREN:
        print(f"{NAME} flags target ({goal}): {verdict(seconds < FLAG_SECONDS)} ({seconds:.2f} s)")
        return
    projected = seconds * FLAG_CHILDREN / children
    print(
        f"{NAME} flags target ({goal}): {verdict(projected < FLAG_SECONDS)} (projected "
        f"{projected:.2f} s from {children:,} children; run with --children {FLAG_CHILDREN} "
        "to measure it)",
        flush=True,
    )


def _vacuumed(database: Database) -> None:
    """PostgreSQL as autovacuum leaves a table that has grown over months: its visibility map
    up to date, so that the flags read the index alone. (SQLite keeps no such map.)"""
    if database.vendor != "postgresql":
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE attendance_attendancemark")


def _flags(args: argparse.Namespace, database: Database) -> bool:
    children = args.children if args.children is not None else max(100, args.size // 10)
    schools = _flagged_schools(children, database)
    found, seconds = _compute(schools, args.profile)
    text = f"{children:,} children in {seconds:.2f} s ({children / seconds:,.0f} children/s): {found:,} under 90%"
    figure(
        f"{NAME} flags compute",
        f"{text}, `flag_store.persistent_absence` for each school",
        database,
    )
    _judge_flags(seconds, children)
    raised, raise_seconds = _raise(schools, args.profile)
    kinds = ", ".join(f"{count:,} {kind}" for kind, count in sorted(raised.items()))
    text = f"{children:,} children in {raise_seconds:.2f} s: {sum(raised.values()):,} flags raised ({kinds})"
    figure(
        f"{NAME} flags raise",
        f"{text}, `flags_raise` for each school: all three patterns, each flag recorded",
        database,
    )
    if raised.get("persistent", 0) != found or not found:
        print(f"{NAME}: {found:,} children found under 90%, {raised} raised", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.size < 1 or (args.children is not None and args.children < 1):
        _parser().error("--size and --children must be at least 1")
    with throwaway_database() as database:
        imported = _import(args, database)
        flagged = _flags(args, database)
    return 0 if imported and flagged else 1


if __name__ == "__main__":
    sys.exit(main())
