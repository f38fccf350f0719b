"""The lists: missing episodes, the return home interviews due (time left, overdue first),
the repeated-episode flags and one flag; and the partnership's rule for repeated episodes.
Thin: each parses, calls one service or selector, renders; tables paginate."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts import policy as access
from vigil.accounts.policy import person_of
from vigil.children.policy import RECORDERS
from vigil.missing import policy, selectors
from vigil.missing.forms import SettingsForm
from vigil.missing.services import missing_settings_update
from vigil.missing.submitting import submitted

PAGE_SIZE = 25


@login_required
@require_GET
def episodes(request: HttpRequest) -> HttpResponse:
    """The episodes of one's organisations (case leads) or recorded oneself, latest first."""
    actor = person_of(request)
    if not access.organisations_where(actor, *RECORDERS):
        raise Http404
    found = selectors.episodes_visible_to(actor=actor)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    leads = bool(access.organisations_where(actor, *access.CASE_LEADS))
    return render(request, "missing/episodes.html", {"page": page, "leads": leads})


@login_required
@require_GET
def interviews(request: HttpRequest) -> HttpResponse:
    """Return home interviews due at one's organisations: time left, the overdue first."""
    actor = person_of(request)
    if not access.organisations_where(actor, *access.CASE_LEADS):
        raise Http404
    found = selectors.interviews_due(actor=actor)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "missing/interviews.html", {"page": page, "now": timezone.now()})


@login_required
@require_GET
def flags(request: HttpRequest) -> HttpResponse:
    """Missing: repeated episodes, for the DSLs (and the MASH when they were raised to it)."""
    actor = person_of(request)
    if not access.organisations_where(actor, *access.CASE_LEADS, *access.RECEIVERS):
        raise Http404
    page = Paginator(selectors.flags_visible_to(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "missing/flags.html", {"page": page})


@login_required
@require_GET
def flag(request: HttpRequest, flag_id: uuid.UUID) -> HttpResponse:
    found = selectors.flag_open(actor=person_of(request), flag_id=flag_id)
    context = {"flag": found.flag, "episodes": found.episodes, "links": found.episode_links}
    return render(request, "missing/flag.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rule(request: HttpRequest) -> HttpResponse:
    """The partnership's rule for repeated episodes (its administrators)."""
    actor = person_of(request)
    if not policy.can_configure(actor):
        raise Http404
    current = selectors.repeat_rule()
    initial = {
        "version": current.version,
        "repeat_episodes": current.repeat_episodes,
        "repeat_days": current.repeat_days,
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    saved = submitted(
        request,
        form,
        lambda: missing_settings_update(actor=actor, **form.cleaned_data),
        success="The rule for repeated missing episodes has been saved.",
    )
    if saved is not None:
        return redirect("missing:settings")
    return render(
        request, "missing/settings.html", {"form": form}, status=422 if form.errors else 200
    )


urlpatterns = [
    path("missing/", episodes, name="index"),
    path("missing/interviews/", interviews, name="interviews"),
    path("missing/flags/", flags, name="flags"),
    path("missing/flags/<uuid:flag_id>/", flag, name="flag"),
    path("administration/missing-episodes/", rule, name="settings"),
]
