"""Reading screenings, scoped to the person: a child's screenings, one screening (its opening
on the access log), what the concerns suggest, the entries to cite, and reviews coming due."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.audit.services import access_event_record
from vigil.children.models import Child, ChronologyEntry
from vigil.concerns.models import Concern
from vigil.core.models import Clock
from vigil.missing.models import Episode
from vigil.screening import catalogue, policy
from vigil.screening.models import Screening, State

# Reviews show in the DSL's queue from this many days before they fall due.
REVIEW_NOTICE_DAYS = 14


def screenings_of(*, actor: Person, child: Child) -> QuerySet[Screening]:
    """The child's screenings, newest first, for someone who may see the child's whole file."""
    probe = Screening(child=child, organisation_id=child.organisation_id)
    if not policy.can_view(actor, probe):
        return Screening.objects.none()
    return Screening.objects.filter(child=child).select_related("judged_by", "signed_off_by")


def screening_check(*, actor: Person, screening_id: uuid.UUID) -> Screening:
    """A screening the person may see; 404 otherwise, as for one that does not exist."""
    screening = (
        Screening.objects.select_related("child", "organisation", "judged_by", "signed_off_by")
        .filter(pk=screening_id)
        .first()
    )
    if screening is None or not policy.can_view(actor, screening):
        raise Http404
    return screening


def screening_open(*, actor: Person, screening_id: uuid.UUID) -> Screening:
    """The same, its opening recorded on the access log (it is part of the child's file)."""
    screening = screening_check(actor=actor, screening_id=screening_id)
    access_event_record(
        actor=actor,
        verb="screening.view",
        object_type=policy.KIND,
        object_id=screening.pk,
        details={"child": str(screening.child_id)},
    )
    return screening


def screenings_open(*, actor: Person, child_id: uuid.UUID) -> QuerySet[Screening]:
    """A child's screenings, newest first, for someone who may see the child's whole file, the
    reading on the access log; 404 otherwise, as for a child that does not exist."""
    child = Child.objects.filter(pk=child_id).first()
    if child is None or not policy.can_view(
        actor, Screening(child=child, organisation_id=child.organisation_id)
    ):
        raise Http404
    access_event_record(
        actor=actor, verb="child.screenings", object_type="child", object_id=child.pk
    )
    # The reference breaks ties: screenings started in the same instant keep one order.
    return Screening.objects.filter(child=child).order_by("-started_at", "-reference")


@dataclass(frozen=True)
class Suggestion:
    """An indicator recorded on one of the child's concerns (or shown by a missing episode),
    ready to confirm."""

    indicator: catalogue.Indicator
    observed_on: date
    entry_id: uuid.UUID
    concern_reference: str
    # What the reference names: a concern, or a missing episode.
    source: str = "concern"

    @property
    def key(self) -> str:
        return f"{self.indicator.id}|{self.observed_on.isoformat()}|{self.entry_id}"


def suggestions_for(screening: Screening) -> list[Suggestion]:
    """Indicators on the child's concerns up to the screening's date, with the date each
    happened, that the screening does not observe yet."""
    taken = set(screening.observations.values_list("indicator", "observed_on", "entry_id"))
    found: list[Suggestion] = []
    concerns = Concern.objects.filter(child_id=screening.child_id, entry__isnull=False).only(
        "reference", "indicators", "happened_at", "entry_id"
    )
    for concern in concerns.order_by("happened_at"):
        day = timezone.localdate(concern.happened_at)
        if day > screening.assessed_on:
            continue
        for indicator_id in concern.indicators:
            indicator = catalogue.BY_ID.get(indicator_id)
            if indicator is None or not indicator.counted:
                continue
            if (indicator_id, day, concern.entry_id) not in taken:
                found.append(Suggestion(indicator, day, concern.entry_id, concern.reference))
    found += _missing_suggestions(screening, taken)
    return sorted(found, key=lambda suggestion: suggestion.observed_on)


def _missing_suggestions(
    screening: Screening, taken: set[tuple[str, date, uuid.UUID]]
) -> list[Suggestion]:
    """Each missing episode up to the screening's date suggests going missing, dated the day
    the child went missing and citing the episode's entry; the latest also suggests the
    vulnerability of a child who goes missing (issue 7)."""
    episodes = Episode.objects.filter(child_id=screening.child_id).only(
        "reference", "missing_since", "entry_id"
    )
    dated = [(timezone.localdate(e.missing_since), e) for e in episodes.order_by("missing_since")]
    dated = [(day, e) for day, e in dated if day <= screening.assessed_on]
    cited = [("i.going_missing", day, e) for day, e in dated]
    if dated:
        cited.append(("v.missing_runaway_homeless", *dated[-1]))
    return [
        Suggestion(catalogue.BY_ID[code], day, e.entry_id, e.reference, "missing episode")
        for code, day, e in cited
        if (code, day, e.entry_id) not in taken
    ]


def citable_entries(screening: Screening, limit: int = 200) -> list[ChronologyEntry]:
    """The child's entries an observation may cite, the latest first."""
    return list(
        ChronologyEntry.objects.filter(
            child_id=screening.child_id, occurred_at__date__lte=screening.assessed_on
        )
        .only("id", "title", "occurred_at", "kind")
        .order_by("-occurred_at", "-position")[:limit]
    )


def history_of(*, actor: Person, child: Child) -> list[Screening]:
    """The final screenings, oldest first: the levels and scores over time."""
    return list(
        screenings_of(actor=actor, child=child).filter(state=State.FINAL).order_by("assessed_on")
    )


def latest_final(child_id: uuid.UUID) -> Screening | None:
    """The child's latest final screening. "Screened medium or high" elsewhere in the product
    means its judged level."""
    return (
        Screening.objects.filter(child_id=child_id, state=State.FINAL)
        .order_by("-finalised_at")
        .first()
    )


@dataclass(frozen=True)
class ReviewDue:
    clock: Clock
    screening: Screening
    overdue: bool


def reviews_due(*, actor: Person) -> list[ReviewDue]:
    """Screening reviews of the person's organisations (as a DSL) falling due within two
    weeks, or overdue; the soonest first."""
    mine = access.organisations_where(actor, *access.DSL_ROLES)
    if not mine:
        return []
    now = timezone.now()
    clocks = list(
        Clock.objects.filter(
            kind="screening-review",
            organisation_id__in=mine,
            stopped_at__isnull=True,
            due_at__lte=now + timedelta(days=REVIEW_NOTICE_DAYS),
        ).order_by("due_at")[:50]
    )
    screenings = Screening.objects.select_related("child").in_bulk([c.subject_id for c in clocks])
    return [
        ReviewDue(c, screenings[c.subject_id], c.due_at <= now)
        for c in clocks
        if c.subject_id in screenings
    ]


def awaiting_my_sign_off(*, actor: Person) -> list[Screening]:
    """Judgements below the computed level that the person may sign off."""
    mine = access.organisations_where(actor, *policy.SIGN_OFF_ROLES)
    waiting = Screening.objects.filter(
        organisation_id__in=mine, state=State.AWAITING_SIGN_OFF
    ).select_related("child", "judged_by")
    return [s for s in waiting.order_by("judged_at")[:50] if policy.can_sign_off(actor, s)]
