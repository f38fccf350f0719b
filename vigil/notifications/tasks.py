"""Background work for notifications: the e-mails, sent by `vigil worker`."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from vigil.notifications.models import Notification


def _claim(keys: list[str]) -> list[Notification]:
    """Claim unsent notifications for these events, so that a retried or doubled task never
    e-mails anyone twice."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(key__in=keys, emailed_at__isnull=True)
            .select_related("recipient")
        )
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(
            emailed_at=timezone.now()
        )
    return pending


def _send(notification: Notification) -> None:
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return
    context = {
        "person": recipient,
        "title": notification.title,
        "url": f"{settings.VIGIL_BASE_URL}{notification.link}",
    }
    send_mail(
        subject=f"Vigil: {notification.title}",
        message=render_to_string("notifications/email.txt", context),
        from_email=None,
        recipient_list=[recipient.email],
    )


@task()
def send_notification_emails(key: str) -> int:
    return send_notification_emails_batch.call([key])


@task()
def send_notification_emails_batch(keys: list[str]) -> int:
    """E-mail each claimed notification. If sending fails, the unsent ones are released so
    that the tick's retry sweep (`notifications_email_retry`) tries them again."""
    claimed = _claim(keys)
    for index, notification in enumerate(claimed):
        try:
            _send(notification)
        except Exception:
            unsent = [n.pk for n in claimed[index:]]
            Notification.objects.filter(pk__in=unsent).update(emailed_at=None)
            raise
    return len(claimed)
