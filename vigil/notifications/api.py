"""API: one's own notifications."""

import uuid
from datetime import datetime

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.notifications.selectors import notifications_for
from vigil.notifications.services import notification_mark_read, notifications_mark_all_read

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: uuid.UUID
    kind: str
    title: str
    link: str
    created_at: datetime
    read_at: datetime | None


class Marked(Schema):
    marked: int


@router.get("/notifications", response=answers({200: list[NotificationOut]}))
@paginate(Paged)
def notifications(request: HttpRequest, unread: bool = False) -> object:
    return notifications_for(actor=api_person(request), unread_only=unread)


@router.post(
    "/notifications/{notification_id}/read",
    response=answers({200: NotificationOut}),
)
def mark_read(request: HttpRequest, notification_id: uuid.UUID) -> object:
    if not notification_mark_read(actor=api_person(request), notification_id=notification_id):
        raise Http404
    return notifications_for(actor=api_person(request)).get(pk=notification_id)


@router.post("/notifications/read-all", response=answers({200: Marked}))
def mark_all_read(request: HttpRequest) -> dict:
    return {"marked": notifications_mark_all_read(actor=api_person(request))}
