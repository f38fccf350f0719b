"""API: recording concerns and the DSL's triage, with the pages' access rules and audit."""

import uuid

from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from vigil.accounts.models import Organisation
from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.children import selectors as children
from vigil.concerns import selectors
from vigil.concerns.schemas import (
    ChildConfirmIn,
    CloseIn,
    ConcernIn,
    ConcernOut,
    DecisionIn,
    DecisionOut,
    QueueItemOut,
    RecordedOut,
)
from vigil.concerns.services import (
    concern_child_confirm,
    concern_close,
    concern_decide,
    concern_record,
)
from vigil.core.selectors import clock_state, partnership_get

router = Router(tags=["concerns"])
DEFAULT_999 = "If a child is at immediate risk of harm, call 999."


@router.post("/concerns", response=answers({201: RecordedOut}))
def record(request: HttpRequest, payload: ConcernIn) -> tuple[int, object]:
    """Record a concern, signed and timed. The organisation's DSLs are alerted at once."""
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise Http404
    concern = concern_record(
        actor=api_person(request), organisation=organisation, data=payload.answers()
    )
    out = RecordedOut.from_orm(concern)
    if concern.immediate_risk:
        partnership = partnership_get()
        out.emergency_instruction = (
            partnership and partnership.emergency_instruction
        ) or DEFAULT_999
    return 201, out


@router.get("/concerns/queue", response=answers({200: list[QueueItemOut]}))
@paginate(Paged)
def queue(request: HttpRequest) -> object:
    """Your DSL queue: immediate risk first, then the longest waiting, with each clock."""
    # The API item carries ids only: the page's joins (child, recorder) and the concern's text
    # would be wasted here.
    concerns = (
        selectors.triage_queue(actor=api_person(request)).select_related(None).only(*QUEUE_FIELDS)
    )
    return _WithClocks(concerns)


QUEUE_FIELDS = ("id", "reference", "child_id", "immediate_risk", "status", "recorded_at")


class _WithClocks:
    """A queue page with its clocks fetched in one query, after pagination has sliced it."""

    def __init__(self, concerns: object) -> None:
        self.concerns = concerns

    def __len__(self) -> int:
        return self.concerns.count()  # type: ignore[attr-defined]

    def __getitem__(self, part: slice) -> list[dict[str, object]]:
        page = list(self.concerns[part])  # type: ignore[index]
        clocks = selectors.triage_clocks(page)
        # Plain items: the response schema (QueueItemOut) validates them once, on the way out.
        return [
            {
                "id": c.pk,
                "reference": c.reference,
                "child_id": c.child_id,
                "immediate_risk": c.immediate_risk,
                "status": c.status,
                "recorded_at": c.recorded_at,
                "due_at": clocks[c.pk].due_at if c.pk in clocks else None,
                "clock_state": clock_state(clocks[c.pk]) if c.pk in clocks else None,
            }
            for c in page
        ]


@router.get("/concerns/mine", response=answers({200: list[ConcernOut]}))
@paginate(Paged)
def mine(request: HttpRequest) -> object:
    """The concerns you recorded, newest first."""
    return selectors.concerns_recorded_by(actor=api_person(request)).select_related("recorded_by")


@router.get("/concerns/{concern_id}", response=answers({200: ConcernOut}))
def concern(request: HttpRequest, concern_id: uuid.UUID) -> object:
    return selectors.concern_open(actor=api_person(request), concern_id=concern_id)


@router.post("/concerns/{concern_id}/decisions", response=answers({201: DecisionOut}))
def decide(request: HttpRequest, concern_id: uuid.UUID, payload: DecisionIn) -> tuple[int, object]:
    """A DSL's decision, with its reason; the first stops the triage clock."""
    actor = api_person(request)
    found = selectors.concern_check(actor=actor, concern_id=concern_id)
    return 201, concern_decide(actor=actor, concern=found, **payload.dict())


@router.post("/concerns/{concern_id}/child", response=answers({200: ConcernOut}))
def confirm_child(request: HttpRequest, concern_id: uuid.UUID, payload: ChildConfirmIn) -> object:
    """Confirm the child the recorder chose, or move the concern to the right one."""
    actor = api_person(request)
    found = selectors.concern_check(actor=actor, concern_id=concern_id)
    chosen = children.child_to_pick(actor=actor, child_id=payload.child_id)
    return concern_child_confirm(
        actor=actor, concern=found, version=payload.version, child=chosen, reason=payload.reason
    )


@router.post("/concerns/{concern_id}/close", response=answers({200: ConcernOut}))
def close(request: HttpRequest, concern_id: uuid.UUID, payload: CloseIn) -> object:
    """Close with summary, action taken, outcome and rationale."""
    actor = api_person(request)
    found = selectors.concern_check(actor=actor, concern_id=concern_id)
    return concern_close(actor=actor, concern=found, **payload.dict())
