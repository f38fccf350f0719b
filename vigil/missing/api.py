"""API: missing episodes with the pages' access rules, logs and messages: recording an
episode, the return and the return home interview; a child's episodes; the repeated-episode
flags; the overdue return home interviews.

An episode the person may not see, or may not act on, answers 404 like one that does not
exist. A change carries the version that was read: a change made since then is a 409.
"""

import uuid

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.children import selectors as children
from vigil.missing import policy, selectors, services
from vigil.missing.schemas import (
    EpisodeDetailOut,
    EpisodeIn,
    EpisodeOut,
    EpisodeSummaryOut,
    FlagOut,
    InterviewDueOut,
    InterviewIn,
    InterviewOut,
    ReturnIn,
)

router = Router(tags=["missing episodes"])


@router.post("/missing-episodes", response=answers({201: EpisodeOut}))
def episode_new(request: HttpRequest, payload: EpisodeIn) -> tuple[int, object]:
    """Record a child reported missing (anyone who may record a concern about the child).
    If the child could be at immediate risk, call 999 first."""
    actor = api_person(request)
    child = children.child_to_pick(actor=actor, child_id=payload.child_id)
    fields = payload.dict(exclude={"child_id"})
    return 201, services.episode_record(actor=actor, child=child, **fields)


@router.get("/missing-episodes/{episode_id}", response=answers({200: EpisodeDetailOut}))
def episode(request: HttpRequest, episode_id: uuid.UUID) -> object:
    """One episode with its return home interview (its opening is logged)."""
    found = selectors.episode_open(actor=api_person(request), episode_id=episode_id)
    detail = EpisodeOut.from_orm(found.episode).dict()
    detail["interviews"] = found.interviews
    detail["interview_due_at"] = found.clock.due_at if found.clock else None
    return detail


@router.post("/missing-episodes/{episode_id}/return", response=answers({200: EpisodeOut}))
def episode_return(request: HttpRequest, episode_id: uuid.UUID, payload: ReturnIn) -> object:
    """Record the child's return; the return home interview's 72 hours start at it."""
    actor = api_person(request)
    found = selectors.episode_check(actor=actor, episode_id=episode_id)
    if not policy.can_record_return(actor, found) and not found.returned:
        raise Http404
    return services.episode_return(actor=actor, episode=found, **payload.dict())


@router.post("/missing-episodes/{episode_id}/interviews", response=answers({201: InterviewOut}))
def interview(
    request: HttpRequest, episode_id: uuid.UUID, payload: InterviewIn
) -> tuple[int, object]:
    """Record the return home interview offered, declined or held (the child's organisation's
    case leads). Declined or held stops its clock."""
    actor = api_person(request)
    found = selectors.episode_check(actor=actor, episode_id=episode_id)
    if not policy.leads_on(actor, found):
        raise Http404
    return 201, services.interview_record(actor=actor, episode=found, **payload.dict())


@router.get(
    "/children/{child_id}/missing-episodes", response=answers({200: list[EpisodeSummaryOut]})
)
@paginate(Paged)
def child_episodes(request: HttpRequest, child_id: uuid.UUID) -> object:
    """A child's episodes, the latest first, for the file's readers (the reading is logged)."""
    return selectors.episodes_of_child(actor=api_person(request), child_id=child_id)


@router.get("/missing-flags", response=answers({200: list[FlagOut]}))
@paginate(Paged)
def flags(request: HttpRequest) -> object:
    """Repeated-episode flags of the organisations where you lead on cases, and those raised
    to a MASH where you receive referrals; the latest first."""
    return selectors.flags_visible_to(actor=api_person(request))


@router.get("/return-interviews/overdue", response=answers({200: list[InterviewDueOut]}))
@paginate(Paged)
def overdue(request: HttpRequest) -> object:
    """Return home interviews past their 72 hours, not held or declined, at the organisations
    where you lead on cases; the longest overdue first."""
    return selectors.interviews_due(actor=api_person(request), overdue_only=True)
