"""The partnership's referral routes, for its administrators: the list, adding one, changing
one. Thin: each parses the form, calls one selector or service, renders. Anyone else is
answered as if there were nothing there (404); a refused form comes back with its messages and
everything typed."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts import policy
from vigil.accounts.policy import person_of
from vigil.referrals import services
from vigil.referrals.route_forms import SHORT_CLOCKS, SHORT_WORKFLOWS, RouteForm
from vigil.referrals.route_selectors import route_fingerprint, route_for_admin, routes_configured
from vigil.referrals.routes import DEFAULT_CLOCKS
from vigil.web.errors import service_submit

PAGE_SIZE = 25
FORM = "referrals/routes_form.html"


@login_required
@require_GET
def routes(request: HttpRequest) -> HttpResponse:
    found = routes_configured(actor=person_of(request))
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "route": route,
            "workflow": SHORT_WORKFLOWS.get(route.workflow, route.workflow),
            "clocks": [SHORT_CLOCKS.get(kind, kind) for kind in route.clocks],
        }
        for route in page
    ]
    return render(request, "referrals/routes.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def route_new(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not policy.is_partnership_admin(actor):
        raise Http404
    initial = {"workflow": "mash", "clocks": list(DEFAULT_CLOCKS["mash"]), "is_active": True}
    form = RouteForm(request.POST or None, initial=initial)
    done = service_submit(
        request,
        form,
        lambda: services.route_add(actor=actor, **form.route_fields()),
        success=f"{request.POST.get('name', '').strip()} has been added.",
        then=reverse("referrals:routes"),
    )
    return done or render(request, FORM, {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def route_edit(request: HttpRequest, route_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    route = route_for_admin(actor=actor, route_id=route_id)
    initial = {
        "name": route.name,
        "code": route.code,
        "description": route.description,
        "receiver": route.receiver_id,
        "workflow": route.workflow,
        "clocks": list(route.clocks),
        "order": route.order,
        "is_active": route.is_active,
        "fingerprint": route_fingerprint(route),
    }
    form = RouteForm(request.POST or None, initial=initial)
    done = service_submit(
        request,
        form,
        lambda: services.route_update(
            actor=actor,
            route=route,
            fingerprint=form.cleaned_data["fingerprint"],
            **form.route_fields(),
        ),
        success="Your changes have been saved.",
        then=reverse("referrals:routes"),
    )
    return done or render(request, FORM, {"form": form, "route": route, "creating": False})


urlpatterns = [
    path("administration/referral-routes/", routes, name="routes"),
    path("administration/referral-routes/new/", route_new, name="route-new"),
    path("administration/referral-routes/<uuid:route_id>/", route_edit, name="route-edit"),
]
