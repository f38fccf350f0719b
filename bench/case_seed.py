"""Children's files in bulk: a partnership's children, their chronologies, and a DSL's queue.

The partnership is `tests.conftest.build_world()` plus more schools (a DSL, a deputy and two
members of staff each); the children are spread evenly over the schools. Every child has a
chronology (positions 1..n, `entry_count` n); a fifth of the entries are concerns, each with its
`Concern` row and its triage clock, closed and stopped long ago; the rest are notes. Then:

- one child of the DSL's school (`world.school`) has a long file (1,000 entries at full size),
  the file the benchmark opens;
- the school's other children carry the DSL's queue: that many open concerns (new, or open
  after a first decision), recorded over the last 30 days, each with its triage clock running
  (warned and escalated already where their moments have passed, as the tick would have).

References are numbered per year as `reference_next` numbers them, and the counters are left
where the next recorded concern carries on. No audit events are written here: appending one
costs the same whatever the chain's length (the head is one row), and the chain stays valid.

Rows go in with PostgreSQL's COPY or SQLite's `executemany`, as bench/chain_seed.py does; the
values are written as text both databases read (UUIDs as 32 hex digits, moments in UTC).
Import only once Django is set up.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection, models, transaction
from django.utils import timezone
from harness import Progress

from tests.conftest import World, build_world
from tests.factories import SchoolFactory, person_with
from vigil.accounts.models import Organisation, Role
from vigil.children import matching
from vigil.children.models import Child, ChronologyEntry, EntryKind, Ethnicity, Gender
from vigil.concerns.models import Concern, Status
from vigil.core.clocks import DEFAULT_RULES
from vigil.core.models import Clock, ReferenceCounter

BATCH = 20_000  # entries a transaction, with their concerns and clocks
CHILDREN_A_SCHOOL = 2_000
ENTRIES_A_CHILD = 10
CONCERN_SHARE = 0.2  # of the entries that are not in the queue
IMMEDIATE_RISK_SHARE = 0.03
DAY, HOUR, MINUTE = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)

GIVEN = [
    "Amara",
    "Ben",
    "Cara",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hari",
    "Isla",
    "Jay",
    "Kemi",
    "Leo",
    "Maya",
    "Nia",
    "Omar",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tess",
    "Uma",
    "Vik",
    "Wren",
    "Xena",
    "Yusuf",
    "Zara",
    "Alfie",
    "Bea",
    "Cal",
    "Dina",
]
FAMILY = [
    "Example",
    "Sample",
    "Testwell",
    "Placeholder",
    "Fictitious",
    "Madeup",
    "Notreal",
    "Dummy",
    "Specimen",
    "Mockley",
    "Pretendy",
    "Imaginary",
    "Invented",
    "Fabricate",
    "Notional",
    "Hypothet",
    "Sketchley",
    "Draftwood",
    "Proforma",
    "Templeton",
    "Modelle",
    "Prototype",
    "Standin",
    "Decoyne",
    "Trialson",
    "Demoford",
    "Samplewood",
    "Exemplar",
    "Testridge",
    "Mockford",
]
SEEN = (
    "Seen getting into a car with an older man after school, twice this week. The car waited "
    "by the gates for about ten minutes each time and drove off towards the ring road.",
    "Came into school with a new phone and new trainers, and would not say where they came "
    "from. Has been missing the first lesson most days and looks tired.",
    "A friend told the form tutor that the child has been going to parties at a flat in town "
    "with much older young people, and that there is alcohol there.",
    "Was upset at lunchtime and said that someone had shared a picture of them online. Would "
    "not say who. Seemed frightened when a message arrived on their phone.",
    "Has a bruise on the forearm, said they fell off a bike. This is the third injury this "
    "term with the same explanation; the last two were recorded by the class teacher.",
)
WORDS = ("He said he would buy me a new phone.", "I don't want to go home tonight.", "", "")
LOCATIONS = ("The school gates on Example Lane", "Form room", "Playground", "Bus station")
NOTES = (
    "Spoke to the child's parent on the phone about attendance. Parent will come in on Monday.",
    "Attended the core group meeting. The plan is reviewed in four weeks; actions recorded.",
    "Checked in with the child at break as agreed. The child said things are better at home.",
    "Information received from the school nurse following a drop-in appointment.",
)
INDICATORS = (
    '["i.older_risky_adults", "g.lifts_new_places"]',
    '["i.going_missing"]',
    '["i.older_risky_adults"]',
    "[]",
)

CHILD_FIELDS = (
    "id",
    "organisation",
    "given_names",
    "family_name",
    "known_as",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address",
    "postcode",
    "upn",
    "nhs_number",
    "looked_after_basis",
    "placement",
    "immigration_status",
    "trafficked",
    "learning_disability",
    "migrant_community",
    "sound_key",
    "created_at",
    "created_by",
    "version",
    "entry_count",
)
ENTRY_FIELDS = (
    "id",
    "child",
    "position",
    "kind",
    "occurred_at",
    "recorded_at",
    "recorded_by",
    "recorder_role",
    "organisation",
    "title",
    "body",
    "childs_words",
    "corrects",
    "source_type",
    "source_id",
)
CONCERN_FIELDS = (
    "id",
    "reference",
    "organisation",
    "child",
    "recorded_by",
    "recorder_role",
    "recorded_at",
    "immediate_risk",
    "seen_or_heard",
    "childs_words",
    "happened_at",
    "time_known",
    "location",
    "indicators",
    "others_involved",
    "follows",
    "child_confirmed_at",
    "status",
    "first_decision_at",
    "closed_at",
    "closed_by",
    "summary",
    "action_taken",
    "outcome",
    "rationale",
    "entry",
    "version",
)
CLOCK_FIELDS = (
    "id",
    "kind",
    "subject_type",
    "subject_id",
    "organisation",
    "holder",
    "holder_role",
    "link",
    "counts",
    "n",
    "started_at",
    "warn_at",
    "due_at",
    "stopped_at",
    "stop_reason",
    "warned_at",
    "escalated_at",
)


@dataclass(frozen=True)
class Shape:
    """How much to seed, all from the number of children."""

    children: int
    entries: int
    file_entries: int
    open_concerns: int
    schools: int

    @classmethod
    def of(cls, children: int) -> Shape:
        entries = children * ENTRIES_A_CHILD
        return cls(
            children=children,
            entries=entries,
            file_entries=min(1_000, entries // 2),
            open_concerns=children // 10,
            schools=max(2, children // CHILDREN_A_SCHOOL),
        )


@dataclass
class School:
    organisation: Organisation
    dsl_id: str
    staff_ids: list[str]
    children: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Cases:
    """What was seeded, for the benchmark to use and check."""

    world: World
    file_child_id: uuid.UUID
    file_entries: int
    open_concerns: int
    concerns: int
    entries: int
    # Children of `world.other_school`, where the benchmark records new concerns.
    children_elsewhere: list[uuid.UUID]


class _Rows:
    """Values as text both databases read, and batched inserts of them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.postgresql = connection.vendor == "postgresql"

    def new_id(self) -> str:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4).hex

    def moment(self, when: datetime) -> str:
        """A moment in UTC (every moment here derives from `timezone.now()`, in UTC): with its
        offset for PostgreSQL, naive as Django keeps them in SQLite."""
        text = when.isoformat(" ")
        return text if self.postgresql else text.removesuffix("+00:00")

    def maybe(self, when: datetime | None) -> str | None:
        return None if when is None else self.moment(when)

    def insert(self, model: type[models.Model], names: Sequence[str], rows: list[tuple]) -> None:
        if not rows:
            return
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(
            connection.ops.quote_name(model._meta.get_field(name).column) for name in names
        )
        with connection.cursor() as cursor:
            if self.postgresql:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            placeholders = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608


def _check_fields() -> None:
    """The column lists above are every column of their models: a new column fails here,
    plainly, rather than as a database error half-way through a seed."""
    for model, names in (
        (Child, CHILD_FIELDS),
        (ChronologyEntry, ENTRY_FIELDS),
        (Concern, CONCERN_FIELDS),
        (Clock, CLOCK_FIELDS),
    ):
        columns = {f.name for f in model._meta.concrete_fields}
        if columns != set(names):
            raise RuntimeError(
                f"bench/case_seed.py: {model.__name__} has fields {sorted(columns ^ set(names))} "
                "that the seed does not write (or no longer has): update its field list"
            )


def _schools(world: World, count: int) -> list[School]:
    """build_world()'s two schools, and more, each with a DSL, a deputy and staff."""
    person_with(Role.DEPUTY_DSL, world.other_school)
    elsewhere = [person_with(Role.STAFF, world.other_school).pk.hex for _ in range(2)]
    schools = [
        School(world.school, world["dsl"].pk.hex, [world["staff"].pk.hex]),
        School(world.other_school, world["other_dsl"].pk.hex, elsewhere),
    ]
    for number in range(count - 2):
        school = SchoolFactory(name=f"Example Academy {number}")
        dsl = person_with(Role.DSL, school)
        person_with(Role.DEPUTY_DSL, school)
        staff = [person_with(Role.STAFF, school).pk.hex for _ in range(2)]
        schools.append(School(school, dsl.pk.hex, staff))
    return schools


class _Seeder:
    def __init__(self, shape: Shape, world: World, schools: list[School]) -> None:
        self.shape, self.world, self.schools = shape, world, schools
        self.rng = random.Random(shape.children)  # the same cases for the same size
        self.rows = _Rows(self.rng)
        self.now = timezone.now()
        self.references: dict[int, int] = {}
        self.sound_keys: dict[tuple[str, str], str] = {}
        self.concerns = 0
        self.entries: list[tuple] = []
        self.concern_rows: list[tuple] = []
        self.clock_rows: list[tuple] = []

    # Children ----------------------------------------------------------------------------

    def children(self) -> None:
        progress = Progress("seeding children", self.shape.children)
        rows: list[tuple] = []
        for number in range(self.shape.children):
            school = self.schools[number % len(self.schools)]
            child_id = self.rows.new_id()
            school.children.append(child_id)
            rows.append(self._child(child_id, school))
            if len(rows) == BATCH or number + 1 == self.shape.children:
                with transaction.atomic():
                    self.rows.insert(Child, CHILD_FIELDS, rows)
                progress.update(number + 1)
                rows = []

    def _child(self, child_id: str, school: School) -> tuple:
        rng = self.rng
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        key = self.sound_keys.get((given, family))
        if key is None:
            key = self.sound_keys[(given, family)] = matching.sound_key(given, family)
        born = date(2008, 9, 1) + timedelta(days=rng.randrange(13 * 365))
        created = self.now - timedelta(days=rng.randrange(30, 1500))
        return (
            child_id,
            school.organisation.pk.hex,
            given,
            family,
            "",
            born.isoformat(),
            rng.choice(Gender.values),
            rng.choice(Ethnicity.values),
            f"{rng.randrange(1, 200)} Example Road\nTestshire",
            "TE1 1AA",
            "",
            "",
            "",
            "not-known",
            "",
            False,
            rng.random() < 0.1,
            False,
            key,
            self.rows.moment(created),
            rng.choice(school.staff_ids),
            1,
            0,  # set once its entries are in
        )

    # Chronologies --------------------------------------------------------------------------

    def _counts(self) -> list[tuple[School, str, int, int]]:
        """(school, child, entries, of which open concerns) for every child: the long file, the
        queue spread over the DSL's school's other children, the rest of the entries spread
        unevenly (half to one and a half times the mean) over everyone else."""
        shape, rng = self.shape, self.rng
        queue_children = self.schools[0].children[1:]
        open_each = [shape.open_concerns // len(queue_children)] * len(queue_children)
        for number in range(shape.open_concerns % len(queue_children)):
            open_each[number] += 1
        opened = dict(zip(queue_children, open_each, strict=True))
        file_child = self.schools[0].children[0]
        others = [(s, c) for s in self.schools for c in s.children if c != file_child]
        weights = [rng.random() + 0.5 for _ in others]
        spare = shape.entries - shape.file_entries - shape.open_concerns
        total = sum(weights)
        counts = [int(spare * w / total) for w in weights]
        for number in range(spare - sum(counts)):
            counts[number % len(counts)] += 1
        plan = [(self.schools[0], file_child, shape.file_entries, 0)]
        for (school, child), count in zip(others, counts, strict=True):
            queued = opened.get(child, 0)
            plan.append((school, child, count + queued, queued))
        return plan

    def chronologies(self) -> None:
        progress = Progress("seeding chronology entries", self.shape.entries)
        counts: list[tuple[int, str]] = []
        done = 0
        for school, child, count, queued in self._counts():
            self._chronology(school, child, count, queued)
            counts.append((count, child))
            if len(self.entries) >= BATCH:
                done += self._flush()
                progress.update(done)
        done += self._flush()
        progress.update(done)
        self._set_entry_counts(counts)
        for year, last in self.references.items():
            ReferenceCounter.objects.update_or_create(prefix=f"CON-{year}", defaults={"last": last})

    def _chronology(self, school: School, child: str, count: int, queued: int) -> None:
        """The child's entries in the order they were recorded: history (notes and closed
        concerns) from when the file was opened until a month ago, then the open concerns."""
        rng, now = self.rng, self.now
        opened = now - timedelta(days=rng.randrange(60, 1100))
        history = count - queued
        times = sorted(opened + (now - 31 * DAY - opened) * rng.random() for _ in range(history))
        times += sorted(now - 30 * DAY + (30 * DAY - HOUR) * rng.random() for _ in range(queued))
        for position, recorded in enumerate(times, start=1):
            if position > history:
                status = Status.NEW if rng.random() < 0.8 else Status.OPEN
                self._concern(school, child, position, recorded, status)
            elif rng.random() < CONCERN_SHARE:
                self._concern(school, child, position, recorded, Status.CLOSED)
            else:
                self._note(school, child, position, recorded)

    def _note(self, school: School, child: str, position: int, recorded: datetime) -> None:
        """A note by the school's DSL (a call, a meeting): no record behind it."""
        by = (school.dsl_id, Role.DSL.value)
        body = self.rng.choice(NOTES)
        self._entry(school, child, position, recorded, by, (EntryKind.NOTE, "Note", body, ""))

    def _entry(
        self,
        school: School,
        child: str,
        position: int,
        recorded: datetime,
        by: tuple[str, str],
        what: tuple[str, str, str, str],
        concern_id: str | None = None,
    ) -> str:
        """Append an entry row: `by` is (person, role), `what` (kind, title, body, the child's
        words); a concern's entry names the concern."""
        rows = self.rows
        entry_id = rows.new_id()
        occurred = recorded - timedelta(minutes=self.rng.randrange(10, 2 * 24 * 60))
        kind, title, body, words = what
        self.entries.append(
            (
                entry_id,
                child,
                position,
                kind,
                rows.moment(occurred),
                rows.moment(recorded),
                *by,
                school.organisation.pk.hex,
                title,
                body,
                words,
                None,
                "concern" if concern_id else "",
                concern_id,
            )
        )
        return entry_id

    def _concern(
        self, school: School, child: str, position: int, recorded: datetime, status: str
    ) -> None:
        rows, rng = self.rows, self.rng
        concern_id = rows.new_id()
        year = timezone.localtime(recorded).year
        self.references[year] = number = self.references.get(year, 0) + 1
        reference = f"CON-{year}-{number:06d}"
        risk = rng.random() < IMMEDIATE_RISK_SHARE
        seen, words = rng.choice(SEEN), rng.choice(WORDS)
        title = f"Concern {reference}" + (": immediate risk" if risk else "")
        recorder = rng.choice(school.staff_ids)
        what = (EntryKind.CONCERN, title, seen, words)
        entry_id = self._entry(
            school, child, position, recorded, (recorder, Role.STAFF.value), what, concern_id
        )
        decided = recorded + timedelta(minutes=rng.randrange(20, 3 * 24 * 60))
        if status == Status.NEW or decided >= self.now:
            status, decided_at = Status.NEW, None
        else:
            decided_at = decided
        closed = status == Status.CLOSED
        closed_at = decided + timedelta(days=rng.randrange(1, 60)) if closed else None
        self.concern_rows.append(
            (
                concern_id,
                reference,
                school.organisation.pk.hex,
                child,
                recorder,
                "staff",
                rows.moment(recorded),
                risk,
                seen,
                words,
                self.entries[-1][4],
                True,
                rng.choice(LOCATIONS),
                rng.choice(INDICATORS),
                "",
                None,
                rows.maybe(decided_at),
                status,
                rows.maybe(decided_at),
                rows.maybe(closed_at),
                school.dsl_id if closed else None,
                "Seen by the DSL; see the decisions." if closed else "",
                "Spoke to the family; monitored for six weeks." if closed else "",
                "No further concerns in that time." if closed else "",
                "Risk reduced; no further action needed." if closed else "",
                entry_id,
                1,
            )
        )
        self.concerns += 1
        self._clock(school, concern_id, risk, recorded, decided_at if closed else None)

    def _clock(
        self,
        school: School,
        concern_id: str,
        risk: bool,
        started: datetime,
        stopped: datetime | None,
    ) -> None:
        """The concern's triage clock: stopped at its first decision when closed; otherwise
        running, warned and escalated already where its moments have passed."""
        rows, now = self.rows, self.now
        kind = "dsl-triage-urgent" if risk else "dsl-triage"
        rule = DEFAULT_RULES[kind]
        span = DAY * rule.n * 7 / 5 if rule.counts == "working-days" else HOUR * rule.n
        warn_at, due_at = started + span * 3 / 4, started + span
        running = stopped is None
        self.clock_rows.append(
            (
                rows.new_id(),
                kind,
                "concern",
                concern_id,
                school.organisation.pk.hex,
                None,
                Role.DSL.value,
                f"/concerns/{uuid.UUID(concern_id)}/",
                rule.counts,
                rule.n,
                rows.moment(started),
                rows.moment(warn_at),
                rows.moment(due_at),
                rows.maybe(stopped),
                "" if running else "first decision",
                rows.moment(warn_at) if running and warn_at <= now else None,
                rows.moment(due_at + MINUTE) if running and due_at <= now else None,
            )
        )

    def _flush(self) -> int:
        done = len(self.entries)
        with transaction.atomic():  # entries before the concerns and clocks that name them
            self.rows.insert(ChronologyEntry, ENTRY_FIELDS, self.entries)
            self.rows.insert(Concern, CONCERN_FIELDS, self.concern_rows)
            self.rows.insert(Clock, CLOCK_FIELDS, self.clock_rows)
        self.entries, self.concern_rows, self.clock_rows = [], [], []
        return done

    def _set_entry_counts(self, counts: list[tuple[int, str]]) -> None:
        """Each child's `entry_count`, the next position's base, is its number of entries."""
        table = connection.ops.quote_name(Child._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            for start in range(0, len(counts), BATCH):
                cursor.executemany(
                    f"UPDATE {table} SET entry_count = %s WHERE id = %s",  # noqa: S608
                    counts[start : start + BATCH],
                )


def cases_seed(shape: Shape) -> Cases:
    """Seed the partnership's children, chronologies and the DSL's queue, as described above."""
    _check_fields()
    world = build_world()
    seeder = _Seeder(shape, world, _schools(world, shape.schools))
    seeder.children()
    seeder.chronologies()
    return Cases(
        world=world,
        file_child_id=uuid.UUID(seeder.schools[0].children[0]),
        file_entries=shape.file_entries,
        open_concerns=shape.open_concerns,
        concerns=seeder.concerns,
        entries=shape.entries,
        children_elsewhere=[uuid.UUID(c) for c in seeder.schools[1].children],
    )
