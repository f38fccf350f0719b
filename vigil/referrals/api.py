"""API: the referrer's side of a referral (PROCESS.md step 5, and the follow-up of step 7),
with the pages' access rules, logs and messages.

A referral the person may not see, or may not act on, answers 404 like one that does not
exist. Every change carries the version that was read: a change made since then is a 409
conflict, and a move the referral's state does not allow is a 409 `move-not-allowed`.
The front door's side is `front_door_api.py`.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from vigil.accounts.models import Person
from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.children import selectors as children
from vigil.concerns import selectors as concerns
from vigil.referrals import policy, selectors, services, workflow
from vigil.referrals.models import Referral, Route
from vigil.referrals.schemas import (
    ChallengeIn,
    ChallengeOut,
    DraftIn,
    ReferralOut,
    ReferralsQuery,
    ReferralSummaryOut,
    RouteOut,
    StartIn,
    VersionIn,
    WithdrawIn,
)

router = Router(tags=["referrals"])
NO_ROUTE = "There is no route in use with that code: see GET /api/v1/referral-routes"
SENT = "A sent referral is never changed: it stays as it was sent."


def referral_for(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Person, Referral]:
    """The person and the referral they may see (unlogged: a service is about to act)."""
    actor = api_person(request)
    return actor, selectors.referral_check(actor=actor, referral_id=referral_id)


def _route(code: str | None) -> Route | None:
    if code is None:
        return None
    found = next((route for route in selectors.routes_open() if route.code == code), None)
    if found is None:
        raise ValidationError({"route": NO_ROUTE})
    return found


@router.get("/referral-routes", response=answers({200: list[RouteOut]}))
def routes(request: HttpRequest) -> object:
    """The partnership's routes in use, in the order referrers see them."""
    return selectors.routes_open()


@router.get("/referrals", response=answers({200: list[ReferralSummaryOut]}))
@paginate(Paged)
def referrals(request: HttpRequest, filters: Query[ReferralsQuery]) -> object:
    """Your referrals and drafts, and the sent referrals of the organisations where you lead
    on cases; the newest first."""
    return selectors.referrals_made(actor=api_person(request), state=filters.state or "")


@router.post("/children/{child_id}/referrals", response=answers({201: ReferralOut}))
def start(request: HttpRequest, child_id: uuid.UUID, payload: StartIn) -> tuple[int, object]:
    """Start a draft referral of the child, prefilled from the child's file and your account
    (anyone who may record a concern about the child may refer)."""
    actor = api_person(request)
    child = children.child_to_pick(actor=actor, child_id=child_id)
    concern = None
    if payload.concern is not None:
        concern = concerns.concern_check(actor=actor, concern_id=payload.concern)
    route = _route(payload.route)
    try:
        draft = services.referral_start(actor=actor, child=child, route=route, concern=concern)
    except services.NoRouteError as error:
        raise ValidationError({"route": str(error)}) from None
    return 201, draft


@router.get("/referrals/{referral_id}", response=answers({200: ReferralOut}))
def referral(request: HttpRequest, referral_id: uuid.UUID) -> object:
    """One referral as you may see it (its opening is logged): the answers, where it stands,
    the front door's rating, decision, outcome and feedback, and its history."""
    return selectors.referral_open(actor=api_person(request), referral_id=referral_id)


@router.patch("/referrals/{referral_id}", response=answers({200: ReferralOut}))
def draft_change(request: HttpRequest, referral_id: uuid.UUID, payload: DraftIn) -> object:
    """Keep what is typed in your draft. Only values that could never be right are refused
    (422, naming each field); missing answers are allowed until it is sent."""
    actor, found = referral_for(request, referral_id)
    if not found.is_draft:
        raise workflow.MoveNotAllowedError(SENT)
    return services.referral_update(
        actor=actor,
        referral=found,
        version=payload.version,
        answers=payload.answers,
        route=_route(payload.route),
    )


@router.post("/referrals/{referral_id}/send", response=answers({200: ReferralOut}))
def send(request: HttpRequest, referral_id: uuid.UUID, payload: VersionIn) -> object:
    """Send your draft to the route's front door: every field is checked (422 names each
    one missing), then it is fixed for good. Receipt is this moment."""
    actor, found = referral_for(request, referral_id)
    if not found.is_draft:
        raise workflow.MoveNotAllowedError(SENT)
    return services.referral_send(actor=actor, referral=found, version=payload.version)


@router.post("/referrals/{referral_id}/withdraw", response=answers({200: ReferralOut}))
def withdraw(request: HttpRequest, referral_id: uuid.UUID, payload: WithdrawIn) -> object:
    """Withdraw the referral before the front door's first decision, with the reason (the
    referrer, and the referring organisation's case leads)."""
    actor, found = referral_for(request, referral_id)
    if not policy.is_referrer_side(actor, found):
        raise Http404
    return services.referral_withdraw(
        actor=actor, referral=found, version=payload.version, reason=payload.reason
    )


@router.post("/referrals/{referral_id}/challenge", response=answers({201: ChallengeOut}))
def challenge(
    request: HttpRequest, referral_id: uuid.UUID, payload: ChallengeIn
) -> tuple[int, object]:
    """Follow up, or escalate (professional challenge), with the reason: it goes to the
    front door's managers, who answer within two working days."""
    actor, found = referral_for(request, referral_id)
    if not policy.is_referrer_side(actor, found):
        raise Http404
    try:
        raised = services.challenge_raise(actor=actor, referral=found, reason=payload.reason)
    except PermissionDenied:
        # The referrer may challenge, but not now: the referral is closed or withdrawn.
        raise workflow.MoveNotAllowedError(
            f"A referral that is {found.state_label.lower()} cannot be challenged."
        ) from None
    return 201, raised
