"""API: the front door's response to a referral (PROCESS.md step 6), the partner agencies'
answers to its enquiry, and the front door managers' answers to professional challenges.

The same rules as the front door's pages: a referral's moves are for the front door it was
sent to, and anyone else gets 404 as for a referral that does not exist. A move the
referral's state does not allow is a 409 `move-not-allowed`; a change made since the version
that was read is a 409 conflict.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from vigil.accounts import policy as access
from vigil.accounts.models import Person, Role
from vigil.accounts.selectors import organisations_directory
from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.core.versioning import EditConflictError
from vigil.referrals import policy, selectors, services, workflow
from vigil.referrals.api import referral_for
from vigil.referrals.models import Referral
from vigil.referrals.schemas import (
    AcknowledgeIn,
    AnswerIn,
    AssignIn,
    ChallengeOut,
    CloseIn,
    ConcludeIn,
    DecideIn,
    FeedbackIn,
    PartnerRequestIn,
    PartnerRequestOut,
    QueueItemOut,
    QueueQuery,
    ReferralOut,
)

router = Router(tags=["front door"])
ENDED = "A referral that is closed or withdrawn is not held by anyone."
ANSWERED = "This has already been answered: nothing more can be done to it."


def _received(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Person, Referral]:
    """The referral, for the front door it was sent to; 404 for anyone else."""
    actor, referral = referral_for(request, referral_id)
    if not policy.is_receiver(actor, referral):
        raise Http404
    return actor, referral


@router.get("/mash/queue", response=answers({200: list[QueueItemOut]}))
@paginate(Paged)
def queue(request: HttpRequest, filters: Query[QueueQuery]) -> object:
    """The referrals waiting at the front doors where you work, the nearest limit first
    (none last)."""
    chosen = {name: value or "" for name, value in filters.dict().items()}
    return selectors.mash_queue(actor=api_person(request), **chosen)


@router.post("/referrals/{referral_id}/acknowledge", response=answers({200: ReferralOut}))
def acknowledge(request: HttpRequest, referral_id: uuid.UUID, payload: AcknowledgeIn) -> object:
    """Acknowledge to the referrer; on a rated route, rate red, amber or green with the
    reason. The rating's clock runs from receipt."""
    actor, referral = _received(request, referral_id)
    return services.referral_acknowledge(
        actor=actor,
        referral=referral,
        version=payload.version,
        rating=payload.rating or "",
        reason=payload.reason,
    )


@router.post("/referrals/{referral_id}/decide", response=answers({200: ReferralOut}))
def decide(request: HttpRequest, referral_id: uuid.UUID, payload: DecideIn) -> object:
    """The first decision, with the reason: a MASH enquiry, or the response straight away."""
    actor, referral = _received(request, referral_id)
    return services.referral_decide(actor=actor, referral=referral, **payload.dict())


@router.post("/referrals/{referral_id}/conclude", response=answers({200: ReferralOut}))
def conclude(request: HttpRequest, referral_id: uuid.UUID, payload: ConcludeIn) -> object:
    """The MASH enquiry's outcome, with the reason."""
    actor, referral = _received(request, referral_id)
    return services.referral_conclude(actor=actor, referral=referral, **payload.dict())


@router.post("/referrals/{referral_id}/feedback", response=answers({200: ReferralOut}))
def feedback(request: HttpRequest, referral_id: uuid.UUID, payload: FeedbackIn) -> object:
    """Feedback to the referrer: what was decided and what happens next."""
    actor, referral = _received(request, referral_id)
    return services.referral_feedback(actor=actor, referral=referral, **payload.dict())


@router.post("/referrals/{referral_id}/close", response=answers({200: ReferralOut}))
def close(request: HttpRequest, referral_id: uuid.UUID, payload: CloseIn) -> object:
    """Close the referral once the referrer has had feedback."""
    actor, referral = _received(request, referral_id)
    return services.referral_close(actor=actor, referral=referral, **payload.dict())


@router.post("/referrals/{referral_id}/assign", response=answers({200: ReferralOut}))
def assign(request: HttpRequest, referral_id: uuid.UUID, payload: AssignIn) -> object:
    """Give the referral to a practitioner or manager of the front door (yourself too), or
    take it back (null)."""
    actor, referral = _received(request, referral_id)
    assignee = None
    if payload.assignee is not None:
        assignee = selectors.front_door_people(referral).filter(pk=payload.assignee).first()
        if assignee is None:
            raise ValidationError({"assignee": "Select someone who works at the front door"})
    try:
        return services.referral_assign(
            actor=actor, referral=referral, version=payload.version, assignee=assignee
        )
    except PermissionDenied:
        # The front door may hold it, but not any more.
        raise workflow.MoveNotAllowedError(ENDED) from None


@router.post("/referrals/{referral_id}/requests", response=answers({201: PartnerRequestOut}))
def request_new(
    request: HttpRequest, referral_id: uuid.UUID, payload: PartnerRequestIn
) -> tuple[int, object]:
    """Ask a partner agency what it knows, during the MASH enquiry; due by the time given,
    or when the rating's clock falls due."""
    actor, referral = _received(request, referral_id)
    partner = organisations_directory().filter(pk=payload.partner).first()
    if partner is None:
        raise ValidationError({"partner": "Select a partner agency"})
    asked = services.partner_request_send(
        actor=actor,
        referral=referral,
        partner=partner,
        question=payload.question,
        due_at=payload.due_at,
    )
    return 201, asked


@router.get("/partner-requests", response=answers({200: list[PartnerRequestOut]}))
@paginate(Paged)
def partner_requests(request: HttpRequest) -> object:
    """The front doors' requests to your agencies, the unanswered first."""
    found = selectors.requests_to_answer(actor=api_person(request))
    # Each item names its front door and who answered: fetched with the page, not one by one.
    return found.select_related("referral__route__receiver", "answered_by")


@router.get("/partner-requests/{request_id}", response=answers({200: PartnerRequestOut}))
def partner_request(request: HttpRequest, request_id: uuid.UUID) -> object:
    """A request: for the agency asked, and the front door that asked."""
    return selectors.request_open(actor=api_person(request), request_id=request_id)


@router.post("/partner-requests/{request_id}/answer", response=answers({200: PartnerRequestOut}))
def partner_request_answer(
    request: HttpRequest, request_id: uuid.UUID, payload: AnswerIn
) -> object:
    """Your agency's answer: what its records say about the child and those around them."""
    actor = api_person(request)
    asked = selectors.request_check(actor=actor, request_id=request_id)
    if not policy.can_answer_request(actor, asked):
        raise Http404
    if asked.answered:
        raise EditConflictError()
    return services.partner_request_answer(actor=actor, request=asked, **payload.dict())


@router.post("/partner-requests/{request_id}/chase", response=answers({200: PartnerRequestOut}))
def partner_request_chase(request: HttpRequest, request_id: uuid.UUID) -> object:
    """Remind the partner agency of a request it has not answered (the front door)."""
    actor = api_person(request)
    asked = selectors.request_check(actor=actor, request_id=request_id)
    if not policy.is_receiver(actor, asked.referral):
        raise Http404
    if asked.answered:
        raise workflow.MoveNotAllowedError(ANSWERED)
    return services.partner_request_chase(actor=actor, request=asked)


@router.post("/challenges/{challenge_id}/answer", response=answers({200: ChallengeOut}))
def challenge_answer(request: HttpRequest, challenge_id: uuid.UUID, payload: AnswerIn) -> object:
    """A front door manager's answer to a professional challenge; the referrer sees it."""
    actor = api_person(request)
    challenge = selectors.challenge_check(actor=actor, challenge_id=challenge_id)
    try:
        return services.challenge_answer(actor=actor, challenge=challenge, **payload.dict())
    except PermissionDenied:
        # As on the page: a manager of the front door who was beaten to it is told so.
        receiver = challenge.referral.route.receiver_id
        if challenge.answered and Role.MANAGER in access.roles_at(actor, receiver):
            raise EditConflictError() from None
        raise
