"""Publishing briefings: the partnership's administrators add one, change it (a change to its
text publishes a new version, which everyone in the audience is asked to read again), and
withdraw it. Every change is on the audit log, with identifiers only.

Edits carry the briefing's version (optimistic locking, vigil/core/versioning.py): when two
administrators edit at once, the second is told and loses nothing they typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import OrganisationKind, Person, Role
from vigil.audit.services import audit_event_record
from vigil.briefings import policy
from vigil.briefings.models import Briefing, BriefingQuestion, BriefingVersion
from vigil.core.versioning import update_versioned

KIND = "briefing"
LONGEST_TITLE = 200
LONGEST_BODY = 50_000
LONGEST_QUESTION = 300
MOST_QUESTIONS = 10
ROLES = tuple(Role.values)
KINDS = tuple(OrganisationKind.values)


def _require_manager(actor: Person) -> None:
    if not policy.can_manage(actor):
        raise PermissionDenied


def _text_problems(title: str, body: str) -> dict[str, str]:
    problems = {}
    if not title:
        problems["title"] = "Enter the briefing's title"
    elif len(title) > LONGEST_TITLE:
        problems["title"] = f"The title must be {LONGEST_TITLE} characters or fewer"
    if not body:
        problems["body"] = "Enter the briefing's text"
    elif len(body) > LONGEST_BODY:
        problems["body"] = f"The text must be {LONGEST_BODY:,} characters or fewer"
    return problems


def _question_problems(questions: list[str]) -> dict[str, str]:
    if len(questions) > MOST_QUESTIONS:
        return {"questions": f"Ask {MOST_QUESTIONS} reflective questions or fewer"}
    if any(len(q) > LONGEST_QUESTION for q in questions):
        return {"questions": f"Each question must be {LONGEST_QUESTION} characters or fewer"}
    if len(set(questions)) != len(questions):
        return {"questions": "Ask each question once"}
    return {}


def _audience_problems(roles: list[str], kinds: list[str]) -> dict[str, str]:
    problems = {}
    if not roles or set(roles) - set(ROLES):
        problems["audience_roles"] = "Select the roles the briefing is for"
    if not kinds or set(kinds) - set(KINDS):
        problems["audience_kinds"] = "Select the kinds of organisation the briefing is for"
    return problems


def _date_problems(must_read_by: date | None, before: date | None) -> dict[str, str]:
    if must_read_by is not None and must_read_by != before and must_read_by < timezone.localdate():
        return {"must_read_by": "The date to read it by must be today or in the future"}
    return {}


def _cleaned(fields: dict[str, Any], before: date | None = None) -> dict[str, Any]:
    """The briefing's values, tidied and checked; ValidationError naming every problem."""
    questions = [q.strip() for q in fields.get("questions") or () if q and q.strip()]
    values: dict[str, Any] = {
        "title": (fields.get("title") or "").strip(),
        "body": (fields.get("body") or "").strip().replace("\r\n", "\n"),
        "questions": questions,
        "audience_roles": [r for r in ROLES if r in set(fields.get("audience_roles") or ())],
        "audience_kinds": [k for k in KINDS if k in set(fields.get("audience_kinds") or ())],
        "must_read_by": fields.get("must_read_by"),
    }
    problems = (
        _text_problems(values["title"], values["body"])
        | _question_problems(questions)
        | _audience_problems(
            list(fields.get("audience_roles") or ()), list(fields.get("audience_kinds") or ())
        )
        | _date_problems(values["must_read_by"], before)
    )
    if problems:
        raise ValidationError(problems)
    return values


def _questions_set(briefing: Briefing, texts: Sequence[str]) -> bool:
    """Make the briefing's live questions these, in this order. A question kept keeps its
    answers; one taken off is retired (its answers keep its words). True when any changed."""
    live = {q.text: q for q in briefing.questions.filter(retired_at__isnull=True)}
    changed = False
    for order, text in enumerate(texts):
        kept = live.pop(text, None)
        if kept is None:
            BriefingQuestion.objects.create(briefing=briefing, text=text, order=order)
            changed = True
        elif kept.order != order:
            BriefingQuestion.objects.filter(pk=kept.pk).update(order=order)
            changed = True
    if live:
        BriefingQuestion.objects.filter(pk__in=[q.pk for q in live.values()]).update(
            retired_at=timezone.now()
        )
    return changed or bool(live)


def _version_publish(actor: Person, briefing: Briefing, number: int, values: dict) -> None:
    version = BriefingVersion.objects.create(
        briefing=briefing,
        number=number,
        title=values["title"],
        body=values["body"],
        published_by=actor,
    )
    Briefing.objects.filter(pk=briefing.pk).update(current=version)
    briefing.current = version


def briefing_publish(
    *,
    actor: Person,
    title: str,
    body: str,
    audience_roles: Iterable[str],
    audience_kinds: Iterable[str],
    questions: Iterable[str] = (),
    must_read_by: date | None = None,
) -> Briefing:
    """Publish a new briefing: its first version, its reflective questions and audience."""
    _require_manager(actor)
    values = _cleaned(
        {
            "title": title,
            "body": body,
            "questions": list(questions),
            "audience_roles": list(audience_roles),
            "audience_kinds": list(audience_kinds),
            "must_read_by": must_read_by,
        }
    )
    with transaction.atomic():
        briefing = Briefing.objects.create(
            title=values["title"],
            audience_roles=values["audience_roles"],
            audience_kinds=values["audience_kinds"],
            must_read_by=values["must_read_by"],
            created_by=actor,
        )
        _version_publish(actor, briefing, 1, values)
        _questions_set(briefing, values["questions"])
        audit_event_record(
            actor=actor,
            verb="briefing.publish",
            object_type=KIND,
            object_id=briefing.pk,
            details={"number": 1},
        )
    return briefing


FIELDS = ("title", "body", "questions", "audience_roles", "audience_kinds", "must_read_by")


def _changed(briefing: Briefing, body: str, values: dict[str, Any]) -> list[str]:
    before = {
        "title": briefing.title,
        "body": body,
        "audience_roles": briefing.audience_roles,
        "audience_kinds": briefing.audience_kinds,
        "must_read_by": briefing.must_read_by,
    }
    return sorted(name for name, value in before.items() if values[name] != value)


def briefing_update(*, actor: Person, briefing: Briefing, version: int, **fields: Any) -> Briefing:
    """Change a briefing: `fields` as for `briefing_publish` (those not given stay), `version`
    the one the form was opened on. A changed text publishes the next version, which asks
    everyone in the audience again; a change of title, audience or date does not."""
    _require_manager(actor)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"briefing_update() got unexpected fields {sorted(unknown)}")
    if briefing.withdrawn_at is not None:
        raise ValidationError("This briefing has been withdrawn: it can no longer be changed")
    current = briefing.current
    body = current.body if current else ""
    values = _cleaned(_as_it_is(briefing, body) | fields, before=briefing.must_read_by)
    changed = _changed(briefing, body, values)
    with transaction.atomic():
        update_versioned(
            briefing,
            version,
            title=values["title"],
            audience_roles=values["audience_roles"],
            audience_kinds=values["audience_kinds"],
            must_read_by=values["must_read_by"],
            updated_at=timezone.now(),
        )
        number = current.number if current else 0
        if "body" in changed:
            number += 1
            _version_publish(actor, briefing, number, values)
        if _questions_set(briefing, values["questions"]):
            changed.append("questions")
        audit_event_record(
            actor=actor,
            verb="briefing.update",
            object_type=KIND,
            object_id=briefing.pk,
            details={"number": number, "fields": sorted(changed)},
        )
    return briefing


def _as_it_is(briefing: Briefing, body: str) -> dict[str, Any]:
    questions = briefing.questions.filter(retired_at__isnull=True)
    return {
        "title": briefing.title,
        "body": body,
        "questions": list(questions.values_list("text", flat=True)),
        "audience_roles": briefing.audience_roles,
        "audience_kinds": briefing.audience_kinds,
        "must_read_by": briefing.must_read_by,
    }


def briefing_withdraw(*, actor: Person, briefing: Briefing, version: int) -> Briefing:
    """Withdraw a briefing: nobody is asked to read it any more. Its versions, the receipts
    for them and the answers to its questions stay, for the record."""
    _require_manager(actor)
    if briefing.withdrawn_at is not None:
        return briefing
    with transaction.atomic():
        update_versioned(briefing, version, withdrawn_at=timezone.now())
        audit_event_record(
            actor=actor, verb="briefing.withdraw", object_type=KIND, object_id=briefing.pk
        )
    return briefing
