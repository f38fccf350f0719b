"""Writing a referral (PROCESS.md step 5): starting a draft of a child, and the draft's page.
Thin: each parses, calls the services, renders.

The draft is one page in sections. "Save as draft" keeps whatever was typed (only a value
that could never be right is refused); "Send the referral" saves first, then sends: when
answers are missing, the page comes back naming each one, with everything typed kept (it is
in the draft already). A draft changed elsewhere since the page was opened is told, keeping
what was typed.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.concerns import selectors as concerns
from vigil.core.versioning import EditConflictError
from vigil.referrals import policy, selectors, services, workflow
from vigil.referrals.forms import ReferralDraftForm, StartForm, draft_initial
from vigil.referrals.models import Referral
from vigil.screening import policy as screening_policy
from vigil.screening import wording
from vigil.screening.selectors import latest_final
from vigil.web.errors import add_service_errors

SEND = "send"
NO_ROUTE = "The partnership has no referral route in use yet: ask an administrator to add one."


def edit_url(referral: Referral) -> str:
    return reverse("referrals:edit", kwargs={"referral_id": referral.pk})


def page_url(referral: Referral) -> str:
    return reverse("referrals:referral", kwargs={"referral_id": referral.pk})


@login_required
@require_POST
def referral_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """Start a draft referral of the child (from the file, or a concern's decision)."""
    actor = person_of(request)
    child = children.child_to_pick(actor=actor, child_id=child_id)
    start = StartForm(request.POST)
    picked = start.cleaned_data if start.is_valid() else {}
    concern = None
    if picked.get("concern"):
        concern = concerns.concern_check(actor=actor, concern_id=picked["concern"])
    route = next((r for r in selectors.routes_open() if r.code == picked.get("route")), None)
    try:
        draft = services.referral_start(actor=actor, child=child, route=route, concern=concern)
    except (PermissionDenied, ValidationError):
        # Not the person's to refer, or a concern about another child.
        raise Http404 from None
    except services.NoRouteError:
        messages.error(request, NO_ROUTE)
        return redirect(reverse("referrals:list"))
    return redirect(edit_url(draft))


def _screening(actor: Person, referral: Referral) -> dict[str, Any]:
    """The latest final screening, which will be attached when the referral is sent; its
    level is shown to those who may see the child's screenings."""
    screening = latest_final(referral.child_id)
    if screening is None:
        return {"screening": None}
    level = screening.judged_level or screening.computed_level
    shown = screening_policy.can_view(actor, screening)
    return {"screening": screening, "screening_shown": shown, "level": wording.risk(level)}


def _page(
    request: HttpRequest,
    referral: Referral,
    draft: ReferralDraftForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    actor = person_of(request)
    context = {
        "referral": referral,
        "child": referral.child,
        "form": draft,
        "sections": draft.sections(),
        "routes": draft.route_options(),
        **_screening(actor, referral),
        **extra,
    }
    return render(request, "referrals/draft.html", context, status=status)


def _keep_version(draft: ReferralDraftForm, referral: Referral) -> None:
    """The page comes back carrying the draft's version now."""
    cast(QueryDict, draft.data)["version"] = str(referral.version)


def _save(actor: Person, referral: Referral, draft: ReferralDraftForm) -> None:
    services.referral_update(
        actor=actor,
        referral=referral,
        version=draft.cleaned_data["version"],
        answers=draft.answers(),
        route=draft.route_chosen(),
    )


def _posted(request: HttpRequest, actor: Person, referral: Referral) -> HttpResponse:
    # A copy of the post: the page may come back carrying the draft's new version.
    draft = ReferralDraftForm(request.POST.copy(), routes=selectors.routes_open())
    if not draft.is_valid():
        return _page(request, referral, draft, status=422)
    try:
        _save(actor, referral, draft)
    except ValidationError as error:
        add_service_errors(draft, error)
        return _page(request, referral, draft, status=422)
    except EditConflictError as error:
        # Saving again is a deliberate act on the draft as it is now.
        referral.refresh_from_db()
        _keep_version(draft, referral)
        draft.add_error(None, str(error))
        return _page(request, referral, draft, status=409)
    except PermissionDenied:
        raise Http404 from None
    if request.POST.get("action") != SEND:
        messages.success(request, "Your draft has been saved. It has not been sent.")
        return redirect(edit_url(referral))
    return _send(request, actor, referral, draft)


def _send(
    request: HttpRequest, actor: Person, referral: Referral, draft: ReferralDraftForm
) -> HttpResponse:
    try:
        services.referral_send(actor=actor, referral=referral, version=referral.version)
    except (ValidationError, EditConflictError) as error:
        referral.refresh_from_db()
        _keep_version(draft, referral)
        add_service_errors(draft, error)
        return _page(request, referral, draft, status=422, saved=True)
    except PermissionDenied:
        raise Http404 from None
    messages.success(
        request,
        f"Your referral has been sent to {referral.route.name}. "
        f"Its reference is {referral.reference}.",
    )
    return redirect(page_url(referral))


@login_required
@require_http_methods(["GET", "POST"])
def referral_edit(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    """The draft, for its author; a referral already sent is shown on its own page."""
    actor = person_of(request)
    referral = selectors.referral_check(actor=actor, referral_id=referral_id)
    if referral.state != workflow.DRAFT:
        return redirect(page_url(referral))
    if not policy.can_edit(actor, referral):
        raise Http404
    if request.method == "POST":
        return _posted(request, actor, referral)
    initial = draft_initial(referral.answers, referral.version, referral.route)
    return _page(
        request, referral, ReferralDraftForm(initial=initial, routes=selectors.routes_open())
    )


urlpatterns = [
    path("children/<uuid:child_id>/referrals/new/", referral_new, name="new"),
    path("referrals/<uuid:referral_id>/edit/", referral_edit, name="edit"),
]
