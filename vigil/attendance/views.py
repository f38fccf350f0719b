"""The attendance pages: the DSL's overview, importing a file, the import's progress, and the
pupils held for matching. Thin: each parses, calls one service or selector, renders.

An uploaded file is checked while the page waits: a bad file comes back at once with every bad
line (422), and nothing is kept. A good one is imported in the background (`vigil worker`),
and the import's page shows its progress: a `<progress>` bar that a small script keeps up to
date from the status address, and a "Refresh" link that does the same without JavaScript.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.accounts.policy import person_of
from vigil.attendance import codes, policy, selectors, services
from vigil.attendance.forms import ImportForm

GUIDE = {"codes": codes.by_group(), "categories": codes.CATEGORY_LABELS}


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not policy.follows_attendance(actor):
        raise Http404
    schools = selectors.attendance_overview(actor=actor)
    return render(request, "attendance/overview.html", {"schools": schools})


def _import_page(
    request: HttpRequest, school: object, form: ImportForm, status: int = 200, **extra: object
) -> HttpResponse:
    context = {"school": school, "form": form, **GUIDE, **extra}
    return render(request, "attendance/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    school = selectors.school_check(actor=actor, organisation_id=organisation_id)
    if request.method == "GET":
        return _import_page(request, school, ImportForm())
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, school, form, status=422)
    try:
        record = services.import_prepare(
            actor=actor, school=school, upload=form.cleaned_data["file"]
        )
    except services.ImportRejectedError as rejected:
        form.add_error("file", rejected.summary)
        return _import_page(request, school, form, status=422, rejected=rejected)
    except PermissionDenied:
        raise Http404 from None
    return redirect(reverse("attendance:import", kwargs={"import_id": record.pk}))


@login_required
@require_GET
def import_page(request: HttpRequest, import_id: uuid.UUID) -> HttpResponse:
    record = selectors.import_check(actor=person_of(request), import_id=import_id)
    context = {"record": record, "status": selectors.import_status(record)}
    return render(request, "attendance/import_progress.html", context)


@login_required
@require_GET
def import_status(request: HttpRequest, import_id: uuid.UUID) -> JsonResponse:
    record = selectors.import_check(actor=person_of(request), import_id=import_id)
    return JsonResponse(selectors.import_status(record).as_dict())


@login_required
@require_GET
def unmatched(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    school = selectors.school_check(actor=actor, organisation_id=organisation_id)
    held = selectors.held_pupils(actor=actor, school=school)
    page = Paginator(held, 50).get_page(request.GET.get("page"))
    return render(request, "attendance/unmatched.html", {"school": school, "page": page})


@login_required
@require_POST
def match_again(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    school = selectors.school_check(actor=actor, organisation_id=organisation_id)
    matched = services.marks_match(actor=actor, school=school)
    messages.success(
        request,
        f"Matched again: {matched.linked:,} held marks are now linked to a child's file"
        f"{f', {matched.unlinked:,} held again' if matched.unlinked else ''}, and "
        f"{matched.flags_raised:,} new absence flags were raised.",
    )
    return redirect(reverse("attendance:unmatched", kwargs={"organisation_id": school.pk}))
