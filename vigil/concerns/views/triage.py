"""The concerns pages: the DSL's queue and one's own concerns, a concern, the DSL's decision,
confirming the child, closing. Thin: each parses, calls one service or selector, renders."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.concerns import policy, selectors
from vigil.concerns.forms import ChildConfirmForm, CloseForm, DecisionForm
from vigil.concerns.models import Concern, Decision, DecisionKind
from vigil.concerns.services import concern_child_confirm, concern_close, concern_decide
from vigil.core import clock_kinds
from vigil.core.selectors import clock_state
from vigil.referrals import policy as referral_policy
from vigil.screening import catalogue
from vigil.screening import selectors as screenings
from vigil.web.errors import service_submit

# What the queue shows of each concern: not its text.
QUEUE_PAGE_FIELDS = (
    "id",
    "reference",
    "immediate_risk",
    "status",
    "recorded_at",
    "child__given_names",
    "child__family_name",
    "recorded_by__full_name",
)


@login_required
@require_GET
def concern_list(request: HttpRequest) -> HttpResponse:
    """A DSL's queue (immediate risk first, then the longest waiting) and one's own concerns."""
    actor = person_of(request)
    can_record = bool(children.organisations_recording_for(actor=actor))
    if not can_record:
        raise Http404
    is_dsl = bool(access.organisations_where(actor, *access.DSL_ROLES))
    waiting = selectors.triage_queue(actor=actor).only(*QUEUE_PAGE_FIELDS)
    queue = Paginator(waiting, 25).get_page(request.GET.get("page"))
    clocks = selectors.triage_clocks(list(queue)) if is_dsl else {}
    rows = [
        (c, clocks.get(c.pk), clock_state(clocks[c.pk]) if c.pk in clocks else None) for c in queue
    ]
    context = {
        "is_dsl": is_dsl,
        "queue": queue,
        "rows": rows,
        "mine": selectors.concerns_recorded_by(actor=actor)[:20],
        "can_record": can_record,
        "drafts": selectors.drafts_of(actor=actor)[:5],
        "reviews": screenings.reviews_due(actor=actor) if is_dsl else [],
        "sign_offs": screenings.awaiting_my_sign_off(actor=actor),
    }
    return render(request, "concerns/list.html", context)


def _concern(request: HttpRequest, concern_id: uuid.UUID) -> Concern:
    return selectors.concern_check(actor=person_of(request), concern_id=concern_id)


@login_required
@require_GET
def concern_detail(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    concern = selectors.concern_open(actor=actor, concern_id=concern_id)
    clocks = selectors.triage_clocks([concern])
    clock = clocks.get(concern.pk)
    decisions = list(concern.decisions.select_related("decided_by"))
    context = {
        "concern": concern,
        "indicators": [catalogue.BY_ID[i] for i in concern.indicators if i in catalogue.BY_ID],
        "decisions": decisions,
        "referring": _referring(actor, concern, decisions),
        "clock": clock,
        "clock_state": clock_state(clock) if clock else None,
        "clock_label": clock_kinds.label(clock.kind) if clock else "",
        "can_triage": policy.can_triage(actor, concern),
        "can_decide": policy.can_decide(actor, concern),
    }
    return render(request, "concerns/detail.html", context)


def _referring(actor: Person, concern: Concern, decisions: list[Decision]) -> str:
    """How the page offers a referral: "decided" when the DSL decided to refer to the MASH,
    "direct" for the recorder, who may refer when the DSL is unavailable or disagrees."""
    if not referral_policy.can_refer(actor, concern.child):
        return ""
    if policy.can_triage(actor, concern):
        return "decided" if any(d.kind == DecisionKind.REFER for d in decisions) else ""
    return "direct"


@login_required
@require_GET
def recorded(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = _concern(request, concern_id)
    return render(request, "concerns/recorded.html", {"concern": concern})


def _triage_page(request: HttpRequest, concern_id: uuid.UUID) -> Concern:
    concern = _concern(request, concern_id)
    if not policy.can_triage(person_of(request), concern):
        raise Http404
    return concern


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = _triage_page(request, concern_id)
    form = DecisionForm(request.POST or None, initial={"version": concern.version})
    done = service_submit(
        request,
        form,
        lambda: concern_decide(
            actor=person_of(request), concern=concern, **form.service_arguments()
        ),
        success="Your decision has been recorded on the child's chronology.",
        then=f"/concerns/{concern.pk}/",
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return render(
        request, "concerns/decide.html", {"concern": concern, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_child(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    concern = _triage_page(request, concern_id)
    form = ChildConfirmForm(
        request.POST or None, initial={"version": concern.version, "child_id": concern.child_id}
    )
    if request.method == "POST" and form.is_valid():
        chosen = children.child_to_pick(actor=actor, child_id=form.cleaned_data["child_id"])
        done = service_submit(
            request,
            form,
            lambda: concern_child_confirm(
                actor=actor, concern=concern, child=chosen, **_confirm(form)
            ),
            success="The child has been confirmed.",
            then=f"/concerns/{concern.pk}/",
        )
        if done:
            return done
    query = request.GET.get("q", "").strip()[:100]
    found = (
        children.children_to_pick(actor=actor, organisation_id=concern.organisation_id, query=query)
        if query
        else []
    )
    context = {"concern": concern, "form": form, "query": query, "found": found}
    return render(
        request, "concerns/confirm_child.html", context, status=422 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, concern_id: uuid.UUID) -> HttpResponse:
    concern = _triage_page(request, concern_id)
    form = CloseForm(request.POST or None, initial={"version": concern.version})
    done = service_submit(
        request,
        form,
        lambda: concern_close(actor=person_of(request), concern=concern, **form.cleaned_data),
        success="The concern is closed.",
        then=f"/concerns/{concern.pk}/",
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return render(request, "concerns/close.html", {"concern": concern, "form": form}, status=status)


def _confirm(form: ChildConfirmForm) -> dict[str, Any]:
    return {"version": form.cleaned_data["version"], "reason": form.cleaned_data["reason"]}
