"""The demo partnership's missing episodes, loaded after the referrals (vigil/core/demo.py
calls `missing_load`).

At Ashgrove Academy, a child who went missing three times in nine weeks (flagged to the DSLs,
and to the MASH when the child has an open referral there), with a return home interview held,
one declined and one held with a disclosure; and a child whose interview is overdue (offered,
not held, four days after the return). At Brindle Hill School a child missing now, reported
as at immediate risk; at Castlebrook High School a child back since yesterday, their
interview due in two days. Everything goes through the services, with moments in the past;
a clock stopped by an interview is then dated when the interview happened, as it would have
been. Every name, place and number is fictional.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from vigil.accounts.models import Organisation, OrganisationKind, Person
from vigil.children.models import Child
from vigil.core.models import Clock
from vigil.missing import rules
from vigil.missing.models import Episode, ReturnInterview
from vigil.missing.services import episode_record, episode_return, interview_record
from vigil.referrals import workflow
from vigil.referrals.models import Referral

INTERVIEWER = {
    "interviewer": "Robin Sample",
    "interviewer_role": "Return home interview worker, Northmoor Children's Charity (demo)",
}


def _person(username: str) -> Person:
    return Person.objects.get(username=username)


def _child(school: Organisation, prefer: list[Any] | None = None) -> Child:
    """A child of the school without an episode yet: one of `prefer` first."""
    taken = Episode.objects.values("child_id")
    free = Child.objects.filter(organisation=school).exclude(pk__in=taken)
    chosen = free.filter(pk__in=prefer or []).order_by("family_name").first()
    return chosen or free.order_by("family_name", "given_names").first()  # type: ignore[return-value]


RETURN_FIELDS = ("found_at", "returned_with", "condition")


def _episode(
    child: Child, by: Person, went: datetime, back: datetime | None, lead: Person, **fields: Any
) -> Episode:
    """An episode as the school records it, and the return when there was one (by its DSL)."""
    told = {k: v for k, v in fields.items() if k in RETURN_FIELDS}
    report: dict[str, Any] = {
        "missing_from": "Home",
        "reported_by": "Their parent, by phone to the school",
    }
    report.update({k: v for k, v in fields.items() if k not in RETURN_FIELDS})
    episode = episode_record(actor=by, child=child, missing_since=went, **report)
    if back is None:
        return episode
    return episode_return(
        actor=lead,
        episode=episode,
        version=episode.version,
        returned_at=back,
        found_at=told.get("found_at", "Came home on their own"),
        returned_with=told.get("returned_with", "Alone"),
        condition=told.get("condition", "Tired and hungry; no injuries seen."),
    )


def _interview(lead: Person, episode: Episode, outcome: str, at: datetime, **fields: Any) -> None:
    episode.refresh_from_db()
    held = interview_record(
        actor=lead,
        episode=episode,
        version=episode.version,
        outcome=outcome,
        happened_at=at,
        **INTERVIEWER,
        **fields,
    )
    _dated(held)


def _dated(interview: ReturnInterview) -> None:
    """The clock an interview stopped, stopped when the interview happened (demo only)."""
    Clock.objects.filter(
        subject_id=interview.episode_id, kind="return-home-interview", stopped_at__isnull=False
    ).update(stopped_at=interview.happened_at)


def _repeated(school: Organisation, now: datetime) -> None:
    """Three episodes in nine weeks: held, declined, then held with a disclosure."""
    referred = Referral.objects.filter(
        organisation=school,
        state__in=sorted(workflow.LIVE),
        route__receiver__kind=OrganisationKind.MASH,
    ).values_list("child_id", flat=True)
    child = _child(school, list(referred))
    teacher, lead = _person("teacher"), _person("dsl")
    first = _episode(
        child,
        teacher,
        now - timedelta(days=62, hours=3),
        now - timedelta(days=61, hours=14),
        lead,
        missing_from="Home, after an argument",
        police_reference="NP-DEMO-0101",
    )
    _interview(
        lead,
        first,
        rules.DONE,
        now - timedelta(days=60, hours=6),
        childs_words="It's always shouting at home. I went to my mate's and then into town.",
        push_factors=["conflict-at-home"],
        pull_factors=["friends", "older-person"],
    )
    second = _episode(
        child,
        teacher,
        now - timedelta(days=33, hours=5),
        now - timedelta(days=32, hours=9),
        lead,
        missing_from="School, left at lunchtime",
        found_at="Found by police at Northmoor bus station",
        returned_with="Two older young people the police did not know",
    )
    _interview(
        lead,
        second,
        rules.DECLINED,
        now - timedelta(days=31, hours=8),
        childs_words="I'm fine. I don't want to talk about it.",
    )
    third = _episode(
        child,
        teacher,
        now - timedelta(days=9, hours=4),
        now - timedelta(days=8, hours=16),
        lead,
        missing_from="Home, overnight",
        police_reference="NP-DEMO-0177",
        condition="Smelled of alcohol; a new phone she would not explain.",
    )
    _interview(lead, third, rules.OFFERED, now - timedelta(days=8, hours=2))
    _interview(
        lead,
        third,
        rules.DONE,
        now - timedelta(days=6, hours=20),
        childs_words="He picks us up and takes us to parties. He says I owe him for the phone.",
        push_factors=["conflict-at-home"],
        pull_factors=["older-person", "drugs-alcohol", "money-gifts"],
        disclosures="An adult man she met online drives her and other girls to parties, gives "
        "them vodka, and says she owes him for the phone he gave her.",
    )


def _overdue(school: Organisation, now: datetime) -> None:
    """Back four days ago; the interview offered and not held: overdue."""
    child, lead = _child(school), _person("dsl")
    episode = _episode(
        child,
        _person("teacher"),
        now - timedelta(days=5, hours=2),
        now - timedelta(days=4, hours=2),
        lead,
        missing_from="Their foster placement, 14 Sample Road",
        reported_by="Sam Example, foster carer",
        police_reference="NP-DEMO-0190",
    )
    _interview(lead, episode, rules.OFFERED, now - timedelta(days=3, hours=20))


def missing_load() -> None:
    """The demo's missing episodes. Called by the demo's loader, once."""
    now = timezone.now()
    ashgrove, brindle, castlebrook = (
        Organisation.objects.get(dfe_number=number) for number in ("9999001", "9999002", "9999003")
    )
    _repeated(ashgrove, now)
    _overdue(ashgrove, now)
    _episode(
        _child(brindle),
        _person("teacher2"),
        now - timedelta(hours=3),
        None,
        _person("dsl2"),
        immediate_risk=True,
        missing_from="School: did not return after the morning break",
        reported_by="Toby Sample, class teacher",
        police_reference="NP-DEMO-0203",
        note="Seen getting into a grey car near the school gates.",
    )
    _episode(
        _child(castlebrook),
        _person("teacher3"),
        now - timedelta(hours=30),
        now - timedelta(hours=20),
        _person("dsl3"),
        missing_from="Home",
    )
