"""Screening a child, page by page. Thin: each parses, calls one service or selector, renders.

One page shows a screening whatever its state: the observations and what the concerns suggest
while it is a draft, the result with its reasons once computed, the judgement, the sign-off.
Every form posts to its own address and, when the service refuses, the page comes back with
the messages and everything typed (422).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.screening import cases, catalogue, policy, selectors, services, wording
from vigil.screening.forms import (
    ComputeForm,
    JudgementForm,
    ObservationForm,
    SignOffForm,
    SuggestionsForm,
    VersionForm,
)
from vigil.screening.models import Screening, State
from vigil.web.errors import service_submit


@login_required
@require_POST
def screening_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    file = children.child_file_check(actor=actor, child_id=child_id)
    if file.shared_only:
        raise Http404
    try:
        screening = services.screening_start(actor=actor, child=file.child)
    except PermissionDenied:
        raise Http404 from None
    return redirect(f"/screenings/{screening.pk}/")


def _forms(
    actor: Person, screening: Screening, data: dict[str, Any] | None = None, posted: str = ""
) -> dict[str, forms.Form]:
    """The forms the person may use on the screening now; `posted` is bound to `data`."""
    initial = {"version": screening.version}

    def bound(name: str, form_class: type[forms.Form], **kwargs: Any) -> forms.Form:
        if name == posted:
            return form_class(data, initial=initial, **kwargs)
        return form_class(initial=initial, **kwargs)

    found: dict[str, forms.Form] = {}
    if policy.can_work_on(actor, screening):
        suggestions = selectors.suggestions_for(screening)
        if suggestions:
            found["suggestions"] = bound("suggestions", SuggestionsForm, suggestions=suggestions)
        entries = selectors.citable_entries(screening)
        found["observation"] = bound("observation", ObservationForm, entries=entries)
        found["compute"] = bound("compute", ComputeForm)
        if not found["compute"].is_bound:
            found["compute"].initial["immediate_risk"] = "yes" if screening.immediate_risk else "no"
        if screening.computed_level:
            found["judgement"] = bound("judgement", JudgementForm)
            if not found["judgement"].is_bound:
                found["judgement"].initial["level"] = screening.computed_level
        found["remove"] = VersionForm(initial=initial)
    if policy.can_sign_off(actor, screening):
        found["sign_off"] = bound("sign_off", SignOffForm)
    return found


def _page(
    request: HttpRequest, screening: Screening, forms_: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    shown = cases.shown(screening)
    observations = screening.observations.select_related("entry").order_by(
        "observed_on", "indicator"
    )
    context = {
        "screening": screening,
        "child": screening.child,
        "forms": forms_,
        "shown": shown,
        "computed_name": wording.level_name(shown.level) if shown else "",
        "judged_name": wording.level_name(screening.judged_level),
        "observations": [(o, catalogue.BY_ID[o.indicator].label) for o in observations],
        "State": State,
        "can_screen": policy.can_screen(person_of(request), screening.child),
    }
    return render(request, "screening/screening.html", context, status=status)


@login_required
@require_GET
def screening_page(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    screening = selectors.screening_open(actor=actor, screening_id=screening_id)
    return _page(request, screening, _forms(actor, screening))


def _posted(
    request: HttpRequest,
    screening_id: uuid.UUID,
    name: str,
    act: Callable[[Person, Screening, forms.Form], object],
    success: str,
) -> HttpResponse:
    """A form of the page posted: the service's answer, or the page again with its messages."""
    actor = person_of(request)
    screening = selectors.screening_check(actor=actor, screening_id=screening_id)
    found = _forms(actor, screening, request.POST, posted=name)
    form = found.get(name)
    if form is None:
        raise Http404
    then = f"/screenings/{screening.pk}/"
    done = service_submit(
        request, form, lambda: act(actor, screening, form), success=success, then=then
    )
    if done:
        return done
    screening.refresh_from_db()
    return _page(request, screening, found, status=422)


@login_required
@require_POST
def suggestions_confirm(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        return services.observations_confirm(
            actor=actor,
            screening=screening,
            version=form.cleaned_data["version"],
            picks=cast(SuggestionsForm, form).picked(),
        )

    return _posted(request, screening_id, "suggestions", act, "The signs have been confirmed.")


@login_required
@require_POST
def observation_new(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        arguments = cast(ObservationForm, form).service_arguments()
        return services.observation_add(actor=actor, screening=screening, **arguments)

    return _posted(request, screening_id, "observation", act, "The observation has been added.")


@login_required
@require_POST
def observation_remove(
    request: HttpRequest, screening_id: uuid.UUID, observation_id: uuid.UUID
) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        services.observation_remove(
            actor=actor,
            screening=screening,
            version=form.cleaned_data["version"],
            observation_id=observation_id,
        )
        return None

    return _posted(request, screening_id, "remove", act, "The observation has been taken out.")


@login_required
@require_POST
def compute(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        return services.screening_compute(
            actor=actor,
            screening=screening,
            version=form.cleaned_data["version"],
            immediate_risk=form.cleaned_data["immediate_risk"] == "yes",
        )

    return _posted(request, screening_id, "compute", act, "The level has been computed.")


@login_required
@require_POST
def judgement(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        return services.screening_judge(actor=actor, screening=screening, **form.cleaned_data)

    return _posted(request, screening_id, "judgement", act, "Your judgement has been recorded.")


@login_required
@require_POST
def sign_off(request: HttpRequest, screening_id: uuid.UUID) -> HttpResponse:
    def act(actor: Person, screening: Screening, form: forms.Form) -> object:
        return services.screening_sign_off(
            actor=actor,
            screening=screening,
            version=form.cleaned_data["version"],
            agree=form.cleaned_data["agree"] == "yes",
            note=form.cleaned_data["note"],
        )

    return _posted(request, screening_id, "sign_off", act, "Your sign-off has been recorded.")
