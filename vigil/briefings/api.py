"""API: briefings to read, confirming a read, one's own reflective answers, and the read
reports of an organisation's case leads, with the pages' access rules.

A briefing or report the caller may not see answers 404, like one that does not exist. A
confirmation of a version that has since been replaced answers 409 (`conflict`). Reading a
report through the API hands over the whole list, so it goes on the access log like the
page's CSV export.
"""

import uuid
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.briefings import selectors, services
from vigil.briefings.audience import Standing
from vigil.briefings.models import Briefing, BriefingQuestion, ReadReceipt, ReflectiveAnswer
from vigil.briefings.rendering import markdown_to_html
from vigil.briefings.reports import Report, report_rows, report_summaries
from vigil.briefings.schemas import (
    BriefingItemOut,
    BriefingOut,
    ConfirmIn,
    ReceiptOut,
    ReflectionIn,
    ReflectionOut,
    RemindedOut,
    ReportRowOut,
    ReportSummaryOut,
)

router = Router(tags=["briefings"])


def _item(briefing: Briefing, receipt: ReadReceipt | None) -> dict[str, Any]:
    version = briefing.current
    if version is None:
        raise Http404
    read = receipt is not None and receipt.briefing_version_id == version.pk
    standing = Standing(must_read_by=briefing.must_read_by, read_current=read)
    return {
        "id": briefing.pk,
        "title": briefing.title,
        "version_id": version.pk,
        "version_number": version.number,
        "published_at": version.published_at,
        "must_read_by": briefing.must_read_by,
        "must_read": standing.must_read,
        "overdue": standing.overdue(timezone.localdate()),
        "read": read,
        "read_version_number": receipt.briefing_version.number if receipt else None,
        "read_at": receipt.read_at if receipt else None,
    }


@router.get("/briefings", response=answers({200: list[BriefingItemOut]}))
@paginate(Paged)
def briefings(request: HttpRequest) -> object:
    """The published briefings for your roles, those to read by a date first."""
    found = selectors.briefings_for(actor=api_person(request))
    return [_item(f.briefing, f.last_receipt) for f in found]


@router.get("/briefings/{briefing_id}", response=answers({200: BriefingOut}))
def briefing(request: HttpRequest, briefing_id: uuid.UUID) -> object:
    """A briefing's current text (Markdown, and the sanitised HTML the page shows), where you
    stand with it, and its reflective questions."""
    reading = selectors.briefing_to_read(actor=api_person(request), briefing_id=briefing_id)
    questions = [
        {"id": q.pk, "text": q.text, "answered": answer is not None}
        for q, answer in reading.questions
    ]
    return {
        **_item(reading.briefing, reading.last_receipt),
        "body_markdown": reading.version.body,
        "body_html": markdown_to_html(reading.version.body),
        "can_confirm": reading.can_confirm,
        "questions": questions,
    }


@router.post("/briefings/{briefing_id}/read", response=answers({201: ReceiptOut}))
def confirm(request: HttpRequest, briefing_id: uuid.UUID, payload: ConfirmIn) -> tuple[int, object]:
    """'I have read and understood' the version named (which must be the current one)."""
    actor = api_person(request)
    reading = selectors.briefing_to_read(actor=actor, briefing_id=briefing_id)
    receipt = services.briefing_read_confirm(
        actor=actor, briefing=reading.briefing, version_id=payload.version_id
    )
    return 201, {
        "briefing_id": receipt.briefing_id,
        "version_id": receipt.briefing_version_id,
        "version_number": receipt.briefing_version.number,
        "read_at": receipt.read_at,
    }


def _reflection(answer: ReflectiveAnswer) -> dict[str, Any]:
    question: BriefingQuestion = answer.question
    return {
        "id": answer.pk,
        "question_id": question.pk,
        "question": question.text,
        "briefing_id": question.briefing_id,
        "briefing_title": question.briefing.title,
        "answer": answer.answer,
        "updated_at": answer.updated_at,
        "version": answer.version,
    }


@router.get("/reflections", response=answers({200: list[ReflectionOut]}))
@paginate(Paged)
def reflections(request: HttpRequest) -> object:
    """Your own reflective answers (your development record), the newest first."""
    return [_reflection(a) for a in selectors.answers_of(actor=api_person(request))]


@router.put("/reflections/{question_id}", response=answers({200: ReflectionOut}))
def reflect(request: HttpRequest, question_id: uuid.UUID, payload: ReflectionIn) -> object:
    """Answer a reflective question, or change your answer (give the version you change)."""
    actor = api_person(request)
    question, _ = selectors.question_to_answer(actor=actor, question_id=question_id)
    saved = services.reflection_save(
        actor=actor, question=question, answer=payload.answer, version=payload.version
    )
    saved.question = question
    return _reflection(saved)


@router.get("/briefing-reports", response=answers({200: list[ReportSummaryOut]}))
@paginate(Paged)
def reports(request: HttpRequest) -> object:
    """For each organisation where you lead on safeguarding, each briefing meant for it and how
    many have read its current version."""
    return [
        {
            "organisation_id": s.organisation.pk,
            "organisation": s.organisation.name,
            "briefing_id": s.briefing.pk,
            "title": s.briefing.title,
            "version_number": s.briefing.current.number if s.briefing.current else 0,
            "withdrawn": s.briefing.withdrawn_at is not None,
            "people": s.people,
            "read": s.read,
        }
        for s in report_summaries(actor=api_person(request))
    ]


class _Rows:
    """A report's people, their rows made a page at a time, after pagination has sliced it."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def __len__(self) -> int:
        return self.report.people.count()

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        rows = report_rows(self.report, self.report.people[part])
        return [
            {
                "person_id": r.person.pk,
                "name": r.person.full_name or r.person.username,
                "roles": r.roles,
                "version_number": self.report.version.number,
                "read": r.read,
                "read_at": r.read_at,
                "last_version_read": r.last_number,
                "last_read_at": r.last_read_at,
            }
            for r in rows
        ]


@router.get(
    "/briefing-reports/{organisation_id}/{briefing_id}",
    response=answers({200: list[ReportRowOut]}),
)
@paginate(Paged)
def report(
    request: HttpRequest, organisation_id: uuid.UUID, briefing_id: uuid.UUID, version: int = 0
) -> object:
    """Who of the organisation's people in the briefing's audience has and has not read a
    version (the current one unless `version` names another). On the access log."""
    found = services.read_report_export(
        actor=api_person(request),
        organisation_id=organisation_id,
        briefing_id=briefing_id,
        number=version if 0 < version < 100_000 else None,
    )
    return _Rows(found)


@router.post(
    "/briefing-reports/{organisation_id}/{briefing_id}/remind",
    response=answers({200: RemindedOut}),
)
def remind(request: HttpRequest, organisation_id: uuid.UUID, briefing_id: uuid.UUID) -> object:
    """Remind (in Vigil and by e-mail) those who have not read the current version; once a
    day at most."""
    sent = services.briefing_reminders_send(
        actor=api_person(request), organisation_id=organisation_id, briefing_id=briefing_id
    )
    return {"reminded": sent}
