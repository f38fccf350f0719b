"""API: screening a child, with the access rules of the child's file (issue 5).

A screening is part of the child's whole file: those who may not see it, and those who may not
do what they ask, get the same 404 as for a screening that does not exist. Every change carries
the version that was read; a change made since then is a 409 conflict.
"""

import uuid

from django.http import Http404, HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.children import selectors as children
from vigil.screening import selectors
from vigil.screening.schemas import (
    ComputeIn,
    JudgementIn,
    ObservationIn,
    ObservedOut,
    ScreeningOut,
    ScreeningSummaryOut,
    SignOffIn,
    SuggestionOut,
    VersionQuery,
)
from vigil.screening.services import (
    observation_add,
    observation_remove,
    screening_compute,
    screening_judge,
    screening_sign_off,
    screening_start,
)

router = Router(tags=["screenings"])


@router.get("/children/{child_id}/screenings", response=answers({200: list[ScreeningSummaryOut]}))
@paginate(Paged)
def screenings(request: HttpRequest, child_id: uuid.UUID) -> object:
    """The child's screenings, newest first (the reading is logged)."""
    return selectors.screenings_open(actor=api_person(request), child_id=child_id)


@router.post("/children/{child_id}/screenings", response=answers({201: ScreeningOut}))
def start(request: HttpRequest, child_id: uuid.UUID) -> tuple[int, object]:
    """Start a screening of the child, today, with the partnership's instrument (the child's
    organisation's DSLs)."""
    actor = api_person(request)
    file = children.child_file_check(actor=actor, child_id=child_id)
    return 201, screening_start(actor=actor, child=file.child)


@router.get("/screenings/{screening_id}", response=answers({200: ScreeningOut}))
def screening(request: HttpRequest, screening_id: uuid.UUID) -> object:
    """One screening with its observations, stored case and result, judgement and sign-off
    (its opening is logged)."""
    return selectors.screening_open(actor=api_person(request), screening_id=screening_id)


@router.get("/screenings/{screening_id}/suggestions", response=answers({200: list[SuggestionOut]}))
def suggestions(request: HttpRequest, screening_id: uuid.UUID) -> object:
    """Indicators recorded on the child's concerns, with their dates, not yet observed."""
    found = selectors.screening_check(actor=api_person(request), screening_id=screening_id)
    return selectors.suggestions_for(found)


@router.post("/screenings/{screening_id}/observations", response=answers({201: ObservedOut}))
def observe(
    request: HttpRequest, screening_id: uuid.UUID, payload: ObservationIn
) -> tuple[int, object]:
    """Add an indicator seen on a date, citing an entry of the child's chronology or a new
    note of what was seen (a draft only)."""
    actor = api_person(request)
    found = selectors.screening_check(actor=actor, screening_id=screening_id)
    return 201, observation_add(actor=actor, screening=found, **payload.dict())


@router.delete(
    "/screenings/{screening_id}/observations/{observation_id}",
    response=answers({200: ScreeningOut}),
)
def unobserve(
    request: HttpRequest,
    screening_id: uuid.UUID,
    observation_id: uuid.UUID,
    query: Query[VersionQuery],
) -> object:
    """Take an observation out of a draft; the entry it cited stays on the chronology. The
    version goes in the query: a DELETE has no body."""
    actor = api_person(request)
    found = selectors.screening_check(actor=actor, screening_id=screening_id)
    if not found.observations.filter(pk=observation_id).exists():
        raise Http404
    observation_remove(
        actor=actor, screening=found, version=query.version, observation_id=observation_id
    )
    return found


@router.post("/screenings/{screening_id}/compute", response=answers({200: ScreeningOut}))
def compute(request: HttpRequest, screening_id: uuid.UUID, payload: ComputeIn) -> object:
    """Compute the level from the observations and the child's record, keeping the exact
    input and result (the same evaluation as `vigil screen`)."""
    actor = api_person(request)
    found = selectors.screening_check(actor=actor, screening_id=screening_id)
    return screening_compute(actor=actor, screening=found, **payload.dict())


@router.post("/screenings/{screening_id}/judgement", response=answers({200: ScreeningOut}))
def judge(request: HttpRequest, screening_id: uuid.UUID, payload: JudgementIn) -> object:
    """Record your own level: final, or awaiting sign-off when below the computed level."""
    actor = api_person(request)
    found = selectors.screening_check(actor=actor, screening_id=screening_id)
    return screening_judge(actor=actor, screening=found, **payload.dict())


@router.post("/screenings/{screening_id}/sign-off", response=answers({200: ScreeningOut}))
def sign_off(request: HttpRequest, screening_id: uuid.UUID, payload: SignOffIn) -> object:
    """Agree a judgement below the computed level (a manager or another DSL, never the
    assessor), or return it to the assessor with a note."""
    actor = api_person(request)
    found = selectors.screening_check(actor=actor, screening_id=screening_id)
    return screening_sign_off(actor=actor, screening=found, **payload.dict())
