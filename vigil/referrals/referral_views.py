"""The referrer's pages (PROCESS.md steps 5 and 7): a referral's page, withdrawing it, following
it up or challenging the front door, and the list of one's referrals. Thin: each parses, calls
one service or selector, renders.

The referral's page shows each person what they may see of it: staff who referred, its state
and the feedback; the referring organisation's case leads and the front door, everything (the
front door's actions come from `mash_panel.py`). A referral the person may not see answers
404, as one that does not exist. When a form is refused, the page comes back with the message
and everything typed (422), or says that someone else moved the referral first (409).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children.policy import RECORDERS
from vigil.core import clock_kinds
from vigil.core.versioning import EditConflictError
from vigil.referrals import form, mash_panel, policy, selectors, services, workflow
from vigil.referrals.forms import ChallengeForm, ListFilterForm, WithdrawForm
from vigil.referrals.models import Referral
from vigil.web.errors import add_service_errors

PAGE_SIZE = 25
CONFLICT = (
    "The referral changed while you were writing: nothing has been saved. What you typed is "
    "still below. Check where the referral is now, then try again if it is still needed."
)
# A step on the referral's history, as people read it.
STEP_LABELS = {
    "start": "Draft started",
    "send": "Sent",
    "acknowledge": "Acknowledged by the front door",
    "open-enquiry": "MASH enquiry opened",
    "decide": "Response decided",
    "conclude": "Enquiry outcome recorded",
    "feedback": "Feedback sent to the referrer",
    "close": "Closed",
    "withdraw": "Withdrawn",
    "assign": "Given to a practitioner",
    "request": "A partner agency asked for information",
    "answer": "A partner agency answered",
    "chase": "A partner agency reminded",
    "challenge": "Followed up or challenged",
    "challenge-answer": "Challenge answered",
}


def page_url(referral: Referral) -> str:
    return reverse("referrals:referral", kwargs={"referral_id": referral.pk})


def answers_by_section(answers: dict[str, Any]) -> list[dict[str, Any]]:
    """Every answer of the form, by section, as people read it."""
    return [
        {
            "title": section.title,
            "rows": [(f.label, form.shown(f.name, answers.get(f.name))) for f in section.fields],
        }
        for section in form.SECTIONS
    ]


def _history(actor: Person, referral: Referral) -> list[dict[str, Any]]:
    """The steps the person may see; saving the draft is not a step of the history."""
    return [
        {"step": step, "label": STEP_LABELS.get(step.action, step.action.replace("-", " "))}
        for step in selectors.steps_of(actor=actor, referral=referral)
        if step.action != "save"
    ]


def _screening(referral: Referral) -> dict[str, Any] | None:
    summary = referral.screening_summary
    if not summary:
        return None
    return {**summary, "assessed_on": date.fromisoformat(summary["assessed_on"])}


def _can_withdraw(actor: Person, referral: Referral) -> bool:
    moves = workflow.moves_from(referral.route.workflow, referral.state, "referrer")
    return policy.is_referrer_side(actor, referral) and any(m.action == "withdraw" for m in moves)


def _can_challenge(actor: Person, referral: Referral) -> bool:
    return policy.is_referrer_side(actor, referral) and referral.state in workflow.LIVE


def _sent_context(
    actor: Person, referral: Referral, typed: dict[str, forms.Form]
) -> dict[str, Any]:
    panel = mash_panel.panel_context(actor, referral)
    sees_everything = policy.sees_everything(actor, referral)
    withdraw = typed.get("withdraw")
    if withdraw is None and _can_withdraw(actor, referral):
        withdraw = WithdrawForm(initial={"version": referral.version}, auto_id="withdraw-%s")
    challenge = typed.get("challenge")
    if challenge is None and _can_challenge(actor, referral):
        challenge = ChallengeForm(auto_id="challenge-%s")
    challenges = selectors.challenges_of(actor=actor, referral=referral)
    return {
        **panel,
        "sees_everything": sees_everything,
        "history": _history(actor, referral),
        "now": timezone.now(),
        "time_limits": [
            (clock, clock_kinds.label(clock.kind))
            for clock in selectors.time_limits_of(actor=actor, referral=referral)
        ],
        # The front door's panel shows its requests, and the challenges waiting for it.
        "requests": [] if panel else selectors.requests_of(actor=actor, referral=referral),
        "challenges": [c for c in challenges if c.answered or not panel],
        "first_decision": workflow.FIRST_DECISIONS.get(referral.first_decision, ""),
        "outcome": workflow.OUTCOMES.get(referral.outcome, ""),
        "screening": _screening(referral) if sees_everything else None,
        "withdraw_form": withdraw,
        "challenge_form": challenge,
        "forms_with_errors": [f for f in (withdraw, challenge) if f is not None and f.errors],
    }


def _page(
    request: HttpRequest,
    referral: Referral,
    status: int = 200,
    **typed: forms.Form,
) -> HttpResponse:
    actor = person_of(request)
    context: dict[str, Any] = {
        "referral": referral,
        "child": referral.child,
        "sections": answers_by_section(referral.answers),
        "can_edit": policy.can_edit(actor, referral),
    }
    if referral.is_draft:
        missing = form.problems(referral.answers, timezone.localdate())
        context["missing"] = [form.FIELDS[name].label for name in missing]
    else:
        context.update(_sent_context(actor, referral, typed))
    return render(request, "referrals/referral.html", context, status=status)


@login_required
@require_GET
def referral_page(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_open(actor=person_of(request), referral_id=referral_id)
    return _page(request, referral)


def _acted(
    request: HttpRequest,
    referral: Referral,
    name: str,
    typed: forms.Form,
    act: Callable[[], object],
    success: str,
) -> HttpResponse:
    """Call the service when the form is valid: on success say so and show the referral; on a
    refusal the page comes back with the message and what was typed."""
    status = 422
    if typed.is_valid():
        try:
            act()
        except ValidationError as error:
            add_service_errors(typed, error)
        except (EditConflictError, workflow.MoveNotAllowedError):
            typed.add_error(None, CONFLICT)
            status = 409
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, success)
            return redirect(page_url(referral))
    referral.refresh_from_db()
    if "version" in typed.fields:
        # Trying again is a deliberate act on the referral as it is now (a copy of the post).
        cast(QueryDict, typed.data)["version"] = str(referral.version)
    return _page(request, referral, status, **{name: typed})


def _referrer_side(request: HttpRequest, referral_id: uuid.UUID) -> tuple[Person, Referral]:
    """The referral, for the referrer and the referring organisation's case leads only."""
    actor = person_of(request)
    referral = selectors.referral_check(actor=actor, referral_id=referral_id)
    if not policy.is_referrer_side(actor, referral):
        raise Http404
    return actor, referral


@login_required
@require_POST
def withdraw(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor, referral = _referrer_side(request, referral_id)
    typed = WithdrawForm(request.POST.copy(), auto_id="withdraw-%s")

    def act() -> object:
        return services.referral_withdraw(
            actor=actor,
            referral=referral,
            version=typed.cleaned_data["version"],
            reason=typed.cleaned_data["reason"],
        )

    success = "The referral has been withdrawn. The front door has been told."
    return _acted(request, referral, "withdraw", typed, act, success)


@login_required
@require_POST
def challenge(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    actor, referral = _referrer_side(request, referral_id)
    typed = ChallengeForm(request.POST, auto_id="challenge-%s")

    def act() -> object:
        return services.challenge_raise(
            actor=actor, referral=referral, reason=typed.cleaned_data["reason"]
        )

    success = (
        "Your follow-up has been sent to the front door's managers. You will be told when "
        "they answer."
    )
    return _acted(request, referral, "challenge", typed, act, success)


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    """The referrer's list: one's own referrals and drafts, and the sent referrals of the
    organisations where one leads on cases; newest first."""
    actor = person_of(request)
    if not access.organisations_where(actor, *RECORDERS):
        raise Http404
    filters = ListFilterForm(request.GET)
    state = filters.state_chosen()
    found = selectors.referrals_made(actor=actor, state=state)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "state": state, "page": page, "states": workflow.STATES}
    return render(request, "referrals/list.html", context)


urlpatterns = [
    path("referrals/", referral_list, name="list"),
    path("referrals/<uuid:referral_id>/", referral_page, name="referral"),
    path("referrals/<uuid:referral_id>/withdraw/", withdraw, name="withdraw"),
    path("referrals/<uuid:referral_id>/challenge/", challenge, name="challenge"),
]
