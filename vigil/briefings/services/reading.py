"""Reading a briefing: "I have read and understood", and the private answers to its reflective
questions.

A receipt names the version read: when a new version is published while someone is reading,
their confirmation is refused (they read the old text) and they are asked to read the new one.
A reflective answer is its author's alone; the audit log records that it was saved, never
what it says.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.audit.services import audit_event_record
from vigil.briefings import policy
from vigil.briefings.models import (
    Briefing,
    BriefingQuestion,
    BriefingVersion,
    ReadReceipt,
    ReflectiveAnswer,
)
from vigil.core.versioning import EditConflictError, update_versioned

LONGEST_ANSWER = 10_000


class NewerVersionError(EditConflictError):
    """The version confirmed is no longer the current one."""

    message = (
        "A new version of this briefing was published while you were reading it, so nothing "
        "has been saved. Read the new version below, then confirm again."
    )


def briefing_read_confirm(
    *, actor: Person, briefing: Briefing, version_id: uuid.UUID
) -> ReadReceipt:
    """Record that the person has read and understood this version of the briefing. Confirming
    a version again changes nothing: the first receipt stands, with its time."""
    if briefing.withdrawn_at is not None or not policy.in_audience(actor, briefing):
        raise PermissionDenied
    current = Briefing.objects.filter(pk=briefing.pk).values_list("current_id", flat=True).first()
    if current != version_id:
        raise NewerVersionError()
    version = BriefingVersion.objects.get(pk=version_id)
    existing = ReadReceipt.objects.filter(person=actor, briefing_version=version).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            receipt = ReadReceipt.objects.create(
                person=actor, briefing=briefing, briefing_version=version
            )
            audit_event_record(
                actor=actor,
                verb="briefing.read",
                object_type="briefing",
                object_id=briefing.pk,
                details={"number": version.number},
            )
    except IntegrityError:
        # The same person confirmed at the same moment elsewhere (two tabs): theirs stands.
        return ReadReceipt.objects.get(person=actor, briefing_version=version)
    return receipt


def _may_answer(actor: Person, question: BriefingQuestion) -> bool:
    briefing = question.briefing
    return (
        question.retired_at is None
        and briefing.withdrawn_at is None
        and policy.in_audience(actor, briefing)
    )


def _text(answer: str) -> str:
    text = (answer or "").strip()
    if not text:
        raise ValidationError({"answer": "Write your answer"})
    if len(text) > LONGEST_ANSWER:
        raise ValidationError(
            {"answer": f"Your answer must be {LONGEST_ANSWER:,} characters or fewer"}
        )
    return text


def reflection_save(
    *, actor: Person, question: BriefingQuestion, answer: str, version: int | None = None
) -> ReflectiveAnswer:
    """Save the person's own answer to a reflective question: a first answer (`version` None),
    or a change to the answer at `version`. One may always change an answer already given,
    even after the briefing is withdrawn; a first answer needs the briefing to be for them."""
    text = _text(answer)
    mine = ReflectiveAnswer.objects.filter(person=actor, question=question).first()
    if mine is None and not _may_answer(actor, question):
        raise PermissionDenied
    with transaction.atomic():
        if mine is None:
            if version is not None:
                raise EditConflictError()
            try:
                with transaction.atomic():
                    mine = ReflectiveAnswer.objects.create(
                        person=actor, question=question, answer=text
                    )
            except IntegrityError:
                raise EditConflictError() from None
        elif version is None:
            raise EditConflictError()
        else:
            update_versioned(mine, version, answer=text, updated_at=timezone.now())
        audit_event_record(
            actor=actor,
            verb="reflection.save",
            object_type="reflective-answer",
            object_id=mine.pk,
            details={"question": str(question.pk)},
        )
    return mine
