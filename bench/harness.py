"""What every benchmark shares: Django on a throwaway database, timing, and printed figures.

A benchmark never touches the developer's own data. On PostgreSQL (DATABASE_URL names one)
Django's test-database machinery creates and drops `test_<name>_bench`; the `_bench` suffix
keeps it apart from the `test_<name>` and `test_<name>_gwN` databases of a test run that may be
going on at the same time. Otherwise the database is SQLite in a fresh temporary folder, which
also holds the audit key, the checkpoint file and any mail, and is removed at the end.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
# `config`, `vigil` and `tests` (for `build_world`) import from the repository root.
sys.path.insert(0, str(REPO))

# People seeded for a benchmark never sign in: a slow password hash would only slow seeding.
FAST_HASHER = "django.contrib.auth.hashers.MD5PasswordHasher"


@dataclass(frozen=True)
class Database:
    """The throwaway database a benchmark runs on."""

    vendor: str
    url: str  # for a child process (`vigil verify-audit`) to reach the same database


def _is_postgresql(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "pgsql://"))


def _prepare_environment(var_dir: Path) -> None:
    os.environ["VIGIL_VAR_DIR"] = str(var_dir)
    os.environ["VIGIL_AUDIT_CHECKPOINT_FILE"] = str(var_dir / "audit-checkpoints.jsonl")
    # Benchmarks are never a production run: development settings need no secrets.
    os.environ["VIGIL_ENV"] = "development"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    if not _is_postgresql(os.environ.get("DATABASE_URL", "")):
        # SQLite: only ever the file under the temporary folder, whatever DATABASE_URL said.
        os.environ.pop("DATABASE_URL", None)


def _url(settings_dict: dict[str, object]) -> str:
    name = str(settings_dict["NAME"])
    if settings_dict["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{name}"
    user = quote(str(settings_dict.get("USER") or ""))
    password = quote(str(settings_dict.get("PASSWORD") or ""))
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host, port = settings_dict.get("HOST") or "", settings_dict.get("PORT") or ""
    return f"postgres://{credentials}{host}{':' if port else ''}{port}/{quote(name)}"


def _start_django() -> None:
    import django
    from django.conf import settings
    from django.db import connection

    django.setup()
    settings.PASSWORD_HASHERS = [FAST_HASHER]
    if connection.vendor == "postgresql":
        name = connection.settings_dict["NAME"]
        connection.settings_dict["TEST"]["NAME"] = f"test_{name}_bench"


@contextlib.contextmanager
def throwaway_database() -> Iterator[Database]:
    """Set Django up on a database made for this run, migrated, and drop it afterwards."""
    var_dir = Path(tempfile.mkdtemp(prefix="vigil-bench-"))
    try:
        _prepare_environment(var_dir)
        _start_django()
        with _migrated() as database:
            yield database
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


@contextlib.contextmanager
def _migrated() -> Iterator[Database]:
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    # Creating the cache table chatters on stdout, where only figures belong.
    with contextlib.redirect_stdout(io.StringIO()):
        old_config = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        database = Database(connection.vendor, _url(connection.settings_dict))
        _describe(database, str(connection.settings_dict["NAME"]))
        yield database
    finally:
        teardown_databases(old_config, verbosity=0)


def _describe(database: Database, name: str) -> None:
    """The conditions of the run, on stderr: figures mean little without them."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    sys.stderr.write(
        f"bench: {database.vendor} ({name}), {os.cpu_count()} CPUs, load average {load}\n"
    )


def analyse(database: Database) -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum would in a
    database that has grown over months; SQLite keeps none unless asked, and Vigil never asks."""
    if database.vendor != "postgresql":
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Progress and figures --------------------------------------------------------------------------

# Below this many rows seeding is quick enough to need no progress line.
PROGRESS_FROM = 20_000


class Progress:
    """A progress line on stderr (stdout is kept for figures), for large seeds only."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total = label, total
        self.shown = total >= PROGRESS_FROM
        self.tty = sys.stderr.isatty()
        self.last_tenth = -1

    def update(self, done: int) -> None:
        if not self.shown:
            return
        tenth = done * 10 // self.total
        if self.tty:
            sys.stderr.write(f"\r{self.label}: {done:,} / {self.total:,}")
        elif tenth != self.last_tenth:
            # Without a terminal, a line per tenth rather than a log full of carriage returns.
            sys.stderr.write(f"{self.label}: {done:,} / {self.total:,}\n")
        self.last_tenth = tenth
        if done >= self.total and self.tty:
            sys.stderr.write("\n")
        sys.stderr.flush()


@dataclass(frozen=True)
class Spread:
    """Mean, median and 95th percentile of a set of durations, in seconds."""

    mean: float
    p50: float
    p95: float
    n: int

    @classmethod
    def of(cls, durations: Sequence[float]) -> Spread:
        p95 = statistics.quantiles(durations, n=20)[-1] if len(durations) > 1 else durations[0]
        return cls(statistics.fmean(durations), statistics.median(durations), p95, len(durations))

    def in_ms(self) -> str:
        return (
            f"mean {self.mean * 1000:.3f} ms, p50 {self.p50 * 1000:.3f} ms, "
            f"p95 {self.p95 * 1000:.3f} ms (n={self.n:,})"
        )


def figure(name: str, text: str, database: Database) -> None:
    """One figure, as a plain line: `name: text [vendor]`."""
    print(f"{name}: {text} [{database.vendor}]", flush=True)


def verdict(met: bool) -> str:
    return "PASS" if met else "MISS"


def scaled_target(
    name: str,
    *,
    seconds: float,
    size: int,
    target_size: int,
    target_seconds: float,
    unit: str,
    fixed: float = 0.0,
) -> bool:
    """Judge a timing against a target stated for `target_size`.

    At the target size the measured time is judged. At another size (a quick run) the part
    that grows with size is projected linearly and `fixed` (start-up) added once, and the line
    says so: a projection is an estimate, not a measurement.
    """
    goal = f"{target_size:,} {unit} in under {target_seconds:g} s"
    if size == target_size:
        met = seconds < target_seconds
        print(f"{name} target ({goal}): {verdict(met)} ({seconds:.2f} s)", flush=True)
        return met
    projected = fixed + (seconds - fixed) * target_size / size
    met = projected < target_seconds
    print(
        f"{name} target ({goal}): {verdict(met)} (projected {projected:.2f} s from "
        f"{size:,} {unit}; run with --size {target_size} to measure it)",
        flush=True,
    )
    return met


@contextlib.contextmanager
def profiled(enabled: bool, top: int = 40) -> Iterator[None]:
    """cProfile the block when asked (`--profile`); the hottest functions go to stderr."""
    if not enabled:
        yield
        return
    import cProfile
    import pstats

    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        stats = pstats.Stats(profile, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(top)
