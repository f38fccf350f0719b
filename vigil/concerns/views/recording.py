"""Recording a concern, step by step, on a draft kept on the server.

Each step's answers are saved to the draft before they are checked, so that a validation error,
a timeout or a lost connection loses nothing; where JavaScript runs, the page also saves as the
person types (`autosave`). Works without JavaScript, by keyboard alone, on a 320 px screen.
"""

from __future__ import annotations

import uuid
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts.policy import person_of
from vigil.children import selectors as children
from vigil.children.policy import acting_role
from vigil.concerns import recording, selectors
from vigil.concerns.forms import STEP_FORMS
from vigil.concerns.language import wording_prompts
from vigil.concerns.models import Draft
from vigil.concerns.services import concern_record, draft_discard, draft_save, draft_start
from vigil.core.versioning import EditConflictError
from vigil.screening import catalogue
from vigil.web import unsent


def step_url(draft: Draft, step: str) -> str:
    return f"/concerns/drafts/{draft.pk}/{step}/"


def _next(draft: Draft, step: str) -> str:
    """After a step: back to the check page when it was already reached, else the next step."""
    if draft.data.get("_reached_check"):
        return step_url(draft, "check")
    return step_url(draft, recording.STEPS[recording.STEPS.index(step) + 1])


def _posted(request: HttpRequest, step: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in recording.POSTED[step]:
        if name == "indicators":
            values[name] = _indicators_posted(request)
        elif name in request.POST:
            values[name] = request.POST.get(name, "")[: recording.LONGEST_TEXT + 1]
    return values


def _indicators_posted(request: HttpRequest) -> list[str]:
    """Ticked signs; signs hidden by a search keep their earlier answer."""
    shown = set(request.POST.getlist("shown"))
    kept = [i for i in request.POST.getlist("_previous") if i not in shown]
    ticked = [i for i in request.POST.getlist("indicators") if i in catalogue.BY_ID]
    return list(dict.fromkeys([*kept, *ticked]))


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Record a concern: continue a draft, or start one (choosing where, if several places)."""
    actor = person_of(request)
    places = children.organisations_recording_for(actor=actor)
    if not places:
        raise Http404
    if request.method == "POST":
        chosen = request.POST.get("organisation") or str(places[0].pk)
        organisation = next((o for o in places if str(o.pk) == chosen), None)
        if organisation is None:
            raise Http404
        follows = _closed_concern(request, actor)
        if follows is not None:
            organisation = follows.organisation
        draft = draft_start(actor=actor, organisation=organisation, follows=follows)
        return redirect(step_url(draft, "risk"))
    context = {"places": places, "drafts": selectors.drafts_of(actor=actor)[:10]}
    return render(request, "concerns/start.html", context)


def _closed_concern(request: HttpRequest, actor: Any) -> Any:
    """The closed concern that new information follows, if the person may see it."""
    try:
        earlier = uuid.UUID(request.POST.get("follows", ""))
    except ValueError:
        return None
    return selectors.concern_check(actor=actor, concern_id=earlier)


def _draft(request: HttpRequest, draft_id: uuid.UUID) -> Draft:
    return selectors.draft_for(actor=person_of(request), draft_id=draft_id)


def _save(request: HttpRequest, draft: Draft, values: dict[str, Any]) -> str | None:
    """Save the typed values; the message to show when another window saved first."""
    try:
        version = int(request.POST.get("version", draft.version))
        draft_save(actor=person_of(request), draft=draft, version=version, values=values)
    except EditConflictError:
        draft_save(actor=person_of(request), draft=draft, version=draft.version, values=values)
        return (
            "This concern was also open in another window. What you typed here has been kept: "
            "check it, then continue."
        )
    except ValueError:
        return "Something went wrong saving this page. Check your answers and try again."
    return None


def keeping_typing(view: Any) -> Any:
    """Like login_required, but a POST from someone whose session has gone is kept for them
    (vigil/web/unsent.py), to be put back into their draft when they have signed in again."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            unsent.keep(request)
            return redirect_to_login(request.path)
        return view(request, *args, **kwargs)

    return wrapped


def _restore(request: HttpRequest, draft: Draft, step: str) -> Draft:
    """Put back what was typed on this page just before the person was signed out."""
    typed = unsent.take(request)
    if typed is None:
        return draft
    names = recording.POSTED[step]
    values: dict[str, Any] = {
        name: (items if name == "indicators" else items[-1])
        for name, items in typed.items()
        if name in names and items
    }
    messages.info(
        request,
        "You were signed out before this page was saved. What you typed has been kept: check it, then continue.",
    )
    return draft_save(actor=person_of(request), draft=draft, version=draft.version, values=values)


@keeping_typing
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, draft_id: uuid.UUID, step: str) -> HttpResponse:
    if step not in recording.STEPS:
        raise Http404
    draft = _draft(request, draft_id)
    if request.method == "GET":
        draft = _restore(request, draft, step)
    if step == "child":
        return child_step(request, draft)
    if step == "indicators":
        return indicators_step(request, draft)
    if step == "check":
        return check_step(request, draft)
    errors: dict[str, str] = {}
    conflict = None
    if request.method == "POST":
        conflict = _save(request, draft, _posted(request, step))
        _, errors = recording.check(draft.data, today=timezone.localdate(), steps=(step,))
        if not errors and not conflict:
            if step == "risk" and draft.data.get("immediate_risk") == "yes":
                return redirect(step_url(draft, "emergency"))
            return redirect(_next(draft, step))
    form = STEP_FORMS[step]({**draft.data, "version": draft.version})
    form.is_valid()
    for name, message in errors.items():
        form.add_error(name, message)
    if conflict:
        form.add_error(None, conflict)
    return _render_step(request, draft, step, form, status=422 if errors or conflict else 200)


def _render_step(
    request: HttpRequest,
    draft: Draft,
    step: str,
    form: Any,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    index = recording.STEPS.index(step)
    context = {
        "draft": draft,
        "step": step,
        "title": recording.TITLES[step],
        "number": index + 1,
        "of": len(recording.STEPS),
        "back": step_url(draft, recording.STEPS[index - 1]) if index else "/concerns/new/",
        "form": form,
        "prompts": wording_prompts(
            {k: str(draft.data.get(k, "")) for k in ("seen_or_heard", "others_involved")}
        )
        if step == "what"
        else [],
        **(extra or {}),
    }
    return render(request, f"concerns/steps/{step}.html", context, status=status)


@login_required
def emergency(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    """Shown first when the recorder says the child may be at immediate risk."""
    draft = _draft(request, draft_id)
    return render(
        request, "concerns/emergency.html", {"draft": draft, "next": _next(draft, "risk")}
    )


def child_step(request: HttpRequest, draft: Draft) -> HttpResponse:
    actor = person_of(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        conflict = _save(request, draft, _posted(request, "child"))
        _, errors = recording.check(draft.data, today=timezone.localdate(), steps=("child",))
        chosen = draft.data.get("child_id")
        if not errors and not conflict:
            children.child_to_pick(actor=actor, child_id=uuid.UUID(str(chosen)))
            return redirect(_next(draft, "child"))
    query = request.GET.get("q", "").strip()[:100]
    found = children.children_to_pick(
        actor=actor, organisation_id=draft.organisation_id, query=query
    )
    chosen = _picked(actor, draft)
    context = {"query": query, "found": found, "chosen": chosen, "errors": errors}
    return _render_step(request, draft, "child", None, 422 if errors else 200, context)


def _picked(actor: Any, draft: Draft) -> Any:
    try:
        return children.child_to_pick(actor=actor, child_id=uuid.UUID(str(draft.data["child_id"])))
    except (KeyError, ValueError, Http404):
        return None


def indicators_step(request: HttpRequest, draft: Draft) -> HttpResponse:
    if request.method == "POST":
        _save(request, draft, _posted(request, "indicators"))
        if "search" not in request.POST:
            return redirect(_next(draft, "indicators"))
    query = (request.POST.get("q") or request.GET.get("q", "")).strip()[:100]
    shown = catalogue.search(query) if query else catalogue.INDICATORS
    groups = [(group, [i for i in shown if i.group == group.code]) for group in catalogue.GROUPS]
    context = {
        "query": query,
        "groups": groups,
        "ticked": set(draft.data.get("indicators") or []),
        "previous": draft.data.get("indicators") or [],
    }
    return _render_step(request, draft, "indicators", None, extra=context)


def check_step(request: HttpRequest, draft: Draft) -> HttpResponse:
    actor = person_of(request)
    if not draft.data.get("_reached_check"):
        draft_save(actor=actor, draft=draft, version=draft.version, values={"_reached_check": True})
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            concern = concern_record(
                actor=actor, organisation=draft.organisation, data=draft.data, draft=draft
            )
        except ValidationError as error:
            errors = {k: v[0] for k, v in error.message_dict.items()}
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect(f"/concerns/{concern.pk}/recorded/")
    else:
        _, errors = recording.check(draft.data, today=timezone.localdate())
    context = {
        "answers": _answers(actor, draft),
        "errors": errors,
        "first_missing": recording.first_incomplete(draft.data, today=timezone.localdate()),
        "prompts": wording_prompts(
            {
                k: str(draft.data.get(k, ""))
                for k in ("seen_or_heard", "childs_words", "others_involved")
            }
        ),
        "role": acting_role(actor, draft.organisation_id),
    }
    status = 422 if request.method == "POST" else 200
    return _render_step(request, draft, "check", None, status, context)


def _answers(actor: Any, draft: Draft) -> dict[str, Any]:
    data = draft.data
    return {
        "immediate_risk": {"yes": "Yes", "no": "No"}.get(str(data.get("immediate_risk")), ""),
        "child": _picked(actor, draft),
        "seen_or_heard": data.get("seen_or_heard", ""),
        "childs_words": data.get("childs_words", ""),
        "date": "/".join(
            str(data.get(f"happened_on_{p}", "")) for p in ("day", "month", "year")
        ).strip("/"),
        "time": data.get("happened_time", ""),
        "location": data.get("location", ""),
        "indicators": [
            catalogue.BY_ID[i] for i in data.get("indicators") or [] if i in catalogue.BY_ID
        ],
        "others_involved": data.get("others_involved", ""),
    }


@login_required
@require_POST
def autosave(request: HttpRequest, draft_id: uuid.UUID) -> JsonResponse:
    """Save as the person types (JavaScript): the step's fields, and the draft's new version."""
    draft = _draft(request, draft_id)
    step = request.POST.get("step", "")
    if step not in recording.POSTED:
        return JsonResponse(
            {"error": {"code": "invalid-step", "message": "Unknown step."}}, status=400
        )
    try:
        version = int(request.POST.get("version", ""))
        draft_save(
            actor=person_of(request), draft=draft, version=version, values=_posted(request, step)
        )
    except EditConflictError as error:
        return JsonResponse(
            {"error": {"code": "conflict", "message": str(error)}, "version": draft.version},
            status=409,
        )
    except ValueError:
        return JsonResponse(
            {"error": {"code": "invalid-version", "message": "Reload the page."}}, status=400
        )
    return JsonResponse(
        {
            "version": draft.version,
            "saved_at": timezone.localtime(draft.updated_at).strftime("%H:%M"),
        }
    )


@login_required
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, draft_id: uuid.UUID) -> HttpResponse:
    draft = _draft(request, draft_id)
    if request.method == "POST":
        draft_discard(actor=person_of(request), draft=draft)
        return redirect("/concerns/new/")
    context = {
        "title": "Delete this unfinished concern?",
        "body": "Nothing in it has been recorded. Once deleted, what you typed cannot be recovered.",
        "button": "Delete unfinished concern",
        "cancel": step_url(
            draft, recording.first_incomplete(draft.data, today=timezone.localdate())
        ),
        "warning": True,
    }
    return render(request, "web/confirm.html", context)
