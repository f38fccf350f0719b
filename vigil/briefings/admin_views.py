"""The partnership's briefings, for its administrators: the list, publishing one, changing one
(a changed text publishes a new version), withdrawing one. Thin: each parses the form, calls
one selector or service, renders. Anyone else is answered as if there were nothing there
(404); a refused form comes back with its messages and everything typed, and a concurrent
change by another administrator is said plainly.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts.models import OrganisationKind, Role
from vigil.accounts.policy import person_of
from vigil.briefings import policy, selectors, services
from vigil.briefings.forms import BriefingForm, WithdrawForm
from vigil.briefings.models import Briefing
from vigil.core.versioning import EditConflictError
from vigil.web.errors import add_service_errors, service_submit

PAGE_SIZE = 25
FORM = "briefings/admin_form.html"
ROLE_NAMES = dict(Role.choices)
KIND_NAMES = dict(OrganisationKind.choices)


def audience_words(briefing: Briefing) -> dict[str, list[str]]:
    return {
        "roles": [ROLE_NAMES.get(r, r) for r in briefing.audience_roles],
        "kinds": [KIND_NAMES.get(k, k) for k in briefing.audience_kinds],
    }


@login_required
@require_GET
def briefings(request: HttpRequest) -> HttpResponse:
    found = selectors.briefings_managed(actor=person_of(request))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"briefing": b, **audience_words(b)} for b in page]
    return render(request, "briefings/admin_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def briefing_new(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not policy.can_manage(actor):
        raise Http404
    form = BriefingForm(request.POST or None, initial={"audience_roles": ["staff"]})
    done = service_submit(
        request,
        form,
        lambda: services.briefing_publish(actor=actor, **form.briefing_fields()),
        success=f"“{request.POST.get('title', '').strip()}” has been published.",
        then=reverse("briefings:admin-list"),
    )
    return done or render(request, FORM, {"form": form, "creating": True})


def _initial(briefing: Briefing) -> dict[str, Any]:
    return {
        "title": briefing.title,
        "body": briefing.current.body if briefing.current else "",
        "questions": "\n".join(selectors.live_questions(briefing)),
        "audience_roles": briefing.audience_roles,
        "audience_kinds": briefing.audience_kinds,
        "must_read_by": briefing.must_read_by,
        "version": briefing.version,
    }


def _saved(briefing: Briefing, before: int) -> str:
    number = briefing.current.number if briefing.current else before
    if number != before:
        return (
            f"Version {number} of “{briefing.title}” has been published: everyone in its "
            "audience is asked to read it again."
        )
    return "Your changes have been saved."


def _updated(request: HttpRequest, form: BriefingForm, briefing: Briefing) -> Briefing | None:
    """The POST of the edit form: the briefing as changed, or None (the form shows why)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return services.briefing_update(
            actor=person_of(request),
            briefing=briefing,
            version=form.cleaned_data.get("version") or 0,
            **form.briefing_fields(),
        )
    except (ValidationError, EditConflictError) as error:
        add_service_errors(form, error)
        return None
    except PermissionDenied:
        raise Http404 from None


@login_required
@require_http_methods(["GET", "POST"])
def briefing_edit(request: HttpRequest, briefing_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    briefing = selectors.briefing_for_admin(actor=actor, briefing_id=briefing_id)
    before = briefing.current.number if briefing.current else 0
    form = BriefingForm(request.POST or None, initial=_initial(briefing))
    if _updated(request, form, briefing) is not None:
        messages.success(request, _saved(briefing, before))
        return redirect("briefings:admin-list")
    context = {
        "form": form,
        "briefing": briefing,
        "versions": selectors.versions_of(briefing),
        "creating": False,
    }
    return render(request, FORM, context)


@login_required
@require_http_methods(["GET", "POST"])
def briefing_withdraw(request: HttpRequest, briefing_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    briefing = selectors.briefing_for_admin(actor=actor, briefing_id=briefing_id)
    if briefing.withdrawn_at is not None:
        raise Http404
    form = WithdrawForm(request.POST or None, initial={"version": briefing.version})
    done = service_submit(
        request,
        form,
        lambda: services.briefing_withdraw(
            actor=actor, briefing=briefing, version=form.cleaned_data["version"]
        ),
        success=f"“{briefing.title}” has been withdrawn: nobody is asked to read it any more.",
        then=reverse("briefings:admin-list"),
    )
    return done or render(request, "briefings/admin_withdraw.html", {"form": form, "b": briefing})


urlpatterns = [
    path("administration/briefings/", briefings, name="admin-list"),
    path("administration/briefings/new/", briefing_new, name="admin-new"),
    path("administration/briefings/<uuid:briefing_id>/", briefing_edit, name="admin-edit"),
    path(
        "administration/briefings/<uuid:briefing_id>/withdraw/",
        briefing_withdraw,
        name="admin-withdraw",
    ),
]
