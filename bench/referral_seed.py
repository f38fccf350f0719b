"""Referrals in bulk: a partnership's referrals over three years, the children they are about,
each referral's steps and clocks, and the live ones that make the front door's queue.

The partnership is `tests.conftest.build_world()` (its MASH, its `mash` route) plus a police
route to a second front door and more schools (bench/case_seed.py's: a DSL, a deputy and two
members of staff each); the children (three for every five referrals) are spread over the
schools as case_seed.py spreads them. Then, at full size (50,000):

- most referrals ended long ago: closed (92%) or withdrawn, sent between a month and three
  years ago, each with the steps it took and its clocks, all stopped;
- a tenth are live (5,000), sent over the last two weeks: 95% at the MASH, in every live state
  (sent 20%, acknowledged 30%, MASH enquiry 25%, outcome decided 15%, feedback sent 10%),
  rated red, amber or green once acknowledged, most given to a practitioner; the clocks the
  MASH workflow runs are running (acknowledgement and first decision from receipt, the
  rating's from receipt, allocation when red and nobody named), counted with the MASH's
  calendar, warned and escalated where their moments have passed as the tick leaves them, and
  each referral's `next_due_at` is its nearest running limit, as the services keep it. The
  other 5% are live at the police's front door, which the MASH's queue must not show;
- 1% are drafts, never sent.

References are numbered per year as `reference_next` numbers them, and the counter is left where
the next referral carries on. No chronology entries or audit events are written (the queue reads
neither). Rows go in with PostgreSQL's COPY or SQLite's `executemany` (case_seed.py's `_Rows`).
Import only once Django is set up.
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from case_seed import BATCH, CLOCK_FIELDS, Shape, _Rows, _schools, _Seeder
from django.db import transaction
from django.utils import timezone
from harness import Progress

from tests.conftest import World, build_world
from tests.factories import REFERRAL_ANSWERS
from vigil.accounts.models import Role
from vigil.core.calendar import WorkingCalendar
from vigil.core.clocks import DEFAULT_RULES, deadline
from vigil.core.models import Clock, ReferenceCounter
from vigil.core.selectors import working_calendar_for
from vigil.referrals.models import Referral, Route, Step
from vigil.referrals.routes import DIRECT_CLOCKS

DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)
LIVE_SHARE, DRAFT_SHARE, ELSEWHERE_SHARE = 0.1, 0.01, 0.05
LIVE_STATES = {"sent": 20, "acknowledged": 30, "enquiry": 25, "outcome": 15, "feedback-sent": 10}
RATINGS = {"red": 15, "amber": 45, "green": 40}
OUTCOMES = ("no-further-action", "early-help", "child-in-need", "strategy-discussion")
# The moves a referral took to reach each state, after being sent (the MASH workflow).
PATHS = {
    "draft": (),
    "sent": (),
    "acknowledged": ("acknowledge",),
    "enquiry": ("acknowledge", "open-enquiry"),
    "outcome": ("acknowledge", "open-enquiry", "conclude"),
    "feedback-sent": ("acknowledge", "decide", "feedback"),
    "closed": ("acknowledge", "open-enquiry", "conclude", "feedback", "close"),
    "withdrawn": ("withdraw",),
}
TARGETS = {
    "acknowledge": "acknowledged",
    "open-enquiry": "enquiry",
    "decide": "outcome",
    "conclude": "outcome",
    "feedback": "feedback-sent",
    "close": "closed",
    "withdraw": "withdrawn",
}
# The police's route is direct: decided once acknowledged, without an enquiry.
DIRECT_PATHS = {
    "outcome": ("acknowledge", "decide"),
    "feedback-sent": ("acknowledge", "decide", "feedback"),
}
# fmt: off
REFERRAL_FIELDS = (
    "id", "reference", "child", "organisation", "route", "state", "answers", "concern",
    "created_by", "created_at", "updated_at", "sent_by", "sent_at", "sent_without_dsl",
    "screening", "screening_summary", "rating", "rating_reason", "acknowledged_at",
    "first_decision", "decided_at", "outcome", "outcome_reason", "outcome_at", "feedback",
    "feedback_at", "closed_at", "withdrawn_reason", "assigned_to", "next_due_at", "version",
)
STEP_FIELDS = (
    "id", "referral", "action", "from_state", "to_state", "actor", "actor_role", "organisation",
    "at", "reason", "details",
)
# fmt: on
REASON = "Signs of grooming by an adult outside school over several weeks; safe at home tonight."


@dataclass(frozen=True)
class Referrals:
    """What was seeded, for the benchmark to use and check."""

    world: World
    referrals: int
    children: int
    live_at_mash: int
    live_elsewhere: int
    steps: int
    clocks: int


@dataclass(frozen=True)
class _Plan:
    """One referral to write: where it is and when it was sent (None: a draft)."""

    route: Route
    state: str
    sent: datetime | None


class _ReferralSeeder:
    def __init__(self, size: int, world: World, schools: list, calendar: WorkingCalendar) -> None:
        self.size, self.world, self.schools = size, world, schools
        self.rng = random.Random(size)  # the same referrals for the same size
        self.rows = _Rows(self.rng)
        self.now = timezone.now()
        self.calendar = calendar
        self.mash_people = [world["mash"].pk.hex, world["mash_manager"].pk.hex]
        self.references: dict[int, int] = {}
        self.referral_rows: list[tuple] = []
        self.step_rows: list[tuple] = []
        self.clock_rows: list[tuple] = []
        self.live_at_mash = self.live_elsewhere = self.steps = self.clocks = 0

    def plans(self, elsewhere: Route) -> list[_Plan]:
        rng, mash = self.rng, Route.objects.get(code="mash")
        live = int(self.size * LIVE_SHARE)
        drafts = int(self.size * DRAFT_SHARE)
        plans = [_Plan(mash, "draft", None) for _ in range(drafts)]
        states = rng.choices(list(LIVE_STATES), list(LIVE_STATES.values()), k=live)
        for state in states:
            away = rng.random() < ELSEWHERE_SHARE
            if away and state == "enquiry":  # the police's route has no enquiry
                state = "acknowledged"
            sent = self.now - (14 * DAY) * rng.random() ** 2 - MINUTE
            plans.append(_Plan(elsewhere if away else mash, state, sent))
        for _ in range(self.size - live - drafts):
            state = "withdrawn" if rng.random() < 0.08 else "closed"
            sent = self.now - 30 * DAY - (1065 * DAY) * rng.random()
            plans.append(_Plan(mash, state, sent))
        plans.sort(key=lambda plan: plan.sent or self.now)  # references in the order sent
        return plans

    # One referral ---------------------------------------------------------------------------

    def referral(self, plan: _Plan) -> None:
        rng, rows = self.rng, self.rows
        school = rng.choice(self.schools)
        child = rng.choice(school.children)
        by_staff = rng.random() < 0.1
        referrer = rng.choice(school.staff_ids) if by_staff else school.dsl_id
        referral_id = rows.new_id()
        created = (plan.sent or self.now) - timedelta(minutes=rng.randrange(5, 90))
        moments = self._moments(plan)
        fields = self._front_door(plan, moments)
        if plan.sent is not None and plan.state not in ("closed", "withdrawn"):
            if plan.route.code == "mash":
                self.live_at_mash += 1
            else:
                self.live_elsewhere += 1
        next_due = self._clocks(referral_id, plan, moments, fields)
        reference = self._reference(plan.sent) if plan.sent else ""
        last = max([created, *moments.values()])
        self.referral_rows.append(
            (
                referral_id,
                reference,
                child,
                school.organisation.pk.hex,
                plan.route.pk.hex,
                plan.state,
                json.dumps(self._answers()),
                None,
                referrer,
                rows.moment(created),
                rows.moment(last),
                referrer if plan.sent else None,
                rows.maybe(plan.sent),
                by_staff and plan.sent is not None,
                None,
                None,
                fields["rating"],
                REASON if fields["rating"] else "",
                rows.maybe(moments.get("acknowledge")),
                fields["first_decision"],
                rows.maybe(moments.get("open-enquiry") or moments.get("decide")),
                fields["outcome"],
                "Partners' information considered." if fields["outcome"] else "",
                rows.maybe(moments.get("conclude") or moments.get("decide")),
                "What was decided and what happens next." if "feedback" in moments else "",
                rows.maybe(moments.get("feedback")),
                rows.maybe(moments.get("close") or moments.get("withdraw")),
                "Sent in error." if plan.state == "withdrawn" else "",
                fields["assigned_to"],
                rows.maybe(next_due),
                1 + len(moments),
            )
        )
        self._steps(referral_id, plan, created, moments, referrer, school.organisation.pk.hex)

    def _moments(self, plan: _Plan) -> dict[str, datetime]:
        """When each move after sending happened: minutes to hours apart, never in the future."""
        moments: dict[str, datetime] = {}
        if plan.sent is None:
            return moments
        moment = plan.sent
        direct = plan.route.workflow == "direct"
        for action in (DIRECT_PATHS if direct else PATHS).get(plan.state, PATHS[plan.state]):
            moment = min(moment + timedelta(minutes=self.rng.randrange(10, 600)), self.now)
            moments[action] = moment
        return moments

    def _front_door(self, plan: _Plan, moments: dict[str, datetime]) -> dict[str, object]:
        rng = self.rng
        rated = "acknowledge" in moments and plan.route.code == "mash"
        rating = rng.choices(list(RATINGS), list(RATINGS.values()))[0] if rated else ""
        decided = "open-enquiry" in moments or "decide" in moments
        enquiry = "open-enquiry" in moments
        outcome = rng.choice(OUTCOMES) if ("conclude" in moments or "decide" in moments) else ""
        assigned = "acknowledge" in moments and rng.random() < 0.6
        return {
            "rating": rating,
            "first_decision": ("mash-enquiry" if enquiry else outcome) if decided else "",
            "outcome": outcome,
            "assigned_to": rng.choice(self.mash_people) if assigned else None,
        }

    def _answers(self) -> dict[str, object]:
        return {
            **REFERRAL_ANSWERS,
            "referrer_name": "Test Person",
            "referrer_email": "dsl@example.org",
            "given_names": self.rng.choice(("Amara", "Ben", "Cara", "Dev")),
            "family_name": "Example",
            "date_of_birth": "2012-05-01",
            "gender": "Female",
            "school": "Example Academy",
        }

    def _reference(self, sent: datetime) -> str:
        year = timezone.localtime(sent).year
        self.references[year] = number = self.references.get(year, 0) + 1
        return f"REF-{year}-{number:06d}"

    # Its steps and clocks ----------------------------------------------------------------------

    def _steps(
        self,
        referral_id: str,
        plan: _Plan,
        created: datetime,
        moments: dict[str, datetime],
        referrer: str,
        school: str,
    ) -> None:
        taken = [("start", "", "", created, referrer, school)]
        if plan.sent is not None:
            taken.append(("send", "draft", "sent", plan.sent, referrer, school))
        state = "sent"
        for action, at in moments.items():
            target = TARGETS[action]
            by_referrer = action == "withdraw"
            actor = referrer if by_referrer else self.mash_people[0]
            where = school if by_referrer else plan.route.receiver_id.hex
            taken.append((action, state, target, at, actor, where))
            state = target
        for action, source, target, at, actor, where in taken:
            role = Role.MASH.value if actor == self.mash_people[0] else Role.DSL.value
            self.step_rows.append(
                (
                    self.rows.new_id(),
                    referral_id,
                    action,
                    source,
                    target,
                    actor,
                    role,
                    where,
                    self.rows.moment(at),
                    "",
                    "{}",
                )
            )
        self.steps += len(taken)

    def _clocks(
        self, referral_id: str, plan: _Plan, moments: dict[str, datetime], fields: dict
    ) -> datetime | None:
        """The route's clocks on the referral, stopped where its moves stopped them; the
        nearest running due moment (the referral's `next_due_at`)."""
        if plan.sent is None:
            return None
        sent, decided = plan.sent, moments.get("open-enquiry") or moments.get("decide")
        ended = moments.get("close") or moments.get("withdraw")
        kinds = [
            ("mash-acknowledge", sent, moments.get("acknowledge") or ended),
            ("mash-decision", sent, decided or ended),
        ]
        if fields["rating"]:
            rag_stop = moments.get("conclude") or moments.get("decide") or ended
            kinds.append((f"rag-{fields['rating']}", sent, rag_stop))
            if fields["rating"] == "red" and not fields["assigned_to"]:
                kinds.append(("allocate-high-risk", moments["acknowledge"], ended))
        if plan.route.code != "mash":
            kinds = [k for k in kinds if k[0] in DIRECT_CLOCKS]
        running = [self._clock(referral_id, plan, *kind) for kind in kinds]
        due = [moment for moment in running if moment is not None]
        return min(due) if due else None

    def _clock(
        self, referral_id: str, plan: _Plan, kind: str, started: datetime, stopped: datetime | None
    ) -> datetime | None:
        rows, now, rule = self.rows, self.now, DEFAULT_RULES[kind]
        limit = deadline(rule, started, self.calendar)
        holder = Role.MANAGER if kind == "allocate-high-risk" else Role.MASH
        running = stopped is None
        self.clock_rows.append(
            (
                rows.new_id(),
                kind,
                "referral",
                referral_id,
                plan.route.receiver_id.hex,
                None,
                holder.value,
                f"/referrals/{uuid.UUID(referral_id)}/",
                rule.counts,
                rule.n,
                rows.moment(started),
                rows.moment(limit.warn_at),
                rows.moment(limit.due),
                rows.maybe(stopped),
                "" if running else "done",
                rows.moment(limit.warn_at) if running and limit.warn_at <= now else None,
                rows.moment(limit.due + MINUTE) if running and limit.due <= now else None,
            )
        )
        self.clocks += 1
        return limit.due if running else None

    def flush(self) -> None:
        with transaction.atomic():  # referrals before the steps that name them
            self.rows.insert(Referral, REFERRAL_FIELDS, self.referral_rows)
            self.rows.insert(Step, STEP_FIELDS, self.step_rows)
            self.rows.insert(Clock, CLOCK_FIELDS, self.clock_rows)
        self.referral_rows, self.step_rows, self.clock_rows = [], [], []


def _check_fields() -> None:
    """The column lists above are every column of their models (as case_seed.py checks its
    own): a new column fails here, plainly, rather than half-way through a seed."""
    for model, names in ((Referral, REFERRAL_FIELDS), (Step, STEP_FIELDS)):
        columns = {f.name for f in model._meta.concrete_fields}
        if columns != set(names):
            raise RuntimeError(
                f"bench/referral_seed.py: {model.__name__} has fields "
                f"{sorted(columns ^ set(names))} that the seed does not write (or no longer "
                "has): update its field list"
            )


def referrals_seed(size: int) -> Referrals:
    """Seed `size` referrals and the children they are about, as described above."""
    _check_fields()
    world = build_world()
    children = max(20, size * 3 // 5)
    shape = Shape(children, 0, 0, 0, max(2, children // 2_000))
    schools = _schools(world, shape.schools)
    _Seeder(shape, world, schools).children()
    police = Route.objects.create(
        code="police-cpt",
        name="Police: child protection team",
        receiver=world.police,
        workflow="direct",
        clocks=list(DIRECT_CLOCKS),
        order=2,
    )
    seeder = _ReferralSeeder(size, world, schools, working_calendar_for(world.mash))
    progress = Progress("seeding referrals", size)
    for number, plan in enumerate(seeder.plans(police), start=1):
        seeder.referral(plan)
        if len(seeder.referral_rows) == BATCH // 4 or number == size:
            seeder.flush()
            progress.update(number)
    for year, last in seeder.references.items():
        ReferenceCounter.objects.update_or_create(prefix=f"REF-{year}", defaults={"last": last})
    return Referrals(
        world=world,
        referrals=size,
        children=children,
        live_at_mash=seeder.live_at_mash,
        live_elsewhere=seeder.live_elsewhere,
        steps=seeder.steps,
        clocks=seeder.clocks,
    )
