"""A missing episode's pages: the episode (its opening on the access log), recording the
return, recording the return home interview, and a concern started from a disclosure made at
it. Thin: each parses, calls one service or selector, renders. An episode the person may not
see, or may not act on now, answers 404 as one that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.accounts.policy import person_of
from vigil.core import clock_kinds
from vigil.core.selectors import clock_state
from vigil.missing import policy, rules, selectors
from vigil.missing.forms import InterviewForm, ReturnForm
from vigil.missing.models import Episode
from vigil.missing.services import episode_return, interview_concern_start, interview_record
from vigil.missing.submitting import submitted

RETURNED = (
    "The return has been recorded. The return home interview is due within 72 hours: "
    "your designated safeguarding leads have been told."
)
INTERVIEW_SAVED = {
    rules.OFFERED: "The offer of a return home interview has been recorded.",
    rules.DECLINED: "The child's decision to decline the interview has been recorded.",
    rules.DONE: "The return home interview has been recorded.",
}


@login_required
@require_GET
def episode_page(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    found = selectors.episode_open(actor=actor, episode_id=episode_id)
    episode = found.episode
    context = {
        "episode": episode,
        "child": episode.child,
        "interviews": [
            (interview, policy.can_start_concern(actor, interview))
            for interview in found.interviews
        ],
        "clock": found.clock,
        "clock_state": clock_state(found.clock) if found.clock else "",
        "clock_label": clock_kinds.label(selectors.CLOCK),
        "now": timezone.now(),
        "can_return": policy.can_record_return(actor, episode),
        "can_interview": policy.can_record_interview(actor, episode),
        "reads_file": policy.reads_whole_file(actor, episode.child),
    }
    return render(request, "missing/episode.html", context)


def _episode_for(request: HttpRequest, episode_id: uuid.UUID, may: object) -> Episode:
    episode = selectors.episode_check(actor=person_of(request), episode_id=episode_id)
    if not may(person_of(request), episode):  # type: ignore[operator]
        raise Http404
    return episode


@login_required
@require_http_methods(["GET", "POST"])
def return_page(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    """The child's return: when, where found, who with, condition and health."""
    actor = person_of(request)
    episode = _episode_for(request, episode_id, policy.can_record_return)
    form = ReturnForm(
        request.POST if request.method == "POST" else None, initial={"version": episode.version}
    )
    done = submitted(
        request,
        form,
        lambda: episode_return(actor=actor, episode=episode, **form.return_fields()),
        success=RETURNED,
    )
    if done is not None:
        return redirect(episode.get_absolute_url())
    context = {"form": form, "episode": episode, "child": episode.child}
    return render(request, "missing/return.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def interview_page(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    """The return home interview: offered, declined or held, by whom, when, the child's own
    words, push and pull factors, disclosures."""
    actor = person_of(request)
    episode = _episode_for(request, episode_id, policy.can_record_interview)
    form = InterviewForm(
        request.POST if request.method == "POST" else None, initial={"version": episode.version}
    )
    done = submitted(
        request,
        form,
        lambda: interview_record(actor=actor, episode=episode, **form.interview_fields()),
        success=INTERVIEW_SAVED.get(request.POST.get("outcome", ""), "Recorded."),
    )
    if done is not None:
        return redirect(episode.get_absolute_url())
    context = {
        "form": form,
        "episode": episode,
        "child": episode.child,
        "clock": selectors.interview_clock(episode),
        "now": timezone.now(),
    }
    return render(request, "missing/interview.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def concern_from_disclosure(request: HttpRequest, interview_id: uuid.UUID) -> HttpResponse:
    """A disclosure at the interview starts a concern in one step: the draft's first step."""
    actor = person_of(request)
    interview = selectors.interview_check(actor=actor, interview_id=interview_id)
    if not policy.can_start_concern(actor, interview):
        raise Http404
    draft = interview_concern_start(actor=actor, interview=interview)
    return redirect(f"/concerns/drafts/{draft.pk}/risk/")


urlpatterns = [
    path("missing/episodes/<uuid:episode_id>/", episode_page, name="episode"),
    path("missing/episodes/<uuid:episode_id>/return/", return_page, name="return"),
    path("missing/episodes/<uuid:episode_id>/interview/", interview_page, name="interview"),
    path(
        "missing/interviews/<uuid:interview_id>/concern/",
        concern_from_disclosure,
        name="concern",
    ),
]
