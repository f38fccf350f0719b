"""The auditor's pages: read, filter and export both logs. Exporting is itself logged."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from vigil.accounts.policy import person_of
from vigil.audit import chain
from vigil.audit.forms import EventFilterForm
from vigil.audit.models import AuditEvent
from vigil.audit.selectors import actor_names, audit_events_for
from vigil.audit.services import access_event_record

COLUMNS = (
    "seq",
    "occurred_at",
    "log",
    "actor",
    "verb",
    "object_type",
    "object_id",
    "details",
    "prev_mac",
    "mac",
)
EXPORT_LIMIT = 1_000_000


@login_required
def events(request: HttpRequest) -> HttpResponse:
    form = EventFilterForm(request.GET or None)
    found = audit_events_for(actor=person_of(request), filters=form.filters())
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    events = list(page)
    names = actor_names(events)
    rows = [(event, names.get(event.actor, "")) for event in events]
    context = {"form": form, "page": page, "rows": rows, "query": request.GET.urlencode()}
    return render(request, "audit/events.html", context)


def _row(event: AuditEvent) -> list[str]:
    return [
        str(event.seq),
        chain.timestamp(event.occurred_at),
        event.log,
        event.actor,
        event.verb,
        event.object_type,
        event.object_id,
        event.details,
        event.prev_mac,
        event.mac,
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(queryset: QuerySet[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for event in queryset.iterator(chunk_size=5000):
        yield writer.writerow(_row(event))


def _json(queryset: QuerySet[AuditEvent]) -> Iterator[str]:
    yield "["
    for index, event in enumerate(queryset.iterator(chunk_size=5000)):
        record: dict[str, object] = dict(zip(COLUMNS, _row(event), strict=True))
        record["seq"] = event.seq
        record["details"] = json.loads(event.details)
        yield ("," if index else "") + json.dumps(record)
    yield "]"


@login_required
def export(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Stream the filtered events, oldest first, with the chain's values, so that anyone with
    the key can verify the export independently. The export goes on the access log."""
    form = EventFilterForm(request.GET or None)
    found = audit_events_for(actor=person_of(request), filters=form.filters()).order_by("seq")
    access_event_record(
        actor=person_of(request),
        verb="audit.export",
        object_type="audit-log",
        object_id=fmt,
        details={"query": sorted(k for k, v in request.GET.items() if v)},
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    content = _csv(found[:EXPORT_LIMIT]) if fmt == "csv" else _json(found[:EXPORT_LIMIT])
    mime = "text/csv" if fmt == "csv" else "application/json"
    response = StreamingHttpResponse(content, content_type=f"{mime}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vigil-audit-{stamp}.{fmt}"'
    return response
