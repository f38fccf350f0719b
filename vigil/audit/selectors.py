"""Reads of the audit and access logs, for auditors only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from vigil.accounts import policy
from vigil.accounts.models import Person
from vigil.audit.models import AuditEvent


@dataclass(frozen=True)
class EventFilter:
    log: str = ""
    verb: str = ""
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    since: date | None = None
    until: date | None = None


def _london_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0, 0)))


def audit_events_for(*, actor: Person, filters: EventFilter) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first; 404 for anyone but an auditor."""
    if not policy.can_read_audit(actor):
        raise Http404
    events = AuditEvent.objects.all()
    exact = {
        "log": filters.log,
        "actor": filters.actor,
        "object_type": filters.object_type,
        "object_id": filters.object_id,
    }
    events = events.filter(**{k: v for k, v in exact.items() if v})
    if filters.verb:
        events = events.filter(verb__startswith=filters.verb)
    if filters.since:
        events = events.filter(occurred_at__gte=_london_midnight(filters.since))
    if filters.until:
        events = events.filter(occurred_at__lt=_london_midnight(filters.until + timedelta(days=1)))
    return events.order_by("-seq")


def actor_names(events: list[AuditEvent]) -> dict[str, str]:
    """People's names for the events on a page (the log itself holds only their ids)."""
    ids = {e.actor for e in events if len(e.actor) == 36}
    people = Person.objects.filter(pk__in=ids).values_list("pk", "full_name")
    return {str(pk): name for pk, name in people}
