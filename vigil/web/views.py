"""The pages that belong to no one capability: home, help pages, errors, keep-alive, health."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.views.decorators.http import require_GET, require_POST

from vigil.accounts import policy
from vigil.accounts.policy import person_of
from vigil.accounts.selectors import memberships_of
from vigil.briefings.home import home_context as briefings_home
from vigil.core import clock_kinds
from vigil.core.selectors import clock_state, clocks_visible_to
from vigil.notifications.selectors import notifications_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("account_login")
    person = person_of(request)
    clocks = list(clocks_visible_to(actor=person)[:5])
    context = {
        "memberships": [str(m) for m in memberships_of(person).filter(ended_at__isnull=True)],
        "notifications": notifications_for(actor=person, unread_only=True)[:5],
        "clocks": [(clock, clock_state(clock), clock_kinds.label(clock.kind)) for clock in clocks],
        "can_record": policy.has_role(person, "staff", *policy.CASE_LEADS),
        "is_admin": policy.is_admin(person),
        "is_auditor": policy.can_read_audit(person),
        **briefings_home(person),
    }
    return render(request, "web/home.html", context)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "web/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "web/privacy.html")


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """For a load balancer: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_POST
@login_required
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The idle warning's "Stay signed in": the middleware has already noted the activity."""
    return JsonResponse({"idle_seconds": settings.VIGIL_IDLE_MINUTES * 60})


def not_found(
    request: HttpRequest, exception: Exception | None = None, **kwargs: object
) -> HttpResponse:
    return render(request, "404.html", status=404)


def not_found_for_forbidden(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    """Forbidden answers exactly like not found, so nobody learns what exists."""
    return not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: nothing that could fail again (the database) is touched."""
    return HttpResponse(get_template("500.html").render(), status=500)
