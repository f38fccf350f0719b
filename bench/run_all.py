"""Run every benchmark at its full size, one after another (`make bench`).

Each runs in a process of its own on a throwaway database of its own: PostgreSQL when
DATABASE_URL names one (as `make bench` does), otherwise SQLite in a temporary folder
(`screening.py` and `referral_pdf.py` need no database).
Figures go to stdout, seeding progress to stderr.

Exit status: 0 when every benchmark ran and its results were right (a missed target is a
figure, not a failure), 1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from time import perf_counter

HERE = Path(__file__).resolve().parent
BENCHMARKS = (
    "verify_audit.py",
    "audit_append.py",
    "tick.py",
    "concerns.py",
    "referrals.py",
    "screening.py",
    "referral_pdf.py",
    "attendance.py",
)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    ).parse_args(argv)
    failed = []
    for script in BENCHMARKS:
        print(f"== bench/{script}", flush=True)
        started = perf_counter()
        # Our own scripts, by a fixed list: no outside input reaches the command line.
        run = subprocess.run([sys.executable, str(HERE / script)], check=False)  # noqa: S603
        print(f"== bench/{script}: {perf_counter() - started:.0f} s in all", flush=True)
        if run.returncode != 0:
            failed.append(script)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
