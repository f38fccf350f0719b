"""API: the audit and access logs, for auditors."""

import json
from datetime import date, datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.audit.models import AuditEvent
from vigil.audit.selectors import EventFilter, audit_events_for

router = Router(tags=["audit"])


class EventOut(Schema):
    seq: int
    occurred_at: datetime
    log: str
    actor: str
    verb: str
    object_type: str
    object_id: str
    details: dict[str, object]
    prev_mac: str
    mac: str

    @staticmethod
    def resolve_details(event: AuditEvent) -> dict[str, object]:
        return json.loads(event.details)


class EventQuery(Schema):
    log: str = Field("", pattern=r"^(|audit|access)$")
    verb: str = Field("", max_length=64)
    actor: str = Field("", max_length=64)
    object_type: str = Field("", max_length=32)
    object_id: str = Field("", max_length=64)
    since: date | None = None
    until: date | None = None


@router.get("/audit/events", response=answers({200: list[EventOut]}))
@paginate(Paged)
def events(request: HttpRequest, filters: Query[EventQuery]) -> object:
    return audit_events_for(actor=api_person(request), filters=EventFilter(**filters.dict()))
