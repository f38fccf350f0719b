"""Reading referrals, scoped to the person: one referral (its opening on the access log), the
referrer's list, the front door's queue, partner requests, and challenges.

A referral the person may not see answers exactly as one that does not exist (404).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.audit.services import access_event_record
from vigil.children.models import Child
from vigil.children.policy import RECORDERS
from vigil.core.models import Clock
from vigil.referrals import policy, workflow
from vigil.referrals.models import Challenge, PartnerRequest, Referral, Route, Step
from vigil.referrals.steps import SUBJECT

# The queue's clock filter: overdue, or due within this long.
DUE_SOON = timedelta(hours=4)
# Staff who referred see the state and the feedback; these steps only.
REFERRER_STEPS = frozenset(
    {"send", "acknowledge", "open-enquiry", "decide", "conclude", "feedback", "close", "withdraw"}
)


def _referrals() -> QuerySet[Referral]:
    return Referral.objects.select_related(
        "child", "organisation", "route", "route__receiver", "assigned_to", "sent_by"
    )


def routes_open() -> list[Route]:
    """The partnership's routes in use (configuration, not case data), in their order."""
    return list(Route.objects.filter(is_active=True).select_related("receiver"))


def referral_check(*, actor: Person, referral_id: uuid.UUID) -> Referral:
    """A referral the person may see; 404 otherwise, as for one that does not exist."""
    referral = _referrals().filter(pk=referral_id).first()
    if referral is None or not policy.can_view(actor, referral):
        raise Http404
    return referral


def referral_open(*, actor: Person, referral_id: uuid.UUID, purpose: str = "view") -> Referral:
    """The same, its opening (or download: `purpose="download"`) on the access log."""
    referral = referral_check(actor=actor, referral_id=referral_id)
    _log(actor, referral, purpose)
    return referral


def referral_by_reference(*, actor: Person, reference: str, purpose: str = "view") -> Referral:
    """A sent referral by its reference (`REF-2026-000123`), with the same rules and log."""
    reference = reference.strip().upper()
    # A draft has no reference yet: an empty one names nothing (never someone's draft).
    referral = _referrals().filter(reference=reference).first() if reference else None
    if referral is None or not policy.can_view(actor, referral):
        raise Http404
    _log(actor, referral, purpose)
    return referral


def _log(actor: Person, referral: Referral, purpose: str) -> None:
    access_event_record(
        actor=actor,
        verb=f"referral.{purpose}",
        object_type=policy.KIND,
        object_id=referral.pk,
        details={"child": str(referral.child_id), "reference": referral.reference},
    )


def steps_of(*, actor: Person, referral: Referral) -> list[Step]:
    """The referral's history as the person may see it."""
    steps = Step.objects.filter(referral=referral).select_related("actor", "organisation")
    if not policy.sees_everything(actor, referral):
        steps = steps.filter(action__in=REFERRER_STEPS)
    return list(steps.order_by("at", "id"))


def requests_of(*, actor: Person, referral: Referral) -> list[PartnerRequest]:
    if not policy.sees_everything(actor, referral):
        return []
    return list(referral.requests.select_related("partner", "requested_by", "answered_by"))


def challenges_of(*, actor: Person, referral: Referral) -> list[Challenge]:
    if not policy.sees_everything(actor, referral):
        return []
    return list(referral.challenges.select_related("raised_by", "answered_by"))


def time_limits_of(*, actor: Person, referral: Referral) -> list[Clock]:
    """The clocks on the referral and its challenges, oldest first: for the referring
    organisation's case leads and the front door (staff who referred see the state)."""
    if not policy.sees_everything(actor, referral):
        return []
    challenges = list(referral.challenges.values_list("pk", flat=True))
    return list(
        Clock.objects.filter(
            Q(subject_type=SUBJECT, subject_id=referral.pk)
            | Q(subject_type="challenge", subject_id__in=challenges)
        ).order_by("started_at", "due_at")
    )


def referrals_made(*, actor: Person, state: str = "") -> QuerySet[Referral]:
    """The referrer's side: the person's own referrals and drafts, and every sent referral of
    the organisations where they lead on cases; newest first."""
    leads = access.organisations_where(actor, *access.CASE_LEADS)
    found = _referrals().filter(
        Q(created_by=actor, state=workflow.DRAFT)
        | Q(sent_by=actor)
        | (Q(organisation_id__in=leads) & ~Q(state=workflow.DRAFT))
    )
    if state:
        found = found.filter(state=state)
    return found.order_by(F("sent_at").desc(nulls_first=True), "-created_at")


def referrals_of_child(*, actor: Person, child: Child) -> list[Referral]:
    """The child's referrals on the file (for those who see the whole file)."""
    return list(referrals_made(actor=actor).filter(child=child))


QUEUE_FIELDS = (
    *("reference", "state", "rating", "created_at", "sent_at", "acknowledged_at"),
    *("next_due_at", "version", "organisation_id", "child_id", "route_id", "assigned_to_id"),
    *("child__given_names", "child__family_name", "child__date_of_birth"),
    *("organisation__name", "route__code", "route__name", "assigned_to__full_name"),
)


def mash_queue(
    *, actor: Person, state: str = "", rating: str = "", clock: str = "", holder: str = ""
) -> QuerySet[Referral]:
    """The front door's queue: sent referrals not yet finished at the front doors where the
    person works, ordered by time left (the nearest limit first; none last)."""
    mine = access.organisations_where(actor, *access.RECEIVERS)
    # The queue shows where each referral stands, none of its text: only those columns.
    found = (
        Referral.objects.select_related("child", "organisation", "route", "assigned_to")
        .only(*QUEUE_FIELDS)
        .filter(route__receiver_id__in=mine, state__in=workflow.LIVE)
    )
    if state:
        found = found.filter(state=state)
    if rating:
        found = found.filter(rating=rating)
    now = timezone.now()
    if clock == "overdue":
        found = found.filter(next_due_at__lte=now)
    elif clock == "due-soon":
        found = found.filter(next_due_at__gt=now, next_due_at__lte=now + DUE_SOON)
    if holder == "me":
        found = found.filter(assigned_to=actor)
    elif holder == "nobody":
        found = found.filter(assigned_to__isnull=True)
    return found.order_by(F("next_due_at").asc(nulls_last=True), "sent_at")


def front_door_people(referral: Referral) -> QuerySet[Person]:
    """Who a referral can be given to: the front door's practitioners and managers."""
    return (
        Person.objects.filter(
            is_active=True,
            memberships__organisation_id=referral.route.receiver_id,
            memberships__role__in=sorted(access.RECEIVERS),
            memberships__ended_at__isnull=True,
        )
        .distinct()
        .order_by("full_name")
    )


def requests_to_answer(*, actor: Person) -> QuerySet[PartnerRequest]:
    """Requests from a front door to the person's organisations, unanswered first."""
    mine = access.organisations_where(actor, *RECORDERS)
    return (
        PartnerRequest.objects.filter(partner_id__in=mine)
        .select_related("referral", "referral__child", "partner", "requested_by")
        .order_by(F("answered_at").desc(nulls_first=True), "due_at")
    )


def request_check(*, actor: Person, request_id: uuid.UUID) -> PartnerRequest:
    request = (
        PartnerRequest.objects.select_related(
            "referral", "referral__route", "referral__child", "partner"
        )
        .filter(pk=request_id)
        .first()
    )
    if request is None or not policy.can_see_request(actor, request):
        raise Http404
    return request


def request_open(*, actor: Person, request_id: uuid.UUID) -> PartnerRequest:
    """The same, its opening on the access log: it names a child."""
    request = request_check(actor=actor, request_id=request_id)
    access_event_record(
        actor=actor,
        verb="referral-request.view",
        object_type="partner-request",
        object_id=request.pk,
        details={"child": str(request.referral.child_id), "referral": str(request.referral_id)},
    )
    return request


def challenge_check(*, actor: Person, challenge_id: uuid.UUID) -> Challenge:
    challenge = (
        Challenge.objects.select_related("referral", "referral__route", "referral__child")
        .filter(pk=challenge_id)
        .first()
    )
    if challenge is None or not policy.can_view(actor, challenge.referral):
        raise Http404
    return challenge


def challenges_to_answer(*, actor: Person) -> QuerySet[Challenge]:
    """Unanswered challenges at the front doors where the person is a manager."""
    mine = access.organisations_where(actor, access.Role.MANAGER)
    return (
        Challenge.objects.filter(referral__route__receiver_id__in=mine, answered_at__isnull=True)
        .select_related("referral", "referral__child", "raised_by")
        .order_by("raised_at")
    )
