"""The benchmarks still run: each, tiny, as a real process on a throwaway database of its own.

Figures are not judged here (a timed unit test only measures the machine it ran on); what is
checked is that each benchmark runs to the end, its results were right (exit status 0), and it
printed its figure lines, on the database the suite runs on.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
VENDOR = r"\[postgresql\]" if ON_POSTGRESQL else r"\[sqlite\]"
SECONDS = r"[\d.]+ s"


def _environment(benchmark: str) -> dict[str, str]:
    """The suite's environment; on PostgreSQL, a database name of this benchmark's own, so
    that parallel workers (and the suite's own `test_*` databases) never meet."""
    environment = dict(os.environ)
    if ON_POSTGRESQL:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        name = f"vigil_smoke_{benchmark}_{worker}_{os.getpid()}"
        address = urlsplit(environment["DATABASE_URL"])
        environment["DATABASE_URL"] = address._replace(path=f"/{name}").geturl()
    return environment


def _run(script: str, *arguments: str) -> str:
    run = subprocess.run(
        [sys.executable, f"bench/{script}", *arguments],
        cwd=REPO,
        env=_environment(script.removesuffix(".py")),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def _printed(pattern: str, output: str) -> None:
    assert re.search(pattern, output, re.MULTILINE), f"no line matching {pattern!r} in:\n{output}"


def test_verify_audit_verifies_a_seeded_chain_and_prints_its_figures() -> None:
    output = _run("verify_audit.py", "--size", "300")
    _printed(
        rf"^verify-audit: 300 events, 38 checkpoints in {SECONDS} .*in process {VENDOR}$", output
    )
    _printed(rf"^verify-audit: 300 events in {SECONDS} .*`vigil verify-audit`.* {VENDOR}$", output)
    _printed(r"^verify-audit target \(1,000,000 events in under 10 s\): (PASS|MISS) ", output)


def test_audit_append_times_writes_with_and_without_the_chain() -> None:
    output = _run("audit_append.py", "--size", "60", "--batch", "50")
    spread = r"mean [\d.]+ ms, p50 [\d.]+ ms, p95 [\d.]+ ms \(n=60\)"
    _printed(
        rf"^audit-append: the chained append inside the write's transaction: {spread} {VENDOR}$",
        output,
    )
    for kind in ("no audit event", "an unchained audit row", "the chained audit event"):
        _printed(rf"^audit-append write: with {kind}, .*: {spread} {VENDOR}$", output)
    _printed(rf"^audit-append: chaining adds -?[\d.]+ ms \(mean\).* {VENDOR}$", output)
    _printed(rf"^audit-append batched: 50 events a transaction.* {VENDOR}$", output)
    _printed(r"^audit-append target \(chaining adds under 1 ms to a write\): (PASS|MISS) ", output)


def test_tick_warns_and_escalates_once_and_prints_its_figures() -> None:
    output = _run("tick.py", "--size", "1000")
    told = r"warned [\d,]+, escalated [\d,]+, [\d,]+ notifications"
    _printed(rf"^tick: 1,000 open clocks in {SECONDS}: {told} {VENDOR}$", output)
    _printed(rf"^tick again: 1,000 open clocks in {SECONDS}: warned 0, escalated 0, 0 ", output)
    _printed(r"^tick target \(100,000 open clocks in under 5 s\): (PASS|MISS) ", output)
    _printed(
        rf"^tick worst case: 1,000 open clocks all at their warning in {SECONDS}.*{VENDOR}$", output
    )


def test_concerns_serves_the_requests_over_http_and_prints_their_figures() -> None:
    output = _run(
        "concerns.py",
        *("--size", "200", "--requests", "40", "--clients", "4"),
        *("--warmup", "8", "--alone", "4", "--think", "0"),
    )
    _printed(
        rf"^concerns seed: 200 children, 2,000 chronology entries, [\d,]+ concerns and their "
        rf"clocks \(20 open at the DSL's school\), a file of 1,000 entries in {SECONDS} {VENDOR}$",
        output,
    )
    spread = r"mean [\d.]+ ms, p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms"
    requests = {
        "record": r"POST /api/v1/concerns",
        "file": r"GET /children/[0-9a-f-]{36}/",
        "chronology": r"GET /api/v1/children/[0-9a-f-]{36}/chronology\?limit=100",
        "queue page": r"GET /concerns/",
        "queue": r"GET /api/v1/concerns/queue",
    }
    for name, request in requests.items():
        timed = rf"40 requests in {SECONDS} \([\d,]+ requests/s\): {spread}"
        _printed(rf"^concerns {name}: {request}, 4 clients, {timed} {VENDOR}$", output)
        _printed(
            rf"^concerns {name} alone: {request}, 1 client, 4 requests in .* {VENDOR}$", output
        )
        _printed(rf"^concerns {name} CPU a request: server [\d.]+ ms, .* {VENDOR}$", output)
    for name, target in (("record", 50), ("file", 150), ("queue page", 100), ("queue", 100)):
        judged = rf"p95 under {target} ms at 20 concurrent clients"
        _printed(rf"^concerns {name} target \({judged}\): (PASS|MISS) \(p95 [\d.]+ ms", output)


def test_referrals_serves_the_mash_queue_over_http_and_prints_its_figures() -> None:
    output = _run(
        "referrals.py",
        *("--size", "300", "--requests", "40", "--clients", "4"),
        *("--warmup", "8", "--alone", "4", "--think", "0"),
    )
    _printed(
        rf"^referrals seed: 300 referrals \(\d+ live at the MASH, \d+ at the police\), 180 "
        rf"children, [\d,]+ steps, [\d,]+ clocks in {SECONDS} {VENDOR}$",
        output,
    )
    spread = r"mean [\d.]+ ms, p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms"
    requests = {"queue page": r"GET /mash/", "queue": r"GET /api/v1/mash/queue"}
    if "GET /api/v1/mash/queue is not there yet" in output:  # the page alone until it is
        del requests["queue"]
    for name, request in requests.items():
        timed = rf"40 requests in {SECONDS} \([\d,]+ requests/s\): {spread}"
        _printed(rf"^referrals {name}: {request}, 4 clients, {timed} {VENDOR}$", output)
        _printed(
            rf"^referrals {name} alone: {request}, 1 client, 4 requests in .* {VENDOR}$", output
        )
        _printed(rf"^referrals {name} CPU a request: server [\d.]+ ms, .* {VENDOR}$", output)
        judged = r"p95 under 100 ms at 20 concurrent clients"
        _printed(rf"^referrals {name} target \({judged}\): (PASS|MISS) \(p95 [\d.]+ ms", output)


def test_screening_evaluates_in_process_and_with_vigil_screen_and_prints_its_figures() -> None:
    output = _run("screening.py", "--size", "400", "--file-size", "200", "--runs", "1")
    rate = r"\([\d,]+ cases/s\)"
    none = r"\[no database\]"
    _printed(rf"^screening evaluate: 396 cases in {SECONDS} {rate}, checked cases {none}$", output)
    _printed(rf"^screening answer_case: 400 cases in {SECONDS} {rate}: .* {none}$", output)
    _printed(rf"^screening document: 400 cases in {SECONDS} {rate}, .* {none}$", output)
    for what in ("the pure evaluator", "the contract too"):
        _printed(
            rf"^screening target \(more than 20,000 cases/s through {what}.*\): (PASS|MISS) ",
            output,
        )
    _printed(
        rf"^screening vigil screen: 200 cases in {SECONDS} \(median of 1\), start-up alone "
        rf"{SECONDS} {none}$",
        output,
    )
    _printed(
        r"^screening vigil screen target \(10,000 cases in under 3 s.*\): (PASS|MISS) ", output
    )


def test_referral_pdf_renders_a_referral_in_memory_and_prints_its_figures() -> None:
    output = _run("referral_pdf.py", "--size", "3", "--long-size", "1")
    none = r"\[no database\]"
    spread = r"mean [\d.]+ ms, p50 [\d.]+ ms, p95 [\d.]+ ms"
    _printed(rf"^referral-pdf first: 1 render in [\d.]+ ms, the fonts loaded {none}$", output)
    _printed(
        rf"^referral-pdf: a referral of \d+ pages, \d+ KB, 3 renders: {spread} \(n=3\) {none}$",
        output,
    )
    _printed(
        rf"^referral-pdf long: a referral of \d+ pages, \d+ KB, 1 renders: {spread} \(n=1\) {none}$",
        output,
    )
    _printed(
        r"^referral-pdf target \(one referral's PDF in under 50 ms, p95\): (PASS|MISS) ", output
    )


def test_attendance_imports_a_register_computes_flags_and_prints_their_figures() -> None:
    output = _run("attendance.py", "--size", "2000", "--children", "300")
    _printed(rf"^attendance seed: 2,000 marks of \d+ pupils .* {VENDOR}$", output)
    imported = rf"2,000 marks in {SECONDS} \([\d,]+ marks/s\), peak memory \d+ MB"
    _printed(rf"^attendance import: {imported}, `vigil attendance import` .* {VENDOR}$", output)
    _printed(r"^attendance import target \(1,000,000 marks in under 60 s\): (PASS|MISS) ", output)
    _printed(r"^attendance import memory target \(under 500 MB\): (PASS|MISS) ", output)
    _printed(rf"^attendance import again: 2,000 marks again in {SECONDS}, .* {VENDOR}$", output)
    computed = rf"300 children in {SECONDS} \([\d,]+ children/s\): [\d,]+ under 90%"
    _printed(rf"^attendance flags compute: {computed}, .* {VENDOR}$", output)
    judged = r"100,000 children's persistent absence in under 10 s"
    _printed(rf"^attendance flags target \({judged}\): (PASS|MISS) ", output)
    _printed(rf"^attendance flags raise: 300 children in {SECONDS}: [\d,]+ flags raised", output)
