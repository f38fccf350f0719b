"""Telling people that something needs them: in the app, and by e-mail with only a link.

`notification_send` is how any capability notifies. Each (person, event key) is notified once,
however often the cause is evaluated: the key names the event (e.g. `clock:<id>:warn`) and a
unique constraint holds it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.notifications import store, tasks
from vigil.notifications.models import Notification


class NotificationError(ValueError):
    pass


def _ids(recipients: Iterable[Person | uuid.UUID]) -> list[uuid.UUID]:
    ids = {r.pk if isinstance(r, Person) else r for r in recipients}
    return sorted(ids, key=str)


def notification_send(
    *, recipients: Iterable[Person | uuid.UUID], kind: str, title: str, link: str, key: str
) -> int:
    """Notify each recipient once about the event `key`; e-mail them a link (the worker sends).

    The title must name only the kind of thing (e.g. "A concern is waiting for your
    decision"), never a child or any case detail: it goes into e-mail.
    """
    if not link.startswith("/"):
        raise NotificationError("link must be a path within Vigil")
    ids = _ids(recipients)
    if not ids:
        return 0
    with transaction.atomic():
        already = set(
            Notification.objects.filter(key=key, recipient_id__in=ids).values_list(
                "recipient_id", flat=True
            )
        )
        fresh = [
            Notification(recipient_id=pk, kind=kind, title=title, link=link, key=key)
            for pk in ids
            if pk not in already
        ]
        Notification.objects.bulk_create(fresh, ignore_conflicts=True)
        if fresh:
            tasks.send_notification_emails.enqueue(key)
    return len(fresh)


def notifications_send_many(*, items: list[tuple[list[uuid.UUID], str, str, str, str]]) -> int:
    """Many events at once (the clock tick): (recipient ids, kind, title, link, key) each.

    Plain inserts and one e-mail task for the whole batch, so that a tick over thousands of
    clocks stays fast. Returns how many were new.
    """
    rows = [
        (pk, kind, title, link, key) for ids, kind, title, link, key in items for pk in set(ids)
    ]
    if not rows:
        return 0
    with transaction.atomic():
        inserted = store.notifications_insert(rows, timezone.now())
        if inserted:
            tasks.send_notification_emails_batch.enqueue(sorted({key for *_, key in items}))
    return inserted


def notification_mark_read(*, actor: Person, notification_id: uuid.UUID) -> bool:
    """Mark one of the person's own notifications as read. False when it is not theirs."""
    updated = Notification.objects.filter(
        pk=notification_id, recipient=actor, read_at__isnull=True
    ).update(read_at=timezone.now())
    return (
        bool(updated) or Notification.objects.filter(pk=notification_id, recipient=actor).exists()
    )


def notifications_mark_all_read(*, actor: Person) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_email_retry(*, older_than_minutes: int = 5) -> int:
    """Enqueue e-mail again for notifications whose e-mail has not gone (the worker was down,
    or the mail server refused): run by the tick, so every notification is e-mailed in the end."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    keys = sorted(
        set(
            Notification.objects.filter(emailed_at__isnull=True, created_at__lt=cutoff).values_list(
                "key", flat=True
            )[:5000]
        )
    )
    if keys:
        tasks.send_notification_emails_batch.enqueue(keys)
    return len(keys)
