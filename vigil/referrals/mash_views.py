"""The front door's pages (PROCESS.md step 6): the MASH queue, each action on a referral,
and the partner agencies' side of the enquiry's requests. Thin: each parses, calls one
service or selector, renders.

The actions' forms are on the referral page (`mash_panel.py`); each posts to its own address.
When the service refuses, the action's own page comes back with the referral's key facts,
the messages and everything typed (422); when someone else moved the referral first, it says
so and keeps the typing (409). A referral the person may not act on answers 404.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children.policy import RECORDERS
from vigil.core.versioning import EditConflictError
from vigil.referrals import policy, selectors, services, workflow
from vigil.referrals.mash_forms import QueueFilterForm
from vigil.referrals.mash_panel import (
    ACTIONS,
    CONFLICT,
    action_url,
    answer_form,
    form_for,
    request_answer_form,
    screening_shown,
    time_left,
    works_at_front_door,
)
from vigil.referrals.models import Referral
from vigil.referrals.steps import link_to
from vigil.screening.evaluation import age_on
from vigil.web.errors import add_service_errors

PAGE_SIZE = 25
ANSWERED = (
    "Another manager answered this challenge while you were writing. Nothing has been saved: "
    "what you typed is still below."
)
REQUEST_ANSWERED = (
    "Someone at your agency answered this request while you were writing. Nothing has been "
    "saved: their answer is above, and what you typed is still below."
)


def _submit(
    request: HttpRequest,
    form: forms.Form,
    act: Callable[[], object],
    again: Callable[[int], HttpResponse],
    *,
    success: str,
    then: str,
    conflict: str = CONFLICT,
) -> HttpResponse:
    """Call the service when the form is valid: on success say so and go on to `then`; on a
    refusal `again` shows the form with its messages (422), or with the conflict (409)."""
    status = 422
    if form.is_valid():
        try:
            act()
        except ValidationError as error:
            add_service_errors(form, error)
        except (EditConflictError, workflow.MoveNotAllowedError):
            form.add_error(None, conflict)
            status = 409
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect(then)
    return again(status)


def _receiving(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Person, Referral]:
    """The referral, for the front door it was sent to; 404 for anyone else."""
    actor = person_of(request)
    referral = selectors.referral_check(actor=actor, referral_id=referral_id)
    if not policy.is_receiver(actor, referral):
        raise Http404
    return actor, referral


def _action_page(
    request: HttpRequest,
    referral: Referral,
    name: str,
    form: forms.Form,
    status: int,
    *,
    url: str = "",
    version: int | None = None,
    **extra: Any,
) -> HttpResponse:
    referral.refresh_from_db()
    if status == 409 and "version" in form.fields:
        # Shown as things are now: trying again is a deliberate act on the new state.
        fresh = referral.version if version is None else version
        form.data["version"] = str(fresh)  # type: ignore[index]  # a mutable copy of the POST
    context = {
        "referral": referral,
        "action": ACTIONS[name],
        "url": url or action_url(name, referral),
        "form": form,
        "screening": screening_shown(referral) if name == "acknowledge" else None,
        "rated": referral.route.rated,
        "conflict": status == 409,
        **extra,
    }
    return render(request, "referrals/mash_action.html", context, status=status)


Call = Callable[[Person, Referral, dict[str, Any]], object]


def _move(request: HttpRequest, referral_id: uuid.UUID, name: str, call: Call) -> HttpResponse:
    actor, referral = _receiving(request, referral_id)
    form = form_for(name, actor, referral, data=request.POST.copy())
    return _submit(
        request,
        form,
        lambda: call(actor, referral, form.cleaned_data),
        lambda status: _action_page(request, referral, name, form, status),
        success=ACTIONS[name].success,
        then=link_to(referral),
    )


def _move_view(name: str, call: Call) -> Callable[[HttpRequest, uuid.UUID], HttpResponse]:
    """The POST of one action's form on the referral page."""

    @login_required
    @require_POST
    def view(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
        return _move(request, referral_id, name, call)

    view.__name__ = view.__qualname__ = name
    return view


def _service(write: Callable[..., object]) -> Call:
    """A move whose form's fields are the service's own arguments."""
    return lambda actor, referral, typed: write(actor=actor, referral=referral, **typed)


def _close(actor: Person, referral: Referral, typed: dict[str, Any]) -> object:
    # The button's version, or the one read now: the move is guarded by its state too.
    version = typed.get("version") or referral.version
    return services.referral_close(actor=actor, referral=referral, version=version)


acknowledge = _move_view("acknowledge", _service(services.referral_acknowledge))
decide = _move_view("decide", _service(services.referral_decide))
conclude = _move_view("conclude", _service(services.referral_conclude))
feedback = _move_view("feedback", _service(services.referral_feedback))
close = _move_view("close", _close)
assign = _move_view("assign", _service(services.referral_assign))


@login_required
@require_POST
def request_new(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor, referral = _receiving(request, referral_id)
    form = form_for("request-new", actor, referral, data=request.POST.copy())

    def act() -> object:
        return services.partner_request_send(
            actor=actor,
            referral=referral,
            partner=form.cleaned_data["partner"],
            question=form.cleaned_data["question"],
            due_at=form.due_at(),  # type: ignore[attr-defined]
        )

    return _submit(
        request,
        form,
        act,
        lambda status: _action_page(request, referral, "request-new", form, status),
        success=ACTIONS["request-new"].success,
        then=link_to(referral),
    )


@login_required
@require_POST
def request_chase(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    asked = selectors.request_check(actor=actor, request_id=request_id)
    if not policy.is_receiver(actor, asked.referral):
        raise Http404
    if asked.answered:
        messages.info(request, f"{asked.partner.name} has already answered: nothing to chase.")
    else:
        try:
            services.partner_request_chase(actor=actor, request=asked)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, f"{asked.partner.name} has been reminded of the request.")
    return redirect(link_to(asked.referral))


@login_required
@require_POST
def challenge_answer(request: HttpRequest, challenge_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    challenge = selectors.challenge_check(actor=actor, challenge_id=challenge_id)
    referral = challenge.referral
    manager = access.Role.MANAGER in access.roles_at(actor, referral.route.receiver_id)
    if not manager or not (challenge.answered or policy.can_answer_challenge(actor, challenge)):
        raise Http404
    form = answer_form(challenge, request.POST.copy())

    def act() -> object:
        if challenge.answered:
            # Another manager answered first: told, keeping what was typed.
            raise EditConflictError()
        return services.challenge_answer(actor=actor, challenge=challenge, **form.cleaned_data)

    def again(status: int) -> HttpResponse:
        challenge.refresh_from_db()
        url = reverse("referrals:challenge-answer", kwargs={"challenge_id": challenge.pk})
        return _action_page(
            request,
            referral,
            "challenge-answer",
            form,
            status,
            url=url,
            version=challenge.version,
            challenge=challenge,
        )

    success = ACTIONS["challenge-answer"].success
    return _submit(
        request, form, act, again, success=success, then=link_to(referral), conflict=ANSWERED
    )


def _queue_row(referral: Referral, today: Any) -> dict[str, Any]:
    due = referral.next_due_at
    return {
        "referral": referral,
        "age": age_on(referral.child.date_of_birth, today),
        "time_left": time_left(due),
        "overdue": due is not None and due <= timezone.now(),
    }


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The front door's queue: live referrals, the nearest limit first."""
    actor = person_of(request)
    if not works_at_front_door(actor):
        raise Http404
    filters = QueueFilterForm(request.GET)
    chosen = filters.filters()
    page = Paginator(selectors.mash_queue(actor=actor, **chosen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = timezone.localdate()
    context = {
        "filters": filters,
        "filtered": any(chosen.values()),
        "page": page,
        "rows": [_queue_row(referral, today) for referral in page],
    }
    return render(request, "referrals/mash_queue.html", context)


@login_required
@require_GET
def requests_list(request: HttpRequest) -> HttpResponse:
    """The front doors' requests to the person's agencies, unanswered first."""
    actor = person_of(request)
    if not access.organisations_where(actor, *RECORDERS):
        raise Http404
    page = Paginator(selectors.requests_to_answer(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"request": r, "time_left": "" if r.answered else time_left(r.due_at)} for r in page]
    return render(request, "referrals/request_list.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def request_page(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    """A request: the partner agency answers it; the front door sees it, read only."""
    actor = person_of(request)
    read = selectors.request_open if request.method == "GET" else selectors.request_check
    asked = read(actor=actor, request_id=request_id)
    answering = policy.can_answer_request(actor, asked)
    if request.method == "POST" and not answering:
        raise Http404
    form = request_answer_form(asked, request.POST.copy() if request.method == "POST" else None)

    def act() -> object:
        if asked.answered:
            raise EditConflictError()
        return services.partner_request_answer(actor=actor, request=asked, **form.cleaned_data)

    def again(status: int) -> HttpResponse:
        asked.refresh_from_db()
        return _request_page(request, asked, form, status)

    if request.method == "POST":
        success = f"Your answer has been sent to {asked.referral.route.receiver.name}."
        then = reverse("referrals:request", kwargs={"request_id": asked.pk})
        return _submit(
            request, form, act, again, success=success, then=then, conflict=REQUEST_ANSWERED
        )
    return _request_page(request, asked, form if answering and not asked.answered else None)


def _request_page(
    request: HttpRequest, asked: Any, form: forms.Form | None, status: int = 200
) -> HttpResponse:
    context = {
        "asked": asked,
        "child": asked.referral.child,
        "form": form,
        "time_left": "" if asked.answered else time_left(asked.due_at),
        "front_door": policy.is_receiver(person_of(request), asked.referral),
    }
    return render(request, "referrals/request_detail.html", context, status=status)


urlpatterns = [
    path("mash/", queue, name="queue"),
    path("referrals/<uuid:referral_id>/acknowledge/", acknowledge, name="acknowledge"),
    path("referrals/<uuid:referral_id>/decide/", decide, name="decide"),
    path("referrals/<uuid:referral_id>/conclude/", conclude, name="conclude"),
    path("referrals/<uuid:referral_id>/feedback/", feedback, name="feedback"),
    path("referrals/<uuid:referral_id>/close/", close, name="close"),
    path("referrals/<uuid:referral_id>/assign/", assign, name="assign"),
    path("referrals/<uuid:referral_id>/requests/", request_new, name="request-new"),
    path("requests/", requests_list, name="requests"),
    path("requests/<uuid:request_id>/", request_page, name="request"),
    path("requests/<uuid:request_id>/chase/", request_chase, name="request-chase"),
    path("challenges/<uuid:challenge_id>/answer/", challenge_answer, name="challenge-answer"),
]
