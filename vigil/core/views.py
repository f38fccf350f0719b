"""The partnership's settings, closure days and the deadlines page."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts import policy
from vigil.accounts.policy import person_of
from vigil.accounts.selectors import organisation_for_admin
from vigil.core import clock_kinds
from vigil.core.forms import ClosureForm, PartnershipForm, initial_clock_fields
from vigil.core.models import Closure
from vigil.core.selectors import clock_state, clocks_visible_to, closures_for, partnership_get
from vigil.core.services.partnership import closure_add, closure_remove, partnership_update
from vigil.core.versioning import EditConflictError
from vigil.web.errors import add_service_errors


def _partnership_admin(request: HttpRequest) -> None:
    if not policy.is_partnership_admin(person_of(request)):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def partnership_settings(request: HttpRequest) -> HttpResponse:
    _partnership_admin(request)
    partnership = partnership_get()
    if partnership is None:
        raise Http404
    fields = (
        "name",
        "front_door_name",
        "front_door_phone",
        "out_of_hours_phone",
        "referral_url",
        "emergency_instruction",
        "opening_from",
        "opening_to",
        "holiday_region",
        "screening_instrument",
        "version",
    )
    initial = {f: getattr(partnership, f) for f in fields} | initial_clock_fields(
        partnership.clock_rules
    )
    form = PartnershipForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            partnership_update(
                actor=person_of(request),
                partnership=partnership,
                version=form.cleaned_data["version"],
                clock_rules=form.clock_rules(),
                **form.settings(),
            )
        except (ValidationError, EditConflictError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The partnership's settings have been saved.")
            return redirect("core:partnership")
    context = {"form": form, "closures": closures_for(None), "closure_form": ClosureForm()}
    return render(request, "core/partnership.html", context)


@login_required
@require_POST
def closure_new(request: HttpRequest, organisation_id: uuid.UUID | None = None) -> HttpResponse:
    organisation = None
    if organisation_id is not None:
        organisation = organisation_for_admin(
            actor=person_of(request), organisation_id=organisation_id
        )
    else:
        _partnership_admin(request)
    form = ClosureForm(request.POST)
    if form.is_valid():
        try:
            closure_add(actor=person_of(request), organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The closure has been added.")
            return redirect(_back(organisation_id))
    context = {"form": form, "organisation": organisation, "cancel": _back(organisation_id)}
    return render(request, "core/closure_form.html", context, status=422)


def _back(organisation_id: uuid.UUID | None) -> str:
    if organisation_id:
        return f"/administration/organisations/{organisation_id}/"
    return "/administration/partnership/"


@login_required
@require_http_methods(["GET", "POST"])
def closure_delete(request: HttpRequest, closure_id: uuid.UUID) -> HttpResponse:
    closure = Closure.objects.filter(pk=closure_id).select_related("organisation").first()
    if closure is None:
        raise Http404
    owner_id = closure.organisation_id
    allowed = (
        policy.can_administer_organisation(person_of(request), owner_id)
        if owner_id
        else policy.is_partnership_admin(person_of(request))
    )
    if not allowed:
        raise Http404
    if request.method == "POST":
        try:
            closure_remove(actor=person_of(request), closure_id=closure.pk)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, "The closure has been removed.")
        return redirect(_back(owner_id))
    context = {
        "title": f"Remove the closure “{closure.description}”?",
        "body": "Clocks already running keep the due times they were given.",
        "button": "Remove closure",
        "cancel": _back(owner_id),
        "warning": True,
    }
    return render(request, "web/confirm.html", context)


@login_required
def deadlines(request: HttpRequest) -> HttpResponse:
    """The clocks the person holds or watches, soonest first, overdue ones marked."""
    clocks = clocks_visible_to(actor=person_of(request))
    page = Paginator(clocks, 50).get_page(request.GET.get("page"))
    rows = [(clock, clock_state(clock), clock_kinds.label(clock.kind)) for clock in page]
    return render(request, "core/deadlines.html", {"page": page, "rows": rows})
