"""The demo partnership's referral routes and referrals, loaded after the screenings
(vigil/core/demo.py calls `referrals_load`).

Four routes, added by the partnership's administrator: the Northmoor MASH (rated, with a MASH
enquiry, its four clocks), the education welfare service, the police child protection team
and the LADO (acknowledged, then decided). Then about seventeen referrals across the three
schools, in every state: drafts, sent (two by a teacher rather than the DSL), acknowledged red,
amber and green, MASH enquiries with partner requests (one answered by the police, one
overdue), outcomes, feedback, closed, withdrawn, and one under professional challenge; one by
the education welfare service's route and one by the police's. The scripts are in
`demo_cases.py`; each step goes through the services as the person would take it, and steps
of days past are moved back to when they happened (`demo_times.py`), so that the front door's
clocks read as a working one's: most in time, some overdue.

Children are those of the concerns demo: a referral follows the DSL's decision to refer, a
final screening, a concern the DSL is monitoring (a teacher may refer directly), or a call to
the police; its details begin with what the concern recorded.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person
from vigil.children.models import Child
from vigil.concerns.models import Concern, DecisionKind, Status
from vigil.referrals import services
from vigil.referrals.demo_cases import SCRIPTS, Script
from vigil.referrals.demo_times import Timeline, move_back, request_due
from vigil.referrals.models import PartnerRequest, Referral, Route
from vigil.referrals.routes import MASH_CLOCKS
from vigil.screening.models import Screening, State

ROUTES: tuple[dict[str, Any], ...] = (
    {
        "code": "mash",
        "name": "Northmoor MASH",
        "receiver": OrganisationKind.MASH,
        "workflow": "mash",
        "clocks": MASH_CLOCKS,
        "description": "Concerns that a child is being, or may be, sexually exploited: the front door rates the referral, asks partners what they know and decides.",
    },
    {
        "code": "ews",
        "name": "Education welfare service",
        "receiver": OrganisationKind.EDUCATION_WELFARE,
        "workflow": "direct",
        "description": "Persistent absence from school, and children missing education.",
    },
    {
        "code": "police-cpt",
        "name": "Police: child protection team",
        "receiver": OrganisationKind.POLICE,
        "workflow": "direct",
        "description": "When a crime against a child may have been committed. If a child is in immediate danger, call 999 first.",
    },
    {
        "code": "lado",
        "name": "LADO (allegations against adults who work with children)",
        "receiver": OrganisationKind.LADO,
        "workflow": "direct",
        "description": "When an adult who works or volunteers with children may have harmed a child, or may pose a risk to children.",
    },
)
# Who acts for each route's receiver, and for each partner asked during an enquiry.
RECEIVERS = {"mash": "mash", "ews": "ews", "police-cpt": "police"}
PARTNERS = {"police": OrganisationKind.POLICE, "health": OrganisationKind.HEALTH}
ANSWERERS = {"police": "police"}
# The referral form's basis of concern, from the signs the concern recorded.
BASES = {
    "e.disclosure": "disclosure",
    "i.going_missing": "going-missing",
    "v.missing_runaway_homeless": "going-missing",
    "i.older_risky_adults": "older-person",
    "g.older_admirer": "older-person",
    "g.online_special": "older-person",
    "i.unexplained_possessions": "money-items",
    "i.unexplained_social_funds": "money-items",
    "g.gifts_substances": "money-items",
    "i.substance_dependency": "alcohol-drugs",
    "i.exploited_peers": "peers",
    "i.alienation": "changed-behaviour",
    "i.education_disengagement": "changed-behaviour",
    "i.physical_symptoms": "incident",
    "e.images": "incident",
}
STREETS = ("Example Lane", "Sample Road", "Testwood Avenue", "Mockridge Close", "Demo Street")


def _first_of(kind: str) -> Organisation:
    found = Organisation.objects.filter(kind=kind, is_active=True).order_by("name").first()
    if found is None:
        raise RuntimeError(f"The demo partnership has no {kind} organisation.")
    return found


def routes_load(admin: Person) -> None:
    for order, spec in enumerate(ROUTES, start=1):
        fields = dict(spec, receiver=_first_of(spec["receiver"]), order=order)
        services.route_add(actor=admin, **fields)


class _Children:
    """Each script's child: the next one of its kind at the referrer's school, never twice."""

    def __init__(self) -> None:
        self.used: set[Any] = set()

    def _concerns(self, school_id: Any, kind: str) -> QuerySet[Concern]:
        at_school = Concern.objects.filter(organisation_id=school_id).order_by("reference")
        if kind == "screened":
            screened = Screening.objects.filter(state=State.FINAL).values("child_id")
            return at_school.filter(child_id__in=screened, decisions__kind=DecisionKind.SCREENING)
        if kind == "new":
            return at_school.filter(status=Status.NEW, immediate_risk=False)
        if kind == "monitor":
            stronger = [DecisionKind.REFER, DecisionKind.SCREENING, DecisionKind.POLICE]
            return at_school.filter(
                status=Status.OPEN, decisions__kind=DecisionKind.MONITOR
            ).exclude(child__concerns__decisions__kind__in=stronger)
        return at_school.filter(status=Status.OPEN, decisions__kind=kind)

    def pick(self, school_id: Any, kind: str) -> Concern:
        for concern in self._concerns(school_id, kind).select_related("child"):
            if concern.child_id not in self.used:
                self.used.add(concern.child_id)
                return concern
        raise RuntimeError(f"The demo has no {kind} child left at {school_id}.")


def _person(username: str) -> Person:
    return Person.objects.get(username=username)


def _school_of(person: Person) -> Organisation:
    membership = Membership.objects.filter(person=person, ended_at__isnull=True).first()
    if membership is None:
        raise RuntimeError(f"{person.username} has no organisation in the demo.")
    return membership.organisation


def _answers(script: Script, concern: Concern, number: int) -> dict[str, Any]:
    """What the referrer types: the phone, the family, why, and the young person's view."""
    child: Child = concern.child
    name, words = child.given_names, concern.childs_words
    reasons = concern.decisions.values_list("reason", flat=True)
    told = not any("not yet told" in reason for reason in reasons)
    violence = "yes" if "i.physical_symptoms" in concern.indicators else "not-known"
    answers: dict[str, Any] = {
        "referrer_phone": f"0161 496 02{number:02d}",
        "address": f"{number + 3} {STREETS[number % len(STREETS)]}, Northmoor",
        "parents_carers": f"Jo {child.family_name} (parent), same address, 0161 496 03{number:02d}. Has parental responsibility.",
        "basis": sorted({BASES.get(i, "changed-behaviour") for i in concern.indicators}),
        "violence": violence,
        "details": f"{concern.seen_or_heard} {script.more.format(name=name)}".strip(),
        "agencies": "School nurse (Northmoor Community Health).",
        "parents_told": "yes" if told else "no",
        "young_person_told": "yes",
        "young_persons_view": f"{name} said: “{words}”"
        if words
        else f"{name} has not said what they would like to happen; the DSL will ask again with the adult {name} trusts most at school.",
    }
    if violence == "yes":
        answers["violence_details"] = "Bruising seen at school: see the details of the concern."
    if not told:  # the DSL's decision said so, on the MASH's advice
        answers["parents_not_told_reason"] = "other"
        answers["parents_not_told_other"] = (
            "The MASH consultation line advised waiting until the police have been consulted."
        )
    return answers | script.answers


class _Runner:
    """Runs each script's steps through the services, as its people, at its moments."""

    def __init__(self) -> None:
        self.timeline = Timeline(_first_of(OrganisationKind.MASH))
        self.children = _Children()

    def _at(self, hours: float | None) -> datetime | None:
        """`hours` ago, a few minutes off the hour (the same for every step of a referral)."""
        if hours is None:
            return None
        return self.timeline.ago(hours + (self.number * 13 % 40) / 60)

    def run(self, number: int, script: Script) -> Referral:
        self.script, self.number = script, number
        self.referrer = _person(script.referrer)
        self.concern = self.children.pick(_school_of(self.referrer).pk, script.child)
        self.requests: list[PartnerRequest] = []
        (hours, _start, _), *rest = script.steps
        since = timezone.now()
        referral = services.referral_start(
            actor=self.referrer,
            child=self.concern.child,
            route=Route.objects.get(code=script.route),
            concern=self.concern,
        )
        move_back(referral, since=since, to=self._at(hours))
        for hours, action, arguments in rest:
            since = timezone.now()
            referral.refresh_from_db()
            worded = {
                k: v.format(name=self.concern.child.given_names) if isinstance(v, str) else v
                for k, v in arguments.items()
            }
            getattr(self, "_" + action)(referral, **worded)
            move_back(referral, since=since, to=self._at(hours))
            if action == "request":  # the due moment chosen then
                request_due(self.requests[-1], self._at(arguments["due"]) or timezone.now())
        return referral

    # The referrer's side ---------------------------------------------------------------------

    def _save(self, referral: Referral) -> None:
        answers = _answers(self.script, self.concern, self.number)
        if all(action != "send" for _, action, _ in self.script.steps):
            # A draft, part written: the details so far.
            answers = {k: answers[k] for k in ("referrer_phone", "details", "address")}
        services.referral_update(
            actor=self.referrer, referral=referral, version=referral.version, answers=answers
        )

    def _send(self, referral: Referral) -> None:
        services.referral_send(actor=self.referrer, referral=referral, version=referral.version)

    def _withdraw(self, referral: Referral, reason: str) -> None:
        services.referral_withdraw(
            actor=self.referrer, referral=referral, version=referral.version, reason=reason
        )

    def _challenge(self, referral: Referral, reason: str) -> None:
        services.challenge_raise(actor=self.referrer, referral=referral, reason=reason)

    # The front door's side -------------------------------------------------------------------

    def _receiver(self) -> Person:
        return _person(RECEIVERS[self.script.route])

    def _acknowledge(self, referral: Referral, rating: str, reason: str) -> None:
        services.referral_acknowledge(
            actor=self._receiver(),
            referral=referral,
            version=referral.version,
            rating=rating,
            reason=reason,
        )

    def _assign(self, referral: Referral) -> None:
        receiver = self._receiver()
        services.referral_assign(
            actor=receiver, referral=referral, version=referral.version, assignee=receiver
        )

    def _decide(self, referral: Referral, decision: str, reason: str) -> None:
        services.referral_decide(
            actor=self._receiver(),
            referral=referral,
            version=referral.version,
            decision=decision,
            reason=reason,
        )

    def _conclude(self, referral: Referral, outcome: str, reason: str) -> None:
        services.referral_conclude(
            actor=self._receiver(),
            referral=referral,
            version=referral.version,
            outcome=outcome,
            reason=reason,
        )

    def _feedback(self, referral: Referral, feedback: str) -> None:
        services.referral_feedback(
            actor=self._receiver(), referral=referral, version=referral.version, feedback=feedback
        )

    def _close(self, referral: Referral, reason: str) -> None:
        services.referral_close(
            actor=self._receiver(), referral=referral, version=referral.version, reason=reason
        )

    def _request(self, referral: Referral, partner: str, question: str, due: float) -> None:
        # Sent now with a due moment the service accepts; set to the one chosen then.
        request = services.partner_request_send(
            actor=self._receiver(),
            referral=referral,
            partner=_first_of(PARTNERS[partner]),
            question=question,
            due_at=self.timeline.now + timedelta(days=1),
        )
        self.requests.append(request)

    def _answer(self, referral: Referral, request: int, answer: str) -> None:
        found = self.requests[request]
        found.refresh_from_db()
        services.partner_request_answer(
            actor=_person(ANSWERERS["police"]), request=found, version=found.version, answer=answer
        )


def referrals_load(admin: Person) -> None:
    """The routes, then the referrals. Called by the demo's loader, which has checked that this
    is not production and that the partnership is new (so this runs once)."""
    routes_load(admin)
    runner = _Runner()
    # The oldest first, so that references are given in the order referrals were sent.
    oldest_first = sorted(SCRIPTS, key=lambda script: -(script.steps[0][0] or 0))
    for number, script in enumerate(oldest_first, start=1):
        runner.run(number, script)
