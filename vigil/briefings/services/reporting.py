"""Following up a briefing at an organisation: reminding those who have not read its current
version (in the app and by e-mail, with a link only), and exporting the read report for
inspection, which goes on the access log.

Reminders are once a day at most: the notification's key names the version and the day, so
pressing the button again that day tells nobody twice.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.audit.services import access_event_record, audit_event_record
from vigil.briefings.models import ReadReceipt
from vigil.briefings.reports import Report, read_report
from vigil.notifications.services import notification_send

REMINDER_TITLE = "A briefing is waiting for you to read it"


def briefing_reminders_send(
    *, actor: Person, organisation_id: uuid.UUID, briefing_id: uuid.UUID
) -> int:
    """Remind the organisation's people in the audience who have not read the current version.
    Returns how many were reminded now (those reminded earlier today are not counted)."""
    report = read_report(actor=actor, organisation_id=organisation_id, briefing_id=briefing_id)
    briefing, version = report.briefing, report.version
    if briefing.withdrawn_at is not None:
        raise ValidationError("This briefing has been withdrawn: nobody needs reminding")
    readers = ReadReceipt.objects.filter(briefing_version=version).values("person_id")
    waiting = list(report.people.exclude(pk__in=readers).values_list("pk", flat=True))
    today = timezone.localdate().isoformat()
    with transaction.atomic():
        sent = notification_send(
            recipients=waiting,
            kind="briefing-reminder",
            title=REMINDER_TITLE,
            link=reverse("briefings:read", kwargs={"briefing_id": briefing.pk}),
            key=f"briefing-reminder:{version.pk}:{today}",
        )
        audit_event_record(
            actor=actor,
            verb="briefing.remind",
            object_type="briefing",
            object_id=briefing.pk,
            details={
                "organisation": str(report.organisation.pk),
                "number": version.number,
                "reminded": sent,
            },
        )
    return sent


def read_report_export(
    *,
    actor: Person,
    organisation_id: uuid.UUID,
    briefing_id: uuid.UUID,
    number: int | None = None,
) -> Report:
    """The report to export, its export recorded on the access log (who, which briefing,
    which organisation, which version)."""
    report = read_report(
        actor=actor, organisation_id=organisation_id, briefing_id=briefing_id, number=number
    )
    access_event_record(
        actor=actor,
        verb="briefing-report.export",
        object_type="briefing",
        object_id=report.briefing.pk,
        details={"organisation": str(report.organisation.pk), "number": report.version.number},
    )
    return report
