"""Benchmark the MASH queue with 50,000 referrals, over real HTTP.

Target (issue 6): the MASH queue with 50,000 referrals on PostgreSQL, p95 under 100 ms, judged
at 20 concurrent clients as bench/concerns.py judges its queue:
  - GET /mash/ (the queue page as served, 25 a page, for a MASH practitioner);
  - GET /api/v1/mash/queue (the queue over the API, 100 items a page), judged against the same.

Seeds the referrals in bulk (bench/referral_seed.py): 50,000 at full size, most closed long
ago, a tenth live (95% at the MASH, in every live state, with the workflow's clocks running and
`next_due_at` set), and the children they are about. Then serves them with `vigil serve`
(gunicorn) in a process of its own on the same throwaway database and drives each request from
20 client threads (--clients), each a MASH practitioner of its own with a keep-alive
connection: a signed-in session (second factor done) for the page, an API token for the API.
It uses bench/concerns.py's server, clients and CPU meter, and reports the same figures: each
measure warmed up, timed with one client alone (--alone), then at 20 clients (--requests),
each client pausing a second on average between requests, as people working do (--think; 0
measures the server's saturation).

Every answer is checked: the page lists 25 references and says how many referrals are live
at the MASH (never the police's); the API's count is the same and its items come nearest limit
first. Afterwards, the database: the referrals as seeded (the queue only reads) and the audit
chain valid.

Exit status: 0 when every answer was right and the database as it should be, whether or not
the target was met; 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from time import perf_counter
from typing import TYPE_CHECKING

import concerns
from concerns import API_RATE_PER_PERSON, IN_PROCESS_WARMUP, PROFILED_REQUESTS, Measure, Tally
from harness import Database, figure, throwaway_database, verdict

if TYPE_CHECKING:  # at run time, only once Django is set up
    from referral_seed import Referrals

TARGET_REFERRALS, TARGET_CLIENTS, TARGET_MS = 50_000, 20, 100
NAME = "referrals"
# concerns.py's server, load and profile helpers name their lines by its NAME.
concerns.NAME = NAME
PAGE_SIZE, API_PAGE_SIZE = 25, 100


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--size",
        type=int,
        default=TARGET_REFERRALS,
        help="referrals; a tenth live, children three fifths (default: %(default)s)",
    )
    concerns.add_load_arguments(parser)
    return parser


# Who asks, and what ------------------------------------------------------------------------


def _practitioners(seeded: Referrals, clients: int) -> tuple[list[str], list[str]]:
    """Sessions for the page and API tokens for the API: a MASH practitioner a client (the
    world's own first), a different set for each measure."""
    from tests.factories import person_with
    from vigil.accounts.models import Role
    from vigil.accounts.tokens import api_token_create

    world = seeded.world
    readers = [world["mash"], *(person_with(Role.MASH, world.mash) for _ in range(clients - 1))]
    others = [person_with(Role.MASH, world.mash) for _ in range(clients)]
    tokens = [api_token_create(actor=p, person=p, name="bench")[1] for p in others]
    return [concerns._session(person) for person in readers], tokens


def _api_offered() -> bool:
    """The queue's API is another engineer's work: measured once it is there."""
    from django.urls import Resolver404, resolve

    try:
        resolve("/api/v1/mash/queue")
    except Resolver404:
        return False
    return True


def _measures(seeded: Referrals, sessions: list[str], tokens: list[str]) -> list[Measure]:
    live = seeded.live_at_mash
    caption = f"{live} referral{'s' if live != 1 else ''}".encode()

    def page(status: int, body: bytes) -> str | None:
        listed = body.count(b">REF-")
        if status != 200 or listed != min(PAGE_SIZE, live):
            return f"{listed} referrals listed"
        return None if caption in body else "not the MASH's count of live referrals"

    def api(status: int, body: bytes) -> str | None:
        if status != 200:
            return "no queue"
        answer = json.loads(body)
        items = answer["items"]
        if answer["count"] != live or len(items) != min(API_PAGE_SIZE, live):
            return f"{len(items)} of {answer['count']} referrals"
        due = [item.get("next_due_at") for item in items]
        timed = [moment for moment in due if moment is not None]
        if timed != sorted(timed) or due[: len(timed)] != timed:
            return "not the nearest limit first"
        return None

    measures = [Measure("queue page", "GET", "/mash/", sessions, page, TARGET_MS)]
    if _api_offered():
        measures.append(Measure("queue", "GET", "/api/v1/mash/queue", tokens, api, TARGET_MS))
    else:
        print(f"{NAME} queue: GET /api/v1/mash/queue is not there yet: not measured")
    return measures


# Judging and checking -----------------------------------------------------------------------


def _judge(measure: Measure, p95_seconds: float, args: argparse.Namespace) -> None:
    goal = f"p95 under {TARGET_MS} ms at {TARGET_CLIENTS} concurrent clients"
    conditions = []
    if args.size != TARGET_REFERRALS:
        conditions.append(f"at {args.size:,} referrals, not the target's {TARGET_REFERRALS:,}")
    if args.clients != TARGET_CLIENTS:
        conditions.append(f"at {args.clients} clients")
    if args.think:
        conditions.append(f"each client pausing {args.think:g} s on average between requests")
    said = f"; measured {', '.join(conditions)}" if conditions else ""
    p95 = p95_seconds * 1000
    met = p95 < TARGET_MS
    print(f"{NAME} {measure.name} target ({goal}): {verdict(met)} (p95 {p95:.1f} ms{said})")


def _seed(args: argparse.Namespace, database: Database) -> Referrals:
    from referral_seed import referrals_seed

    started = perf_counter()
    seeded = referrals_seed(args.size)
    concerns._settle(database)
    text = (
        f"{seeded.referrals:,} referrals ({seeded.live_at_mash:,} live at the MASH, "
        f"{seeded.live_elsewhere:,} at the police), {seeded.children:,} children, "
        f"{seeded.steps:,} steps, {seeded.clocks:,} clocks in {perf_counter() - started:.1f} s"
    )
    figure(f"{NAME} seed", text, database)
    return seeded


def _problems(seeded: Referrals) -> list[str]:
    """The referrals as seeded (the queue only reads them), the MASH's queue as seeded, and
    the audit chain valid."""
    from vigil.audit.verification import audit_chain_verify
    from vigil.referrals.models import Referral
    from vigil.referrals.selectors import mash_queue

    problems = []
    if Referral.objects.count() != seeded.referrals:
        problems.append(f"{Referral.objects.count()} referrals, {seeded.referrals} seeded")
    queued = mash_queue(actor=seeded.world["mash"]).count()
    if queued != seeded.live_at_mash:
        problems.append(f"{queued} in the MASH's queue, {seeded.live_at_mash} seeded live there")
    verification = audit_chain_verify()
    if not verification.ok:
        problems.append(f"the audit chain does not verify: {verification.failure}")
    return problems


def _run(args: argparse.Namespace, database: Database) -> int:
    from django.db import connection

    seeded = _seed(args, database)
    sessions, tokens = _practitioners(seeded, args.clients)
    measures = _measures(seeded, sessions, tokens)
    tally = Tally()
    connection.close()  # this process only reads again once the server has stopped
    with concerns._served(database, args) as server:
        runs = [(m, concerns._measure(server, m, args, database, tally)) for m in measures]
    for measure, run in runs:
        _judge(measure, run.p95, args)
    if args.profile:
        for measure in measures:
            concerns._in_process(measure, database, tally)
    problems = tally.problems + _problems(seeded)
    for problem in problems:
        print(f"{NAME}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.size < 100:
        parser.error("--size must be at least 100 referrals")
    concerns.check_load_arguments(parser, args)
    # Each client's person keeps under the API's limit a minute (as concerns.py checks).
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
