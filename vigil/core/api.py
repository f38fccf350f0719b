"""API: the partnership's contacts, and the deadlines a person holds or watches."""

import uuid
from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.core import clock_kinds
from vigil.core.models import Clock
from vigil.core.selectors import clock_state, clocks_visible_to, partnership_get

router = Router(tags=["partnership and deadlines"])


class PartnershipOut(Schema):
    name: str
    front_door_name: str
    front_door_phone: str
    out_of_hours_phone: str
    referral_url: str
    emergency_instruction: str


@router.get("/partnership", response=answers({200: PartnershipOut}))
def partnership(request: HttpRequest) -> object:
    found = partnership_get()
    if found is None:
        raise Http404
    return found


class DeadlineOut(Schema):
    id: uuid.UUID
    kind: str
    label: str
    state: str
    organisation_id: uuid.UUID
    link: str
    started_at: datetime
    warn_at: datetime
    due_at: datetime

    @staticmethod
    def resolve_label(clock: Clock) -> str:
        return clock_kinds.label(clock.kind)

    @staticmethod
    def resolve_state(clock: Clock) -> str:
        return clock_state(clock)


@router.get("/deadlines", response=answers({200: list[DeadlineOut]}))
@paginate(Paged)
def deadlines(request: HttpRequest) -> object:
    return clocks_visible_to(actor=api_person(request))
