"""Northmoor's synthetic children and their concerns, loaded with the demo (vigil/core/demo.py).

About 200 children across the three schools, with concerns in every state: new (some marked
immediate risk), open after each kind of decision, and closed with their summaries; one concern
moved to the right child, one file shared with another school, one chronology correction.
Everything goes through the services, so chronologies, clocks, alerts and the audit log read as
a real deployment's. A seeded random picks names, ages and stories, so every load makes the same
cases; dates count back from the day of loading, and nothing happens in the future.

Every child is fictional: given names common in England, family names that are plainly made up.
The wording is factual and never blames a child (PROCESS.md, Language): the demo's tests check
every text with `wording_prompts`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person, Role
from vigil.children.models import Child, ChronologyEntry
from vigil.children.services import child_add, entry_correct, share_create
from vigil.concerns.models import Concern, DecisionKind
from vigil.concerns.services import (
    concern_child_confirm,
    concern_close,
    concern_decide,
    concern_record,
)

SEED = 2026


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# fmt: off
GIVEN = {
    "female": _words("Olivia Amelia Isla Ava Freya Lily Grace Evie Poppy Aisha Maryam Zara Priya Nia Chloe Holly Jessica Ruby"),
    "male": _words("Oliver George Noah Arthur Leo Harry Oscar Jack Muhammad Ibrahim Kai Tyler Reuben Kofi Ethan Alfie Callum Dylan"),
}
FAMILY = _words("Testwood Examplebury Samplethorpe Fictonby Mockridge Demoford Fauxley Placeholme Pretendale Madeupton Trialworth Testcombe Sampleton Exampleham Mockley Demoworth Fictionfield Testingley Sampleford")
# fmt: on
# Roughly an English town's mix; "" is "not recorded".
ETHNICITIES = {"white-british": 58, "asian": 12, "black": 7, "mixed": 7, "white-other": 7}
ETHNICITIES |= {"gypsy-traveller": 1, "roma": 1, "other": 3, "": 4}
# A high school's pupils are 11 or older; the other two schools take children from 5.
YOUNGEST = {"Castlebrook High School": 11}


@dataclass(frozen=True)
class Story:
    """What a recorder writes (`{name}` is the child's given name), the youngest child it fits
    and the hour it happened (None: not known)."""

    youngest: int
    hour: int | None
    seen: str
    words: str
    location: str
    indicators: tuple[str, ...]
    others: str = ""
    # Serious stories go to the police or are marked immediate risk; the others never are.
    serious: bool = False


# One story to a few lines reads better than the formatter's one argument to a line.
# fmt: off
STORIES = (
    Story(11, 15, "{name} was seen getting into a silver car driven by an adult man, not a family member, outside the school gates at the end of the day, twice this week. The car waited with its engine running.",
          "He's just someone I know. He gives me lifts so I don't have to get the bus.", "Outside the school gates on Example Lane",
          ("i.older_risky_adults", "g.lifts_new_places"), "An adult man, about 25, driving a silver hatchback; part of the registration noted as NM12."),
    Story(11, 14, "{name} had £120 in cash and two phones in a blazer pocket, found when a lost blazer was handed in. {name} did not want to say where the money came from.",
          "I can't say. I'll get in trouble.", "Lost property, main reception",
          ("i.unexplained_social_funds", "i.unexplained_possessions")),
    Story(11, 8, "{name} came into school with a new phone, new trainers and a designer coat. Their parent told the form tutor the family did not buy them.",
          "Someone I know got them for me. I don't have to pay him back yet.", "Form room, morning registration",
          ("i.unexplained_possessions", "g.gifts_substances")),
    Story(12, None, "{name} was reported missing by their family on Friday night and came home on Saturday afternoon. {name} told the pastoral lead they stayed at a flat in town with older people, and would not give names.",
          "There's no rules there. They let you stay as long as you want.", "The pastoral office (told on Monday about the weekend)",
          ("i.going_missing", "v.missing_runaway_homeless", "g.no_rules_accommodation")),
    Story(9, 13, "{name} showed a classmate messages from an online contact who says he is 19. He tells {name} to keep the chat secret and has asked for photos.",
          "He says I'm really mature for my age and he's the only one who gets me.", "Told the class teacher in the ICT suite",
          ("g.online_special", "g.older_admirer"), "An online contact using the name jay_x on a gaming app."),
    Story(5, None, "{name}'s attendance has fallen to 81% this half term, with late arrivals most days and two afternoons missed without explanation.",
          "", "Attendance review with the education welfare officer",
          ("i.education_disengagement", "v.not_in_education")),
    Story(13, 9, "{name} smelled of alcohol at the start of period 1 and was unsteady on the stairs. {name} said an adult man bought drinks for a group of them in the park last night.",
          "He always has drinks. He says we can pay him back another time.", "Main stairs, science block",
          ("i.substance_dependency", "g.gifts_substances", "i.older_risky_adults"), "An adult man the group call Dee."),
    Story(13, 12, "Three pupils in year 9 said that {name} took them to a house on Sample Road where adults give them vapes and let them stay late. {name} may be being exploited too: they said they are told who to bring.",
          "", "Head of year's office (the three pupils came together)",
          ("i.exploited_peers", "i.older_risky_adults", "g.gifts_substances"), "Three pupils in year 9, named to the DSL; adults at a house on Sample Road."),
    Story(5, 10, "{name} has stopped sitting with their usual friends, is tired and withdrawn in lessons, and becomes upset when asked about weekends.",
          "I'm just tired. I don't want to talk about it.", "Classroom, after the lesson",
          ("i.alienation",)),
    Story(12, 13, "{name} had bruising to both wrists, seen when changing for PE. {name} said it happened at a party at the weekend but would not say whose party it was.",
          "It's nothing, it was just messing about.", "PE changing rooms",
          ("i.physical_symptoms",)),
    Story(14, 22, "A teaching assistant saw {name} getting out of a taxi with two adult men outside the Example Hotel on Station Road late on Saturday evening.",
          "", "Outside the Example Hotel, Station Road",
          ("g.adult_venues", "i.older_risky_adults", "g.lifts_new_places"), "Two adult men, not known to the school."),
    Story(10, 16, "A parent of another pupil rang to say adults at the takeaway on Sample Street have been giving {name} and other children free food, cigarettes and lifts home.",
          "", "Telephone call to the school office",
          ("g.gifts_substances", "i.older_risky_adults"), "Adults working at the takeaway on Sample Street."),
    Story(5, 15, "{name} was collected from school by an adult who is not on the contact list and said they were a family friend. Reception did not let {name} leave; the parent did not know the adult.",
          "", "School reception",
          ("i.older_risky_adults",), "An adult woman, about 30, who gave the name Kim."),
    Story(13, None, "{name} has missed school on Mondays for five weeks. Other pupils say {name} spends weekends at parties in Examplebury with older people.",
          "", "Attendance review",
          ("i.education_disengagement", "g.thrill_forbidden", "i.older_risky_adults")),
    Story(12, 11, "{name} told the learning mentor that an adult man met at the shopping centre has touched them sexually, and says {name} owes him for the vapes and phone credit he has given.",
          "He says I owe him, and if I don't come when he messages he'll tell everyone.", "The learning mentor's room",
          ("e.disclosure", "e.exchange", "e.coercion", "g.gifts_substances"), "An adult man, name not known, seen at Northmoor shopping centre.", serious=True),
    Story(12, 12, "{name} told a teacher that an older pupil is threatening to share an intimate image of {name} unless {name} sends more.",
          "He said everyone will see it if I don't.", "Corridor outside the library",
          ("e.disclosure", "e.images", "e.coercion"), "A pupil in year 11, named to the DSL.", serious=True),
    Story(12, 2, "{name} did not come home after school and was found by police in the early hours at an address in Examplebury with adults. The police told the school.",
          "They said I could stay there whenever I want.", "An address in Examplebury",
          ("i.going_missing", "i.older_risky_adults", "e.intelligence"), "Adults at the address, known to the police.", serious=True),
    Story(5, 9, "{name} told the class teacher that a man at the park showed them pictures on his phone that made them feel uncomfortable, and said it was their secret.",
          "He said it's our secret and he'll bring me sweets next time.", "Told in the classroom; it happened at Northmoor Park",
          ("e.disclosure", "g.older_admirer"), "An adult man, not known to the family.", serious=True),
)
# fmt: on
CAR, MONEY = STORIES[0], STORIES[1]

K = DecisionKind
# (state, decision, how many children): 196 here and 4 in the special cases.
# fmt: off
PLAN = (
    ("new", "", 20), ("urgent", "", 8),
    ("open", K.MONITOR, 28), ("open", K.EARLY_HELP, 24), ("open", K.SCREENING, 24),
    ("open", K.REFER, 20), ("open", K.POLICE, 12),
    ("closed", K.NO_FURTHER_ACTION, 36), ("closed", K.MONITOR, 12), ("closed", K.EARLY_HELP, 12),
)
# fmt: on
# How many days ago it happened, by state: closed concerns are the older ones.
DAYS_AGO = {"new": (1, 3), "urgent": (1, 2), "open": (4, 50), "closed": (60, 180)}
REASONS = {
    K.NO_FURTHER_ACTION: (
        "Looked into with {name}, their parent and the form tutor. What was seen has an explanation that was checked, and nothing else is on the file.",
        "Spoke with {name} and their parent, and checked attendance and the file. The explanation was confirmed by a second adult; there are no other signs of exploitation.",
    ),
    K.MONITOR: (
        "A first concern with no other signs on the file. The form tutor will check in with {name} each week and tell the DSL of any change; attendance is watched daily.",
        "Not enough yet to screen, but the signs need watching. The pastoral lead will see {name} weekly and check who collects them after school.",
    ),
    K.EARLY_HELP: (
        "{name} and their family need support with attendance and supervision after school. The family agreed to an early help assessment, requested today.",
        "Needs at home are behind the change in {name}'s attendance. Early help assessment offered and accepted; the school's family support worker leads it.",
    ),
    K.SCREENING: (
        "Several signs together on {name}'s file over recent weeks. The DSL will complete the partnership's CSE screening this week, citing the dated entries.",
        "The signs point to possible exploitation by adults outside school. CSE screening to be completed before the end of the week to decide on a referral.",
    ),
    K.REFER: (
        "Signs of exploitation involving adults outside school. Referral to the Northmoor MASH today; parents told, as telling them does not increase the risk.",
        "An adult outside school appears to be grooming {name}. Referral to the Northmoor MASH today with the chronology; parents not yet told, on the MASH's advice.",
    ),
    K.POLICE: (
        "{name} may be at immediate risk from the adult named in this concern. The DSL contacted the police and passed on what was seen, the place and the description.",
        "{name} is at risk of sexual abuse by an adult. Police contacted straight away with what is known, and {name}'s parent or carer told the same day.",
    ),
}
# Summary, action taken, outcome, rationale (KCSIE), by the decision before closing.
CLOSURES = {
    K.NO_FURTHER_ACTION: (
        "Concern about {name} looked into by the DSL.",
        "Spoke with {name} and their parent; checked attendance and the file.",
        "The explanation was confirmed with the family; no other signs were found.",
        "No indicators of exploitation remain. Staff know to record any new concern.",
    ),
    K.MONITOR: (
        "Concern about {name} monitored for six weeks.",
        "Weekly check-ins with the form tutor; attendance checked daily.",
        "No further concerns recorded; attendance stayed above 95%.",
        "The monitoring ended with nothing new. Any new information will be a new concern.",
    ),
    K.EARLY_HELP: (
        "Early help for {name} and their family.",
        "Early help assessment and a family plan, led by the school's family support worker.",
        "Attendance is back above 90% and {name} is collected from school each day.",
        "The plan met its goals and the family agreed to end it; no signs of exploitation now.",
    ),
}


@dataclass(frozen=True)
class School:
    organisation: Organisation
    recorders: tuple[Person, ...]  # staff and DSL record concerns
    leads: tuple[Person, ...]  # DSL and deputy decide on them
    youngest: int


def _schools() -> list[School]:
    """The schools and their people, in a fixed order so the seeded random picks the same."""
    schools = []
    for school in Organisation.objects.filter(kind=OrganisationKind.SCHOOL).order_by("name"):
        held = list(
            Membership.objects.filter(organisation=school, ended_at__isnull=True)
            .select_related("person")
            .order_by("person__username")
        )
        recorders = tuple(m.person for m in held if m.role in (Role.STAFF, Role.DSL))
        leads = tuple(m.person for m in held if m.role in (Role.DSL, Role.DEPUTY_DSL))
        schools.append(School(school, recorders, leads, YOUNGEST.get(school.name, 5)))
    return schools


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class _Loader:
    def __init__(self) -> None:
        # Not for security: a fixed seed so that every load makes the same cases.
        self.rng = random.Random(SEED)  # noqa: S311  # nosec B311
        self.today = timezone.localdate()
        self.named: set[tuple[str, str]] = set()

    def statuses(self) -> dict[str, Any]:
        """Ongoing statuses: a few children looked after, seeking asylum, with SEND."""
        rng = self.rng
        fields: dict[str, Any] = {
            "ethnicity": rng.choices(list(ETHNICITIES), list(ETHNICITIES.values()))[0],
            "learning_disability": rng.random() < 0.12,
            "placement": "family" if rng.random() < 0.9 else "extended-family",
        }
        if rng.random() < 0.04:
            # An unaccompanied child is looked after by agreement (section 20), often fostered.
            fields |= {"immigration_status": "uasc", "migrant_community": True}
            fields |= {"looked_after_basis": "s20", "placement": "foster"}
        elif rng.random() < 0.08:
            fields["looked_after_basis"] = rng.choice(("s20", "s31", "s38"))
            fields["placement"] = rng.choice(("foster", "foster", "residential"))
        return fields

    def child(self, school: School, age: int | None = None, **fixed: str) -> Child:
        rng = self.rng
        gender = fixed.get("gender") or rng.choices(("female", "male", "other"), (48, 48, 4))[0]
        names = GIVEN.get(gender) or GIVEN[rng.choice(("female", "male"))]
        given, family = fixed.get("given_names"), fixed.get("family_name")
        while not given or not family or (given, family) in self.named:
            given, family = given or rng.choice(names), rng.choice(FAMILY)
        self.named.add((given, family))
        if age is None:
            days = rng.randint(school.youngest * 366, 17 * 365 + 300)
        else:
            days = int(age * 365.25) + rng.randint(20, 330)
        return child_add(
            actor=rng.choice(school.recorders),
            organisation=school.organisation,
            given_names=given,
            family_name=family,
            gender=gender,
            date_of_birth=self.today - timedelta(days=days),
            **self.statuses(),
        )

    def story(self, child: Child, *, serious: bool, unlike: Story | None = None) -> Story:
        age = _age(child.date_of_birth, self.today)
        fit = [s for s in STORIES if s.youngest <= age and s.serious == serious and s != unlike]
        return self.rng.choice(fit)

    def record(
        self, school: School, child: Child, story: Story, days_ago: int, **how: Any
    ) -> Concern:
        """`how`: urgent (immediate risk), by (the recorder), about (the name written)."""
        minutes = self.rng.randrange(0, 60, 5)
        data = {
            "immediate_risk": "yes" if how.get("urgent") else "no",
            "child_id": str(child.pk),
            "seen_or_heard": story.seen.format(name=how.get("about") or child.given_names),
            "childs_words": story.words,
            # At least a day ago, so a time of day can never be in the future.
            "happened_on": (self.today - timedelta(days=days_ago)).isoformat(),
            "happened_time": "" if story.hour is None else f"{story.hour:02d}:{minutes:02d}",
            "location": story.location,
            "indicators": list(story.indicators),
            "others_involved": story.others,
        }
        recorder = how.get("by") or self.rng.choice(school.recorders)
        return concern_record(actor=recorder, organisation=school.organisation, data=data)

    def decide(self, school: School, concern: Concern, kind: str) -> None:
        rng, lead = self.rng, self.rng.choice(school.leads)
        if concern.child_confirmed_at is None:
            concern_child_confirm(
                actor=lead, concern=concern, version=concern.version, child=concern.child
            )
        review_on = self.today + timedelta(days=rng.randint(7, 42)) if kind == K.MONITOR else None
        contacted: datetime | None = None
        log_number = ""
        if kind == K.POLICE:
            later = concern.happened_at + timedelta(minutes=rng.randint(20, 240))
            contacted = min(later, timezone.now())
            log_number = f"NM-{timezone.localtime(contacted).year}-0{rng.randint(1000, 9999)}"
        concern_decide(
            actor=lead,
            concern=concern,
            version=concern.version,
            kind=kind,
            reason=rng.choice(REASONS[K(kind)]).format(name=concern.child.given_names),
            review_on=review_on,
            police_contacted_at=contacted,
            police_log_number=log_number,
        )

    def close(self, school: School, concern: Concern, kind: str) -> None:
        name = concern.child.given_names
        summary, action, outcome, rationale = (t.format(name=name) for t in CLOSURES[K(kind)])
        concern_close(
            actor=self.rng.choice(school.leads),
            concern=concern,
            version=concern.version,
            summary=summary,
            action_taken=action,
            outcome=outcome,
            rationale=rationale,
        )

    def case(self, school: School, state: str, kind: str) -> None:
        """One child and their concern in `state`, after decision `kind`."""
        child = self.child(school)
        serious = state == "urgent" or kind == K.POLICE
        story = self.story(child, serious=serious)
        if kind in (K.SCREENING, K.REFER):
            # Screening and referral usually follow signs seen over time: an earlier concern,
            # still monitored, comes first.
            earlier = self.story(child, serious=False, unlike=story)
            first = self.record(school, child, earlier, self.rng.randint(60, 150))
            self.decide(school, first, K.MONITOR)
        days = self.rng.randint(*DAYS_AGO[state])
        concern = self.record(school, child, story, days, urgent=serious)
        if state in ("open", "closed"):
            self.decide(school, concern, kind)
        if state == "closed":
            self.close(school, concern, kind)

    def moved(self, school: School) -> None:
        """Siblings with alike names: the recorder picked the brother, the DSL moves the
        concern to his sister (PROCESS.md: the DSL confirms or corrects the link)."""
        ella = self.child(school, 14, given_names="Ella", family_name="Samplewood", gender="female")
        ellis = self.child(school, 12, given_names="Ellis", family_name="Samplewood", gender="male")
        concern = self.record(school, ellis, CAR, 2, about="Ella")
        concern_child_confirm(
            actor=school.leads[-1],
            concern=concern,
            version=concern.version,
            child=ella,
            reason="Recorded against Ellis Samplewood by mistake: the concern is about his older sister, Ella Samplewood.",
        )

    def shared(self, school: School, to: School) -> None:
        """A referral whose entries the DSL shares with the school a sibling attends."""
        maya = self.child(school, 13, given_names="Maya", family_name="Mockworth", gender="female")
        concern = self.record(school, maya, CAR, 9)
        self.decide(school, concern, K.REFER)
        share_create(
            actor=school.leads[-1],
            child=maya,
            to_organisation=to.organisation,
            entries=list(ChronologyEntry.objects.filter(child=maya)),
            reason="Maya's brother attends Castlebrook High School, and the same adult has been seen waiting outside both schools. Their DSL needs this to keep him safe.",
        )

    def corrected(self, school: School) -> None:
        """The recorder corrects their own entry: the correction is a new, linked entry."""
        jayden = self.child(school, 15, given_names="Jayden", family_name="Mockbury", gender="male")
        recorder = school.recorders[-1]
        concern = self.record(school, jayden, MONEY, 5, by=recorder)
        entry_correct(
            actor=recorder,
            entry=concern.entry,
            correction="The amount was £210, not £120: a second count, with the head of year present, found more notes in an inside pocket.",
        )
        self.decide(school, concern, K.SCREENING)


def cases_load() -> None:
    """The demo's children and concerns. Called by the demo's loader, which has checked that
    this is not production and that the partnership is new (so this runs once)."""
    loader = _Loader()
    schools = _schools()
    plan = [(state, kind) for state, kind, count in PLAN for _ in range(count)]
    loader.rng.shuffle(plan)
    for number, (state, kind) in enumerate(plan):
        loader.case(schools[number % len(schools)], state, str(kind))
    ashgrove, brindle, castlebrook = schools
    loader.moved(ashgrove)
    loader.shared(brindle, castlebrook)
    loader.corrected(castlebrook)
