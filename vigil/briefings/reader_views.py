"""The reader's pages: "Briefings to read", a briefing with "I have read and understood", a
version as it was published, a reflective question, and "My development record". Thin: each
parses, calls one selector or service, renders.

A briefing the person may not open answers 404, like one that does not exist. A confirmation
of a version that has since been replaced is refused (409) and the page shows the new text.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.briefings import selectors, services
from vigil.briefings.forms import ConfirmReadForm, ReflectionForm
from vigil.briefings.rendering import briefing_html
from vigil.core.versioning import EditConflictError
from vigil.web.errors import service_submit

PAGE_SIZE = 25


@login_required
@require_GET
def briefings_list(request: HttpRequest) -> HttpResponse:
    found = selectors.briefings_for(actor=person_of(request))
    context = {
        "waiting": [b for b in found if b.standing.waiting],
        "read": [b for b in found if not b.standing.waiting],
    }
    return render(request, "briefings/list.html", context)


def _reading(
    request: HttpRequest, actor: Person, briefing_id: uuid.UUID, form: ConfirmReadForm | None
) -> dict[str, Any]:
    reading = selectors.briefing_to_read(actor=actor, briefing_id=briefing_id)
    receipt = reading.last_receipt
    return {
        "reading": reading,
        "briefing": reading.briefing,
        "version": reading.version,
        "body": briefing_html(reading.version.body),
        "read_current": receipt is not None and receipt.briefing_version_id == reading.version.pk,
        "form": form or ConfirmReadForm(initial={"version_id": reading.version.pk}),
    }


@login_required
@require_GET
def briefing_read(request: HttpRequest, briefing_id: uuid.UUID) -> HttpResponse:
    context = _reading(request, person_of(request), briefing_id, None)
    return render(request, "briefings/read.html", context)


MISSING_VERSION = (
    "Your confirmation did not say which version you read, so nothing has been saved. "
    "Read the briefing below, then confirm again."
)


def _refused(
    request: HttpRequest, actor: Person, reading: selectors.Reading, problem: str, status: int
) -> HttpResponse:
    """The briefing again, saying why the confirmation was refused; the confirmation offered
    is for the version current now."""
    form = ConfirmReadForm({"version_id": reading.version.pk})
    form.is_valid()
    form.add_error(None, problem)
    context = _reading(request, actor, reading.briefing.pk, form)
    return render(request, "briefings/read.html", context, status=status)


@login_required
@require_POST
def briefing_confirm(request: HttpRequest, briefing_id: uuid.UUID) -> HttpResponse:
    """'I have read and understood' this version; then on to the rest of the list."""
    actor = person_of(request)
    reading = selectors.briefing_to_read(actor=actor, briefing_id=briefing_id)
    if not reading.can_confirm:
        raise Http404
    form = ConfirmReadForm(request.POST)
    if not form.is_valid():
        return _refused(request, actor, reading, MISSING_VERSION, 422)
    try:
        services.briefing_read_confirm(
            actor=actor, briefing=reading.briefing, version_id=form.cleaned_data["version_id"]
        )
    except PermissionDenied:
        raise Http404 from None
    except EditConflictError as error:
        return _refused(request, actor, reading, str(error), 409)
    messages.success(request, f"Thank you: you have confirmed you read “{reading.briefing}”.")
    return redirect("briefings:list")


@login_required
@require_GET
def version_read(request: HttpRequest, version_id: uuid.UUID) -> HttpResponse:
    version = selectors.version_to_read(actor=person_of(request), version_id=version_id)
    context = {"version": version, "body": briefing_html(version.body)}
    return render(request, "briefings/version.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def question_answer(request: HttpRequest, question_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    question, answer = selectors.question_to_answer(actor=actor, question_id=question_id)
    initial = {"answer": answer.answer, "version": answer.version} if answer else {}
    form = ReflectionForm(request.POST or None, initial=initial)
    done = service_submit(
        request,
        form,
        lambda: services.reflection_save(
            actor=actor,
            question=question,
            answer=form.cleaned_data["answer"],
            version=form.cleaned_data.get("version"),
        ),
        success="Your answer has been saved in your development record.",
        then=reverse("briefings:development-record"),
    )
    context = {"form": form, "question": question, "answer": answer}
    return done or render(request, "briefings/question.html", context)


@login_required
@require_GET
def development_record(request: HttpRequest) -> HttpResponse:
    """The person's own record: their reflective answers and the briefings they confirmed."""
    actor = person_of(request)
    answers = Paginator(selectors.answers_of(actor=actor), PAGE_SIZE)
    context = {
        "page": answers.get_page(request.GET.get("page")),
        "confirmed": selectors.briefings_confirmed(actor=actor),
    }
    return render(request, "briefings/development_record.html", context)


urlpatterns = [
    path("briefings/", briefings_list, name="list"),
    path("briefings/<uuid:briefing_id>/", briefing_read, name="read"),
    path("briefings/<uuid:briefing_id>/confirm/", briefing_confirm, name="confirm"),
    path("briefings/versions/<uuid:version_id>/", version_read, name="version"),
    path("briefings/questions/<uuid:question_id>/", question_answer, name="question"),
    path("development-record/", development_record, name="development-record"),
]
