"""Benchmark recording concerns, opening a child's file and the DSL queue, over real HTTP.

Targets (issue 4), with 100,000 children and 1,000,000 chronology entries, audit on:
  - recording a concern, POST /api/v1/concerns: p95 under 50 ms at 20 concurrent clients;
  - opening a child's file of 1,000 entries, GET /children/<id>/ (the page as served, 100
    entries a page, for a DSL): p95 under 150 ms; GET /api/v1/children/<id>/chronology?limit=100
    is reported beside it;
  - the DSL queue with 10,000 open concerns, GET /concerns/ (the page, for a DSL) and
    GET /api/v1/concerns/queue: p95 under 100 ms.

Seeds the cases in bulk (bench/case_seed.py), then serves them with `vigil serve` (gunicorn) in a
process of its own on the same throwaway database, and drives each request with a pool of
client threads (20 unless --clients), each with a keep-alive connection and a person of its
own: a signed-in session with the second factor done for the pages, an API token for the API
(the API allows each person 600 requests a minute). Each measure is warmed up, then timed over
--requests requests, with the CPU it took a request (the server's, PostgreSQL's, the clients':
on one machine they share its cores); it is also timed with one client alone (--alone), which
is the request's own time without waiting behind the others. Every target is judged at its
full concurrency: 20 people at work at once, each pausing a second on average between
requests (--think 1, the default). `--think 0` makes each client send its next request as soon
as it has an answer: the server's saturation (its requests a second), reported beside.

Concerns are recorded at another school than the DSL's (`world.other_school`, whose DSL and
deputy are notified as usual), so that the queue stays at its size and the readers (the DSL's
school's DSL and deputies) are not notified by the benchmark's own concerns.

Exit status: 0 when every response was right and the results hold afterwards (every concern
recorded with its clock and chronology entry, every opening of a file on the access log, the
audit chain valid), whether or not the targets were met; 1 otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from harness import REPO, Database, analyse, figure, throwaway_database, verdict

if TYPE_CHECKING:  # Django models: at run time, only once Django is set up
    from case_seed import Cases

    from vigil.accounts.models import Person

TARGET_CHILDREN, TARGET_CLIENTS = 100_000, 20
NAME = "concerns"
# The API's rate limit (VIGIL_API_RATE) is per person and per minute: a client's share of a
# measure stays well under it.
API_RATE_PER_PERSON = 600


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size",
        type=int,
        default=TARGET_CHILDREN,
        help="children; chronology entries are ten times as many, open concerns a tenth, the "
        "long file min(1,000, entries / 2) (default: %(default)s)",
    )
    add_load_arguments(parser)
    return parser


def check_load_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a load that cannot run, with the options' names."""
    if min(args.requests, args.clients, args.workers, args.threads) < 1:
        parser.error("--requests, --clients, --workers and --threads must be at least 1")
    if min(args.warmup, args.alone, args.think) < 0:
        parser.error("--warmup, --alone and --think cannot be negative")


def add_load_arguments(parser: argparse.ArgumentParser) -> None:
    """The load's options, shared with the other benchmarks that serve over HTTP."""
    parser.add_argument(
        "--requests", type=int, default=2000, help="timed requests a measure (default: %(default)s)"
    )
    parser.add_argument(
        "--clients",
        type=int,
        default=TARGET_CLIENTS,
        help="concurrent clients (default: %(default)s)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=100,
        help="untimed requests before each measure (default: %(default)s)",
    )
    parser.add_argument(
        "--alone",
        type=int,
        default=100,
        help="requests a measure also timed with one client alone; 0: none (default: %(default)s)",
    )
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="a client's mean pause between its requests (exponentially distributed), as people "
        "working; 0: none, each client sends its next request at once, which measures the "
        "server's saturation (default: %(default)s)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1),
        help="`vigil serve --workers` (default: %(default)s)",
    )
    parser.add_argument(
        "--threads", type=int, default=2, help="`vigil serve --threads` (default: %(default)s)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also time each request in this process (Django's test client, no HTTP), then "
        "profile it (cProfile): the time goes to stdout, the hottest functions to stderr",
    )


# People -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    """Who each client is: one person a client, a different set for each API measure."""

    recorders: list[str]  # API tokens of staff at the other school
    file_readers: list[str]  # API tokens of the DSL's school's DSL and deputies
    queue_readers: list[str]  # API tokens of other deputies of the DSL's school
    sessions: list[str]  # session cookies of file_readers, second factor done


def _session(person: Person) -> str:
    """A signed-in session as allauth leaves it after both factors: Django's auth keys, and
    the keys vigil/accounts/middleware.py checks (the second factor, the session's start)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from vigil.accounts.middleware import FACTOR, LAST_SEEN, STARTED

    store = SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store[FACTOR] = True
    store[STARTED] = store[LAST_SEEN] = time.time()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _people(cases: Cases, clients: int) -> People:
    from tests.factories import person_with
    from vigil.accounts.models import Role
    from vigil.accounts.tokens import api_token_create

    world = cases.world

    def token(person: Person) -> str:
        return api_token_create(actor=person, person=person, name="bench")[1]

    def deputies(count: int) -> list[Person]:
        return [person_with(Role.DEPUTY_DSL, world.school) for _ in range(count)]

    readers = [world["dsl"], *deputies(clients - 1)]
    return People(
        recorders=[token(person_with(Role.STAFF, world.other_school)) for _ in range(clients)],
        file_readers=[token(person) for person in readers],
        queue_readers=[token(person) for person in deputies(clients)],
        sessions=[_session(person) for person in readers],
    )


# The server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    pid: int


@contextlib.contextmanager
def _served(database: Database, args: argparse.Namespace) -> Iterator[Server]:
    """`vigil serve` in a process of its own, on the benchmark's database."""
    port = _free_port()
    log_path = Path(os.environ["VIGIL_VAR_DIR"]) / "serve.log"
    command = [sys.executable, "-m", "vigil.cli", "serve", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--workers", str(args.workers)]
    command += ["--threads", str(args.threads)]
    environment = os.environ | {"DATABASE_URL": database.url, "VIGIL_ENV": "development"}
    with log_path.open("wb") as log:
        # Our own command line: no outside input reaches it.
        server = subprocess.Popen(  # noqa: S603
            command, cwd=REPO, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            _wait_until_serving(server, port, log_path)
            sys.stderr.write(
                f"{NAME}: `vigil serve` on port {port}, {args.workers} workers of "
                f"{args.threads} threads; {args.clients} client threads in this process\n"
            )
            yield Server(port, server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(server: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        with contextlib.suppress(OSError), contextlib.closing(connection):
            connection.request("GET", "/accessibility/")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
    raise RuntimeError(f"`vigil serve` did not start:\n{tail}")


# Where the CPU goes --------------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(proc: Path) -> float:
    """A process's CPU time, user and system (Linux's /proc)."""
    fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _process_seconds(pid: int) -> float:
    """CPU time of a process and, recursively, its children: gunicorn and its workers."""
    proc = Path("/proc", str(pid))
    try:
        seconds = _cpu_seconds(proc)
        children = (proc / "task" / str(pid) / "children").read_text().split()
    except (OSError, IndexError, ValueError):
        return 0.0
    return seconds + sum(_process_seconds(int(child)) for child in children)


def _backends(database_name: str) -> dict[int, float]:
    """CPU time of each PostgreSQL backend serving the benchmark's database: a backend's
    title names its database (the server is on this machine)."""
    wanted = f" {database_name} ".encode()
    found = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                title = (proc / "cmdline").read_bytes()
                if title.startswith(b"postgres: ") and wanted in title:
                    found[int(proc.name)] = _cpu_seconds(proc)
    return found


class CpuMeter:
    """CPU used during a run by the server's processes, by PostgreSQL's backends for the
    benchmark's database, and by this process (the clients): they share the machine's cores.

    Backends come and go (Django closes a connection once it is a minute old), and an ended
    process's time can no longer be read: they are sampled every quarter of a second.
    """

    def __init__(self, server: Server, database: Database) -> None:
        self.server_pid = server.pid
        name = unquote(urlsplit(database.url).path.lstrip("/"))
        self.database_name = name if database.vendor == "postgresql" else None
        self.stopped = threading.Event()

    def _sample(self) -> None:
        if self.database_name is not None:
            self.latest.update(_backends(self.database_name))

    def _sampling(self) -> None:
        while not self.stopped.wait(0.25):
            self._sample()

    def __enter__(self) -> CpuMeter:
        self.before = (_process_seconds(self.server_pid), time.process_time())
        self.earlier = _backends(self.database_name) if self.database_name else {}
        self.latest = dict(self.earlier)
        self.sampler = threading.Thread(target=self._sampling, daemon=True)
        self.sampler.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stopped.set()
        self.sampler.join()
        self._sample()
        self.server = _process_seconds(self.server_pid) - self.before[0]
        self.client = time.process_time() - self.before[1]
        self.database = sum(self.latest.values()) - sum(self.earlier.values())

    def per_request(self, requests: int) -> str:
        def ms(seconds: float) -> str:
            return f"{seconds * 1000 / requests:.1f} ms"

        text = f"server {ms(self.server)}"
        if self.database_name is not None:
            text += f", PostgreSQL {ms(self.database)}"
        return f"{text}, clients {ms(self.client)}"


# Driving the load ---------------------------------------------------------------------------

Check = Callable[[int, bytes], str | None]  # a response's problem, or None when it is right


@dataclass(frozen=True)
class Measure:
    """One request, as each client sends it."""

    name: str
    method: str
    path: str
    credentials: list[str]  # a client's token (the API) or session cookie (pages)
    check: Check
    target_ms: float | None = None
    body: Callable[[random.Random], bytes] | None = None

    def headers(self, client: int) -> dict[str, str]:
        credential = self.credentials[client % len(self.credentials)]
        if self.path.startswith("/api/"):
            headers = {"Authorization": f"Bearer {credential}", "Accept": "application/json"}
        else:
            headers = {"Cookie": credential, "Accept": "text/html"}
        if self.body is not None:
            headers["Content-Type"] = "application/json"
        return headers


@dataclass
class Run:
    """What one run of a measure saw."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def text(self, measure: Measure) -> str:
        durations = sorted(self.latencies)
        cuts = statistics.quantiles(durations, n=100) if len(durations) > 1 else durations * 99

        def ms(value: float) -> str:
            return f"{value * 1000:.1f} ms"

        rate = len(durations) / self.seconds
        return (
            f"{measure.method} {measure.path}, {self.clients} client"
            f"{'s' if self.clients > 1 else ''}, {len(durations):,} requests in "
            f"{self.seconds:.1f} s ({rate:,.0f} requests/s): mean "
            f"{ms(statistics.fmean(durations))}, p50 {ms(statistics.median(durations))}, "
            f"p95 {ms(cuts[94])}, p99 {ms(cuts[98])}"
        )

    @property
    def p95(self) -> float:
        if len(self.latencies) == 1:
            return self.latencies[0]
        return statistics.quantiles(self.latencies, n=20)[-1]


# gunicorn's keep-alive (its default, 2 s), less a margin.
KEEP_ALIVE_SECONDS = 1.5


def _client(
    port: int, measure: Measure, client: int, run: Run, work: Iterator[int], think: float
) -> None:
    rng = random.Random(f"{measure.name}:{client}")
    headers = measure.headers(client)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.connect()
    try:
        for _ in work:
            body = measure.body(rng) if measure.body is not None else None
            started = perf_counter()
            connection.request(measure.method, measure.path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            elapsed = perf_counter() - started
            run.latencies.append(elapsed)  # list.append is atomic under the GIL
            problem = measure.check(response.status, content)
            if problem is not None:
                run.problems.append(f"{response.status}: {problem}: {content[:300]!r}")
            pause = rng.expovariate(1 / think) if think else 0.0
            if response.will_close or pause > KEEP_ALIVE_SECONDS:
                # The server closes an idle connection after 2 s, as a browser finds: the
                # next request opens a new one (http.client does when it is closed).
                connection.close()
            time.sleep(pause)
    finally:
        connection.close()


def _drive(port: int, measure: Measure, requests: int, clients: int, think: float = 0.0) -> Run:
    """`requests` requests by `clients` threads at once, each sending its next as soon as it
    has its answer (or after a pause of `think` seconds on average); timed from the moment all
    are connected to the last answer."""
    run = Run(clients)
    lock = threading.Lock()
    left = iter(range(requests))

    def work() -> Iterator[int]:
        while True:
            with lock:
                number = next(left, None)
            if number is None:
                return
            yield number

    barrier = threading.Barrier(clients + 1)

    def client(number: int) -> None:
        barrier.wait()
        try:
            _client(port, measure, number, run, work(), think)
        except (OSError, http.client.HTTPException) as error:
            run.problems.append(f"client {number}: {error!r}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = perf_counter()
    for thread in threads:
        thread.join()
    run.seconds = perf_counter() - started
    return run


@dataclass
class Tally:
    """Requests sent, by measure, for checking the database afterwards."""

    sent: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def add(self, measure: Measure, run: Run) -> None:
        self.sent[measure.name] = self.sent.get(measure.name, 0) + len(run.latencies)
        if run.problems:
            wrong = f"{measure.name}: {len(run.problems)} of {len(run.latencies)} answers wrong"
            self.problems += [wrong, *(f"{measure.name}: {p}" for p in run.problems[:3])]


def _measure(
    server: Server, measure: Measure, args: argparse.Namespace, database: Database, tally: Tally
) -> Run:
    port = server.port
    tally.add(measure, _drive(port, measure, args.warmup, args.clients, args.think))
    if args.alone:
        alone = _drive(port, measure, args.alone, 1)
        tally.add(measure, alone)
        figure(f"{NAME} {measure.name} alone", alone.text(measure), database)
    with CpuMeter(server, database) as cpu:
        run = _drive(port, measure, args.requests, args.clients, args.think)
    tally.add(measure, run)
    figure(f"{NAME} {measure.name}", run.text(measure), database)
    figure(f"{NAME} {measure.name} CPU a request", cpu.per_request(args.requests), database)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    sys.stderr.write(f"{NAME} {measure.name}: done, load average {load}\n")
    return run


def _judge(measure: Measure, run: Run, args: argparse.Namespace) -> None:
    if measure.target_ms is None:
        return
    goal = f"p95 under {measure.target_ms:g} ms at {TARGET_CLIENTS} concurrent clients"
    p95 = run.p95 * 1000
    conditions = []
    if args.size != TARGET_CHILDREN:
        conditions.append(f"at {args.size:,} children, not the target's {TARGET_CHILDREN:,}")
    if args.clients != TARGET_CLIENTS:
        conditions.append(f"at {args.clients} clients")
    if args.think:
        conditions.append(f"each client pausing {args.think:g} s on average between requests")
    said = f"; measured {', '.join(conditions)}" if conditions else ""
    met = p95 < measure.target_ms
    print(f"{NAME} {measure.name} target ({goal}): {verdict(met)} (p95 {p95:.1f} ms{said})")


# What is measured ---------------------------------------------------------------------------


def _measures(cases: Cases, people: People) -> list[Measure]:
    from datetime import timedelta

    from django.utils import timezone

    world, file_id = cases.world, cases.file_child_id
    on_a_page = min(100, cases.file_entries)
    happened_on = (timezone.localdate() - timedelta(days=1)).isoformat()
    children = [str(child) for child in cases.children_elsewhere]

    def concern(rng: random.Random) -> bytes:
        return json.dumps(
            {
                "organisation_id": str(world.other_school.pk),
                "immediate_risk": rng.random() < 0.03,
                "child_id": rng.choice(children),
                "seen_or_heard": "Seen getting into a car with an older man after school, "
                "twice this week. The car waited by the gates for about ten minutes.",
                "childs_words": "He said he would buy me a new phone.",
                "happened_on": happened_on,
                "happened_time": "15:40",
                "location": "The school gates on Example Lane",
                "indicators": ["i.older_risky_adults", "g.lifts_new_places"],
            }
        ).encode()

    def recorded(status: int, body: bytes) -> str | None:
        return None if status == 201 and b'"CON-' in body else "not recorded"

    def file_page(status: int, body: bytes) -> str | None:
        shown = body.count(b'class="vigil-chronology__entry"')
        return None if status == 200 and shown == on_a_page else f"{shown} entries shown"

    def chronology(status: int, body: bytes) -> str | None:
        if status != 200:
            return "no chronology"
        page = json.loads(body)
        if page["count"] != cases.file_entries or len(page["items"]) != on_a_page:
            return f"{len(page['items'])} of {page['count']} entries"
        return None

    def queue_page(status: int, body: bytes) -> str | None:
        listed = body.count(b">CON-")
        return None if status == 200 and listed == min(25, cases.open_concerns) else "not listed"

    def queue(status: int, body: bytes) -> str | None:
        if status != 200:
            return "no queue"
        page = json.loads(body)
        if page["count"] != cases.open_concerns or len(page["items"]) != min(100, page["count"]):
            return f"{len(page['items'])} of {page['count']} concerns"
        return None

    return [
        Measure("record", "POST", "/api/v1/concerns", people.recorders, recorded, 50, concern),
        Measure("file", "GET", f"/children/{file_id}/", people.sessions, file_page, 150),
        Measure(
            "chronology",
            "GET",
            f"/api/v1/children/{file_id}/chronology?limit=100",
            people.file_readers,
            chronology,
        ),
        Measure("queue page", "GET", "/concerns/", people.sessions, queue_page, 100),
        Measure("queue", "GET", "/api/v1/concerns/queue", people.queue_readers, queue, 100),
    ]


# In process, for --profile ------------------------------------------------------------------

PROFILED_REQUESTS, IN_PROCESS_WARMUP = 50, 5


def _in_process(measure: Measure, database: Database, tally: Tally) -> None:
    """The same request through Django's test client in this process (every middleware and
    the view, no HTTP and no other client): timed, then again under cProfile."""
    import cProfile
    import pstats

    from django.test import Client

    client = Client()
    headers = measure.headers(0)
    if "Cookie" in headers:
        name, value = headers.pop("Cookie").split("=", 1)
        client.cookies[name] = value
    headers.pop("Content-Type", None)
    rng = random.Random(measure.name)

    def request() -> None:
        body = measure.body(rng) if measure.body is not None else None
        started = perf_counter()
        if body is None:
            response = client.get(measure.path, headers=headers)
        else:
            response = client.post(
                measure.path, body, content_type="application/json", headers=headers
            )
        run.latencies.append(perf_counter() - started)
        problem = measure.check(response.status_code, response.content)
        if problem is not None:
            run.problems.append(problem)

    run = Run(1)
    for _ in range(IN_PROCESS_WARMUP):  # this process has not served a request yet
        request()
    tally.add(measure, run)
    run = Run(1)
    for _ in range(PROFILED_REQUESTS):
        request()
    run.seconds = sum(run.latencies)
    tally.add(measure, run)
    figure(f"{NAME} {measure.name} in process", run.text(measure), database)
    run, profile = Run(1), cProfile.Profile()
    profile.enable()
    for _ in range(PROFILED_REQUESTS):
        request()
    profile.disable()
    tally.add(measure, run)
    sys.stderr.write(f"\n{NAME} {measure.name}: {measure.method} {measure.path} in process\n")
    stats = pstats.Stats(profile, stream=sys.stderr)
    stats.sort_stats("cumulative").print_stats(40)


# Seeding and checking -----------------------------------------------------------------------


def _seed(args: argparse.Namespace, database: Database) -> Cases:
    from case_seed import Shape, cases_seed

    started = perf_counter()
    cases = cases_seed(Shape.of(args.size))
    _settle(database)
    text = (
        f"{args.size:,} children, {cases.entries:,} chronology entries, {cases.concerns:,} "
        f"concerns and their clocks ({cases.open_concerns:,} open at the DSL's school), a file "
        f"of {cases.file_entries:,} entries in {perf_counter() - started:.1f} s"
    )
    figure(f"{NAME} seed", text, database)
    return cases


def _settle(database: Database) -> None:
    """After the bulk load, PostgreSQL's tables as months of running leave them: vacuumed (the
    visibility map set, so counting the queue reads its index alone) and analysed. It also
    keeps autovacuum from starting on the new rows in the middle of a measure."""
    if database.vendor != "postgresql":
        analyse(database)  # nothing to do: Vigil keeps no statistics in SQLite
        return
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _seed_problems(cases: Cases) -> list[str]:
    from django.db.models import Sum

    from vigil.children.models import Child, ChronologyEntry
    from vigil.concerns.models import Concern, Status

    problems = []
    entries = ChronologyEntry.objects.count()
    counted = Child.objects.aggregate(n=Sum("entry_count"))["n"]
    if not entries == counted == cases.entries:
        problems.append(f"{entries} entries, {counted} counted, {cases.entries} seeded")
    if Child.objects.get(pk=cases.file_child_id).entry_count != cases.file_entries:
        problems.append("the long file does not have its entries")
    waiting = (
        Concern.objects.filter(organisation=cases.world.school)
        .exclude(status=Status.CLOSED)
        .count()
    )
    if waiting != cases.open_concerns:
        problems.append(f"{waiting} open concerns at the DSL's school")
    return problems


def _result_problems(cases: Cases, tally: Tally, recorded_before: int) -> list[str]:
    """What the requests must have left behind: the concerns recorded, each with its running
    triage clock and its entry (positions and counts still agreeing); the openings of the
    file on the access log; the audit chain still valid."""
    from django.db.models import Count, F

    from vigil.audit.models import AuditEvent
    from vigil.audit.verification import audit_chain_verify
    from vigil.children.models import Child
    from vigil.concerns.models import Concern
    from vigil.core.models import Clock

    problems = []
    elsewhere = cases.world.other_school
    posted = tally.sent.get("record", 0)
    recorded = Concern.objects.filter(organisation=elsewhere).count() - recorded_before
    clocks = Clock.objects.filter(organisation=elsewhere, stopped_at__isnull=True).count()
    if not recorded == clocks == posted:
        problems.append(f"{posted} concerns posted, {recorded} recorded, {clocks} clocks running")
    astray = (
        Child.objects.filter(organisation=elsewhere)
        .annotate(n=Count("entries"))
        .exclude(n=F("entry_count"))
        .count()
    )
    if astray:
        problems.append(f"{astray} children whose entry_count is not their number of entries")
    logged = dict(
        AuditEvent.objects.filter(verb__in=["concern.record", "child.view", "child.chronology"])
        .values_list("verb")
        .annotate(n=Count("seq"))
    )
    expected = {
        "concern.record": posted,
        "child.view": tally.sent.get("file", 0),
        "child.chronology": tally.sent.get("chronology", 0),
    }
    for verb, count in expected.items():
        if logged.get(verb, 0) != count:
            problems.append(f"{logged.get(verb, 0)} {verb} audit events for {count} requests")
    verification = audit_chain_verify()
    if not verification.ok:
        problems.append(f"the audit chain does not verify: {verification.failure}")
    return problems


# The run ------------------------------------------------------------------------------------


def _run(args: argparse.Namespace, database: Database) -> int:
    from django.db import connection

    from vigil.concerns.models import Concern

    cases = _seed(args, database)
    problems = _seed_problems(cases)
    people = _people(cases, args.clients)
    recorded_before = Concern.objects.filter(organisation=cases.world.other_school).count()
    measures = _measures(cases, people)
    tally = Tally()
    connection.close()  # this process only reads again once the server has stopped
    with _served(database, args) as server:
        runs = [(measure, _measure(server, measure, args, database, tally)) for measure in measures]
    for measure, run in runs:
        _judge(measure, run, args)
    if args.profile:
        for measure in measures:
            _in_process(measure, database, tally)
    problems += tally.problems + _result_problems(cases, tally, recorded_before)
    for problem in problems:
        print(f"{NAME}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.size < 20:
        parser.error("--size must be at least 20 children")
    check_load_arguments(parser, args)
    # A client's person sends its share of a measure (and the lone client its --alone too):
    # kept under the API's limit a minute, so that no answer is a 429.
    share = (
        (args.requests + args.warmup) // args.clients
        + args.alone
        + 2 * PROFILED_REQUESTS
        + IN_PROCESS_WARMUP
    )
    if share > API_RATE_PER_PERSON * 0.8:
        parser.error(
            f"{share} API requests for one person would meet the API's limit of "
            f"{API_RATE_PER_PERSON} a minute: use more --clients or fewer --requests"
        )
    with throwaway_database() as database:
        return _run(args, database)


if __name__ == "__main__":
    sys.exit(main())
