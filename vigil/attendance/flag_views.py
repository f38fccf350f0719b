"""The absence flags: the DSL's list, a flag, and what can be done with it (dismiss it with a
reason, make it a concern in one step, or refer the child to the education welfare service,
which the referral pages do). Thin: each parses, calls one service or selector, renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from vigil.accounts.models import OrganisationKind
from vigil.accounts.policy import person_of
from vigil.attendance import policy, selectors, services
from vigil.attendance.forms import DismissForm, FlagFilterForm, VersionForm
from vigil.attendance.models import AbsenceFlag, FlagState
from vigil.attendance.patterns import describe
from vigil.core.versioning import EditConflictError
from vigil.referrals.selectors import routes_open
from vigil.web.errors import service_submit


@login_required
@require_GET
def flag_list(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not policy.follows_attendance(actor):
        raise Http404
    filters = FlagFilterForm(request.GET)
    kind, state = filters.chosen()
    flags = selectors.flags_for(actor=actor, kind=kind, state=state)
    page = Paginator(flags, 25).get_page(request.GET.get("page"))
    rows = [(flag, describe(flag.kind, flag.detail)) for flag in page]
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "filtered": bool(kind) or state != FlagState.OPEN,
    }
    return render(request, "attendance/flags.html", context)


def _welfare_route() -> Any:
    """The partnership's route to the education welfare service, if it has one in use."""
    return next(
        (r for r in routes_open() if r.receiver.kind == OrganisationKind.EDUCATION_WELFARE), None
    )


def _flag_page(
    request: HttpRequest, flag: AbsenceFlag, dismiss: DismissForm | None = None, status: int = 200
) -> HttpResponse:
    version = {"version": flag.version}
    context = {
        "flag": flag,
        "description": describe(flag.kind, flag.detail),
        "dismiss": dismiss or DismissForm(initial=version),
        "concern": VersionForm(initial=version),
        "welfare_route": _welfare_route(),
        "is_open": flag.state == FlagState.OPEN,
    }
    return render(request, "attendance/flag.html", context, status=status)


@login_required
@require_GET
def flag_page(request: HttpRequest, flag_id: uuid.UUID) -> HttpResponse:
    flag = selectors.flag_open(actor=person_of(request), flag_id=flag_id)
    return _flag_page(request, flag)


@login_required
@require_POST
def flag_dismiss(request: HttpRequest, flag_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    flag = selectors.flag_check(actor=actor, flag_id=flag_id)
    form = DismissForm(request.POST)
    done = service_submit(
        request,
        form,
        lambda: services.flag_dismiss(actor=actor, flag=flag, **form.cleaned_data),
        success="The flag has been dismissed. The reason is on the child's chronology.",
        then=reverse("attendance:flags"),
    )
    if done:
        return done
    flag.refresh_from_db()
    return _flag_page(request, flag, dismiss=form, status=422)


@login_required
@require_POST
def flag_concern(request: HttpRequest, flag_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    flag = selectors.flag_check(actor=actor, flag_id=flag_id)
    form = VersionForm(request.POST)
    if not form.is_valid():
        return _flag_page(request, flag, status=422)
    try:
        draft = services.flag_to_concern(
            actor=actor, flag=flag, version=form.cleaned_data["version"]
        )
    except PermissionDenied:
        raise Http404 from None
    except EditConflictError as conflict:
        messages.error(request, str(conflict))
        return redirect(reverse("attendance:flag", kwargs={"flag_id": flag.pk}))
    return redirect(reverse("concerns:step", kwargs={"draft_id": draft.pk, "step": "risk"}))
