"""Reading briefings: the ones waiting for a person, one briefing or version to read, a
reflective question to answer, the person's development record, and the administrators' lists.

A briefing or question the person may not open answers 404, like one that does not exist.
The sign-in check (`must_read_count`) costs three small queries, and runs only at sign-in and
on the home page, never on every page.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.briefings import policy
from vigil.briefings.audience import Standing, reading_order
from vigil.briefings.models import (
    Briefing,
    BriefingQuestion,
    BriefingVersion,
    ReadReceipt,
    ReflectiveAnswer,
)


@dataclass(frozen=True)
class ForReader:
    """One briefing of the person's audience, with where they stand with it."""

    briefing: Briefing
    standing: Standing
    last_receipt: ReadReceipt | None
    overdue: bool


def _live() -> QuerySet[Briefing]:
    return Briefing.objects.filter(withdrawn_at__isnull=True, current__isnull=False)


def _theirs(actor: Person) -> list[Briefing]:
    held = policy.held(actor)
    if not held:
        return []
    found = _live().select_related("current").defer("current__body")
    return [b for b in found if policy.audience_of(b).includes_any(held)]


def _latest_receipts(actor: Person, briefings: list[Briefing]) -> dict[uuid.UUID, ReadReceipt]:
    receipts = ReadReceipt.objects.filter(
        person=actor, briefing_id__in=[b.pk for b in briefings]
    ).select_related("briefing_version")
    latest: dict[uuid.UUID, ReadReceipt] = {}
    for receipt in receipts.order_by("read_at"):
        latest[receipt.briefing_id] = receipt
    return latest


def briefings_for(*, actor: Person) -> list[ForReader]:
    """Every published briefing for the person: those with a date to read them by first."""
    theirs = _theirs(actor)
    latest = _latest_receipts(actor, theirs)
    today = timezone.localdate()
    found = []
    for briefing in sorted(theirs, key=lambda b: reading_order(b.must_read_by, b.title)):
        receipt = latest.get(briefing.pk)
        read = receipt is not None and receipt.briefing_version_id == briefing.current_id
        standing = Standing(must_read_by=briefing.must_read_by, read_current=read)
        found.append(ForReader(briefing, standing, receipt, standing.overdue(today)))
    return found


def must_read_count(*, actor: Person) -> int:
    """How many briefings the person must read and has not read in their current version."""
    held = policy.held(actor)
    if not held:
        return 0
    due = (
        _live()
        .filter(must_read_by__isnull=False)
        .only("id", "audience_roles", "audience_kinds", "current_id")
    )
    current = {b.current_id for b in due if policy.audience_of(b).includes_any(held)}
    if not current:
        return 0
    read = ReadReceipt.objects.filter(person=actor, briefing_version_id__in=current).count()
    return len(current) - read


@dataclass(frozen=True)
class Reading:
    """A briefing opened to read: its current version, the person's last receipt, whether they
    may confirm it, and its reflective questions with the person's own answers."""

    briefing: Briefing
    version: BriefingVersion
    last_receipt: ReadReceipt | None
    can_confirm: bool
    questions: list[tuple[BriefingQuestion, ReflectiveAnswer | None]]


def briefing_to_read(*, actor: Person, briefing_id: uuid.UUID) -> Reading:
    briefing = Briefing.objects.select_related("current").filter(pk=briefing_id).first()
    if briefing is None or briefing.current is None or not policy.can_read(actor, briefing):
        raise Http404
    member = briefing.withdrawn_at is None and policy.in_audience(actor, briefing)
    receipt = _latest_receipts(actor, [briefing]).get(briefing.pk)
    questions = list(briefing.questions.filter(retired_at__isnull=True))
    answers = {
        a.question_id: a
        for a in ReflectiveAnswer.objects.filter(person=actor, question__in=questions)
    }
    return Reading(
        briefing=briefing,
        version=briefing.current,
        last_receipt=receipt,
        can_confirm=member,
        questions=[(q, answers.get(q.pk)) for q in questions] if member else [],
    )


def version_to_read(*, actor: Person, version_id: uuid.UUID) -> BriefingVersion:
    """A version as published: for whoever confirmed it, and whoever may open the briefing."""
    version = BriefingVersion.objects.select_related("briefing").filter(pk=version_id).first()
    if version is None:
        raise Http404
    confirmed = ReadReceipt.objects.filter(person=actor, briefing_version=version).exists()
    if not (confirmed or policy.can_read(actor, version.briefing)):
        raise Http404
    return version


def question_to_answer(
    *, actor: Person, question_id: uuid.UUID
) -> tuple[BriefingQuestion, ReflectiveAnswer | None]:
    """A question the person may answer (a live one of a briefing for them), or one they have
    answered already; with their own answer. Nobody else's answer is ever read here."""
    question = BriefingQuestion.objects.select_related("briefing").filter(pk=question_id).first()
    if question is None:
        raise Http404
    answer = ReflectiveAnswer.objects.filter(person=actor, question=question).first()
    briefing = question.briefing
    open_to_answer = (
        question.retired_at is None
        and briefing.withdrawn_at is None
        and policy.in_audience(actor, briefing)
    )
    if answer is None and not open_to_answer:
        raise Http404
    return question, answer


def answers_of(*, actor: Person) -> QuerySet[ReflectiveAnswer]:
    """The person's own reflective answers, newest first: their development record."""
    return ReflectiveAnswer.objects.filter(person=actor).select_related("question__briefing")


def briefings_confirmed(*, actor: Person) -> list[ReadReceipt]:
    """The person's latest receipt for each briefing they confirmed, newest first: one row a
    briefing (a handful, however long they work here), each naming the version read."""
    receipts = (
        ReadReceipt.objects.filter(person=actor)
        .select_related("briefing", "briefing_version")
        .defer("briefing_version__body")
    )
    latest: dict[uuid.UUID, ReadReceipt] = {}
    for receipt in receipts.order_by("read_at"):
        latest[receipt.briefing_id] = receipt
    return sorted(latest.values(), key=lambda r: r.read_at, reverse=True)


# Administration ---------------------------------------------------------------------------


def _manager(actor: Person | None) -> None:
    if not policy.can_manage(actor):
        raise Http404


def briefings_managed(*, actor: Person) -> QuerySet[Briefing]:
    """Every briefing, published or withdrawn, newest first."""
    _manager(actor)
    return Briefing.objects.select_related("current").defer("current__body")


def briefing_for_admin(*, actor: Person, briefing_id: uuid.UUID) -> Briefing:
    _manager(actor)
    briefing = Briefing.objects.select_related("current").filter(pk=briefing_id).first()
    if briefing is None:
        raise Http404
    return briefing


def versions_of(briefing: Briefing) -> QuerySet[BriefingVersion]:
    return briefing.versions.select_related("published_by").defer("body").order_by("-number")


def live_questions(briefing: Briefing) -> list[str]:
    return list(briefing.questions.filter(retired_at__isnull=True).values_list("text", flat=True))
