"""Adding a child while recording, after seeing the organisation's likely duplicates, so that
one child does not get two files."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.children.services import child_add
from vigil.concerns.forms import NewChildForm
from vigil.concerns.models import Draft
from vigil.concerns.services import draft_save
from vigil.concerns.views.recording import _draft, _next, step_url
from vigil.web.errors import add_service_errors

TYPED = (
    "given_names",
    "family_name",
    "known_as",
    "date_of_birth_day",
    "date_of_birth_month",
    "date_of_birth_year",
    "gender",
)


@login_required
@require_http_methods(["GET", "POST"])
def new_child(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """Add the child: first what was typed is kept in the draft, then the likely duplicates
    are shown, and only "None of these" (confirm) adds a new file."""
    actor = person_of(request)
    draft = _draft(request, draft_id)
    confirmed = "confirm" in request.POST
    if request.method == "POST" and not confirmed:
        typed = {name: request.POST.get(name, "")[:100] for name in TYPED}
        draft = draft_save(
            actor=actor, draft=draft, version=draft.version, values={"new_child": typed}
        )
    bound = draft.data.get("new_child") if request.method == "POST" else None
    form = NewChildForm(bound, initial=_initial(draft))
    duplicates: list[children.Duplicate] = []
    if request.method == "POST" and form.is_valid():
        duplicates = [] if confirmed else _duplicates(actor, draft, form.cleaned_data)
        if not duplicates and _added(actor, draft, form):
            return redirect(_next(draft, "child"))
    context = {
        "draft": draft,
        "form": form,
        "duplicates": duplicates,
        "back": step_url(draft, "child"),
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "concerns/new_child.html", context, status=status)


def _duplicates(actor: Person, draft: Draft, identity: dict[str, Any]) -> list[children.Duplicate]:
    return children.likely_duplicates(
        actor=actor,
        organisation_id=draft.organisation_id,
        given_names=identity["given_names"],
        family_name=identity["family_name"],
        born=identity["date_of_birth"],
    )


def _added(actor: Person, draft: Draft, form: NewChildForm) -> bool:
    """Add the child and choose them in the draft; False (the form has the messages) if not."""
    try:
        child = child_add(actor=actor, organisation=draft.organisation, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    except PermissionDenied:
        raise Http404 from None
    values = {"child_id": str(child.pk), "new_child": {}}
    draft_save(actor=actor, draft=draft, version=draft.version, values=values)
    return True


def _initial(draft: Draft) -> dict[str, str]:
    """What was typed before, for a person coming back to this page."""
    typed = draft.data.get("new_child") or {}
    initial = {
        k: typed[k] for k in ("given_names", "family_name", "known_as", "gender") if typed.get(k)
    }
    parts = [typed.get(f"date_of_birth_{p}", "") for p in ("year", "month", "day")]
    if all(parts):
        initial["date_of_birth"] = "-".join(parts)
    return initial
