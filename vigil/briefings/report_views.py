"""The read reports, for an organisation's DSLs, deputies and managers: each briefing meant for
their organisations with how many have read it; one briefing's report by version, with who has
and has not read it; reminding those who have not; the export for inspection (CSV, on the
access log). Thin: each parses, calls one selector or service, renders.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from vigil.accounts.policy import person_of
from vigil.briefings import services
from vigil.briefings.export import report_csv
from vigil.briefings.forms import ReportVersionForm
from vigil.briefings.policy import report_organisations
from vigil.briefings.reports import read_report, report_rows, report_summaries

PAGE_SIZE = 50


@login_required
@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not report_organisations(actor):
        raise Http404
    summaries = report_summaries(actor=actor)
    organisations = sorted({s.organisation for s in summaries}, key=lambda o: o.name)
    grouped = [(o, [s for s in summaries if s.organisation == o]) for o in organisations]
    return render(request, "briefings/reports.html", {"grouped": grouped})


def _version_number(request: HttpRequest) -> int | None:
    text = request.GET.get("version", "")
    return int(text) if text.isdigit() and len(text) < 6 else None


@login_required
@require_GET
def report(
    request: HttpRequest, organisation_id: uuid.UUID, briefing_id: uuid.UUID
) -> HttpResponse:
    found = read_report(
        actor=person_of(request),
        organisation_id=organisation_id,
        briefing_id=briefing_id,
        number=_version_number(request),
    )
    page = Paginator(found.people, PAGE_SIZE).get_page(request.GET.get("page"))
    numbers = [v.number for v in found.versions]
    form = ReportVersionForm({"version": found.version.number}, numbers=numbers)
    context = {
        "report": found,
        "page": page,
        "rows": report_rows(found, page.object_list),
        "form": form,
        "total": page.paginator.count,
    }
    return render(request, "briefings/report.html", context)


def _report_url(organisation_id: uuid.UUID, briefing_id: uuid.UUID) -> str:
    return reverse(
        "briefings:report",
        kwargs={"organisation_id": organisation_id, "briefing_id": briefing_id},
    )


@login_required
@require_POST
def remind(
    request: HttpRequest, organisation_id: uuid.UUID, briefing_id: uuid.UUID
) -> HttpResponse:
    """Remind, in the app and by e-mail, those who have not read the current version."""
    try:
        sent = services.briefing_reminders_send(
            actor=person_of(request), organisation_id=organisation_id, briefing_id=briefing_id
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_report_url(organisation_id, briefing_id))
    if sent:
        messages.success(
            request,
            f"{sent} {'person has' if sent == 1 else 'people have'} been reminded, in Vigil and by e-mail.",
        )
    else:
        messages.info(
            request, "Nobody needed a reminder: everyone has read it, or was reminded today."
        )
    return redirect(_report_url(organisation_id, briefing_id))


@login_required
@require_GET
def export(
    request: HttpRequest, organisation_id: uuid.UUID, briefing_id: uuid.UUID
) -> StreamingHttpResponse:
    found = services.read_report_export(
        actor=person_of(request),
        organisation_id=organisation_id,
        briefing_id=briefing_id,
        number=_version_number(request),
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"briefing-read-report-v{found.version.number}-{stamp}.csv"
    response = StreamingHttpResponse(report_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


REPORT = "briefings/reports/<uuid:organisation_id>/<uuid:briefing_id>/"

urlpatterns = [
    path("briefings/reports/", reports, name="reports"),
    path(REPORT, report, name="report"),
    path(f"{REPORT}remind/", remind, name="remind"),
    path(f"{REPORT}export.csv", export, name="export"),
]
