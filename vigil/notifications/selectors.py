"""Reads of a person's own notifications."""

from __future__ import annotations

from django.db.models import QuerySet

from vigil.accounts.models import Person
from vigil.notifications.models import Notification


def notifications_for(*, actor: Person, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(recipient=actor).order_by("-created_at")
    return notifications.filter(read_at__isnull=True) if unread_only else notifications


def unread_count(actor: Person) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
