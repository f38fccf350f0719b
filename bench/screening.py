"""Benchmark the screening engine: the pure evaluator, and `vigil screen` end to end.

Targets: more than 20,000 cases a second through the pure evaluator on one core (100,000
generated cases); `vigil screen` on a file of 10,000 cases in under 3 s, start-up included. The
rate through the whole contract (checking each case as well) is judged against the same 20,000.

Generates synthetic cases from a fixed seed: both instruments, children of 8 to 17, 0 to 12
observations each over the last 600 days (a fifth of them with statuses), 2% immediate risk,
and 1% deliberately broken cases (an unknown sign, a date in the future, a missing field). Times,
in this process and one core: `evaluate()` on cases already checked (the evaluator alone); the
contract's `answer_case()` on parsed JSON (the checks of SCREENING.md section 6, the evaluation
and the result, as the command and the API do a case); and the whole document (parsing,
answering, writing the JSON) as `vigil screen` does it, with the cyclic garbage collector off. Then runs `vigil screen FILE` in a process of its own, as a person
would, and `vigil screen` on an empty array for the start-up alone. No database is used.

Exit status: 0 when the results were right (the command's answer equal to the one computed in
this process, exit code 1 and an error result for exactly the broken cases), whether or not the
targets were met; 1 otherwise.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path
from time import perf_counter

from harness import REPO, Database, figure, profiled, verdict

from vigil.screening.catalogue import INDICATORS
from vigil.screening.contract import CaseError, answer_case, read_case, respond
from vigil.screening.evaluation import Case, evaluate
from vigil.screening.instruments.schema import Instrument

NAME = "screening"
TARGET_SIZE, TARGET_RATE = 100_000, 20_000
FILE_SIZE, FILE_SECONDS = 10_000, 3.0
# The engine needs no database: figures say so where the others name theirs.
NO_DATABASE = Database("no database", "")
ASSESSED = date(2026, 11, 24)
SIGNS = [item.id for item in INDICATORS]
STATUSES = ["v.in_care", "v.refugee_uasc", "v.trafficked", "v.learning_difficulty"]
BROKEN = (
    ("observations", [{"indicator": "i.not_a_sign", "observed_on": "2026-11-01"}]),
    ("observations", [{"indicator": "i.going_missing", "observed_on": "2026-12-01"}]),
    ("assessed_on", None),
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size",
        type=int,
        default=TARGET_SIZE,
        help="cases through the evaluator in process (default: %(default)s)",
    )
    parser.add_argument(
        "--file-size",
        type=int,
        default=FILE_SIZE,
        help="cases in the file given to `vigil screen` (default: %(default)s)",
    )
    parser.add_argument(
        "--runs", type=int, default=3, help="runs of `vigil screen`, median reported (default: 3)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile answer_case (stderr)")
    return parser


def generate(size: int, seed: int = 20261124) -> list[dict[str, object]]:
    """Synthetic cases, the same for the same seed; one in a hundred broken on purpose."""
    rng = random.Random(seed)
    cases = []
    for number in range(size):
        assessed = ASSESSED - timedelta(days=rng.randrange(0, 365))
        born = assessed - timedelta(days=rng.randrange(8 * 365 + 2, 18 * 365 - 5))
        child: dict[str, object] = {"date_of_birth": born.isoformat()}
        if rng.random() < 0.2:
            child["statuses"] = rng.sample(STATUSES, rng.randrange(1, 3))
        if rng.random() < 0.05:
            child["learning_disability"] = True
        case: dict[str, object] = {
            "id": f"bench-{number}",
            "instrument": rng.choice(("cse-screening-1", "cse-scored-1")),
            "assessed_on": assessed.isoformat(),
            "child": child,
            "observations": [
                {
                    "indicator": rng.choice(SIGNS),
                    "observed_on": (assessed - timedelta(days=rng.randrange(0, 600))).isoformat(),
                    "basis": rng.choice(("evidence", "concern")),
                }
                for _ in range(rng.randrange(0, 13))
            ],
            "immediate_risk": rng.random() < 0.02,
        }
        if number % 100 == 99:
            field, value = BROKEN[number // 100 % len(BROKEN)]
            case[field] = value
        cases.append(case)
    return cases


def _rate(count: int, seconds: float) -> str:
    return f"{count:,} cases in {seconds:.2f} s ({count / seconds:,.0f} cases/s)"


def _in_process(args: argparse.Namespace) -> bool:
    text = json.dumps(generate(args.size))
    parsed = json.loads(text)
    checked = _checked(parsed)
    started = perf_counter()
    for instrument, case in checked:
        evaluate(instrument, case)
    seconds = perf_counter() - started
    figure(f"{NAME} evaluate", _rate(len(checked), seconds) + ", checked cases", NO_DATABASE)
    started = perf_counter()
    errors = 0
    with profiled(args.profile):
        # Each result dropped once looked at, as the command encodes and drops it.
        for case in parsed:
            errors += "error" in answer_case(case)
    contract_seconds = perf_counter() - started
    text_rate = _rate(args.size, contract_seconds) + ": checks, evaluation, result"
    figure(f"{NAME} answer_case", text_rate, NO_DATABASE)
    # As `vigil screen` runs it: with the cyclic garbage collector off.
    gc.disable()
    started = perf_counter()
    response = respond(text)
    document_seconds = perf_counter() - started
    gc.enable()
    megabytes = len(text) / 1e6
    text_document = _rate(args.size, document_seconds) + f", {megabytes:.0f} MB of JSON"
    figure(f"{NAME} document", text_document + " parsed, answered, written", NO_DATABASE)
    _judge_rate("the pure evaluator", len(checked) / seconds)
    _judge_rate("the contract too (checks, evaluation, result)", args.size / contract_seconds)
    return _errors_right(errors, args.size) and response.exit_code == (1 if errors else 0)


def _judge_rate(what: str, rate: float) -> None:
    goal = f"more than {TARGET_RATE:,} cases/s through {what}"
    print(f"{NAME} target ({goal}): {verdict(rate > TARGET_RATE)} ({rate:,.0f} cases/s)")


def _checked(parsed: list[object]) -> list[tuple[Instrument, Case]]:
    checked = []
    for case in parsed:
        try:
            checked.append(read_case(case))
        except CaseError:
            continue  # broken on purpose
    return checked


def _errors_right(errors: int, size: int) -> bool:
    if errors == size // 100:
        return True
    print(f"{NAME}: {errors} error results, but {size // 100} cases were broken", file=sys.stderr)
    return False


def _vigil_screen(path: Path, var_dir: str) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VIGIL_ENV": "development",
        "VIGIL_VAR_DIR": var_dir,
    }
    started = perf_counter()
    # Our own command on our own file: no outside input reaches the command line.
    run = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "vigil.cli", "screen", str(path)],
        cwd=REPO,
        env=environment,
        capture_output=True,
        check=False,
    )
    return perf_counter() - started, run


def _end_to_end(args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="vigil-bench-screening-") as folder:
        cases_file, empty_file = Path(folder, "cases.json"), Path(folder, "empty.json")
        cases_file.write_text(json.dumps(generate(args.file_size, seed=7)), encoding="utf-8")
        empty_file.write_text("[]", encoding="utf-8")
        timed = [_vigil_screen(cases_file, folder) for _ in range(args.runs)]
        start_up = statistics.median(_vigil_screen(empty_file, folder)[0] for _ in range(args.runs))
        expected = respond(cases_file.read_bytes())
    seconds = statistics.median(elapsed for elapsed, _ in timed)
    text = f"{args.file_size:,} cases in {seconds:.2f} s (median of {args.runs}), start-up "
    figure(f"{NAME} vigil screen", text + f"alone {start_up:.2f} s", NO_DATABASE)
    _judge_file(seconds, start_up, args.file_size)
    # The command ends its output with a newline, as commands do.
    right = all(
        run.returncode == expected.exit_code and run.stdout.decode() == expected.text + "\n"
        for _, run in timed
    )
    if not right:
        print(f"{NAME}: `vigil screen` did not answer as in process", file=sys.stderr)
    return right


def _judge_file(seconds: float, start_up: float, size: int) -> None:
    """As harness.scaled_target, naming this script's option for the file's size."""
    goal = f"{FILE_SIZE:,} cases in under {FILE_SECONDS:g} s, start-up included"
    if size == FILE_SIZE:
        met = seconds < FILE_SECONDS
        print(f"{NAME} vigil screen target ({goal}): {verdict(met)} ({seconds:.2f} s)", flush=True)
        return
    projected = start_up + (seconds - start_up) * FILE_SIZE / size
    print(
        f"{NAME} vigil screen target ({goal}): {verdict(projected < FILE_SECONDS)} (projected "
        f"{projected:.2f} s from {size:,} cases; run with --file-size {FILE_SIZE} to measure it)",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if min(args.size, args.file_size, args.runs) < 1:
        _parser().error("--size, --file-size and --runs must be at least 1")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    sys.stderr.write(f"bench: no database, {os.cpu_count()} CPUs, load average {load}\n")
    ok = _in_process(args)
    ok = _end_to_end(args) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
