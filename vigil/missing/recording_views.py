"""Recording a child reported missing: first whether the child could be at immediate risk
(yes shows the 999 instruction and the front door's numbers before anything else), then the
child (staff pick from their organisation's children, as for a concern), then the episode.
Thin: each parses, calls one service or selector, renders. Nothing typed is lost on an error.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.missing.forms import EpisodeForm, RiskForm
from vigil.missing.services import episode_record
from vigil.missing.submitting import submitted

ANSWERS = ("yes", "no")


def _chosen_child(actor: Person, raw: str | None) -> object | None:
    """The child named in the query string, if the person may record about them."""
    if not raw:
        return None
    try:
        child_id = uuid.UUID(raw)
    except ValueError:
        raise Http404 from None
    return children.child_to_pick(actor=actor, child_id=child_id)


def _after_risk(child: object | None, risk: str) -> str:
    if child is None:
        return f"{reverse('missing:pick')}?{urlencode({'risk': risk})}"
    return f"{reverse('missing:record', kwargs={'child_id': child.pk})}?risk={risk}"  # type: ignore[attr-defined]


@login_required
@require_http_methods(["GET", "POST"])
def risk(request: HttpRequest) -> HttpResponse:
    """The first question: could the child be at immediate risk of harm?"""
    actor = person_of(request)
    if not children.organisations_recording_for(actor=actor):
        raise Http404
    child = _chosen_child(actor, request.GET.get("child"))
    form = RiskForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["immediate_risk"]
        if answer == "yes":
            query = {"child": str(child.pk)} if child else {}  # type: ignore[attr-defined]
            return redirect(f"{reverse('missing:emergency')}?{urlencode(query)}")
        return redirect(_after_risk(child, answer))
    status = 422 if form.errors else 200
    return render(request, "missing/risk.html", {"form": form, "child": child}, status=status)


@login_required
@require_GET
def emergency(request: HttpRequest) -> HttpResponse:
    """Shown first when the child could be at immediate risk: call 999, then the front door."""
    actor = person_of(request)
    if not children.organisations_recording_for(actor=actor):
        raise Http404
    child = _chosen_child(actor, request.GET.get("child"))
    return render(request, "missing/emergency.html", {"next": _after_risk(child, "yes")})


@login_required
@require_GET
def pick(request: HttpRequest) -> HttpResponse:
    """Which child: the organisation's children by name (names and dates of birth only)."""
    actor = person_of(request)
    places = children.organisations_recording_for(actor=actor)
    if not places:
        raise Http404
    answer = request.GET.get("risk", "")
    if answer not in ANSWERS:
        return redirect(reverse("missing:new"))
    chosen = request.GET.get("organisation", "")
    place = next((o for o in places if str(o.pk) == chosen), places[0])
    query = request.GET.get("q", "").strip()[:100]
    found = children.children_to_pick(actor=actor, organisation_id=place.pk, query=query)
    context = {"places": places, "place": place, "query": query, "found": found, "risk": answer}
    return render(request, "missing/pick.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """The episode: when, from where, who reported it, the police reference, a note."""
    actor = person_of(request)
    child = children.child_to_pick(actor=actor, child_id=child_id)
    answer = request.POST.get("immediate_risk") or request.GET.get("risk", "")
    if answer not in ANSWERS:
        return redirect(f"{reverse('missing:new')}?child={child.pk}")
    form = EpisodeForm(
        request.POST if request.method == "POST" else None, initial={"immediate_risk": answer}
    )
    episode = submitted(
        request,
        form,
        lambda: episode_record(actor=actor, child=child, **form.episode_fields()),
        success="The missing episode has been recorded. Your designated safeguarding leads "
        "have been told.",
    )
    if episode is not None:
        return redirect(episode.get_absolute_url())
    context = {"form": form, "child": child, "urgent": answer == "yes"}
    return render(request, "missing/record.html", context, status=422 if form.errors else 200)


urlpatterns = [
    path("missing/new/", risk, name="new"),
    path("missing/new/emergency/", emergency, name="emergency"),
    path("missing/new/child/", pick, name="pick"),
    path("missing/new/<uuid:child_id>/", record, name="record"),
]
