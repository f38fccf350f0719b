"""The return home interview: offered by an independent person, declined by the child, or
held (PROCESS.md: within 72 hours of the return; the child may decline). Declined or held
stops its clock. A disclosure made at it starts a concern in one step.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.audit.services import audit_event_record
from vigil.children.models import EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.concerns.models import Draft
from vigil.concerns.services import draft_start
from vigil.core.calendar import local_date
from vigil.core.services.timekeeping import clocks_stop_for
from vigil.core.versioning import EditConflictError
from vigil.missing import policy, rules
from vigil.missing.checks import Problems
from vigil.missing.models import Episode, ReturnInterview
from vigil.missing.services.episodes import CLOCK

TITLES = {
    rules.OFFERED: "Return home interview offered",
    rules.DECLINED: "Return home interview declined by the child",
    rules.DONE: "Return home interview held",
}


def _outcome_problem(episode: Episode, outcome: str) -> str | None:
    if outcome not in rules.OUTCOMES:
        return "Choose whether the interview was offered, declined or held"
    if not episode.returned:
        return "Record the child's return first: the interview follows it"
    if not rules.may_record(episode.interview, outcome):
        if episode.interview == rules.DONE:
            return "The interview was held already: nothing more can be recorded on it"
        return "The child declined the interview: record it as held if it took place later"
    return None


def _checked(episode: Episode, outcome: str, fields: dict[str, Any]) -> dict[str, Any]:
    problems = Problems()
    problem = _outcome_problem(episode, outcome)
    if problem:
        problems.add("outcome", problem)
    clean: dict[str, Any] = {
        "happened_at": problems.moment(
            "happened_at",
            fields.get("happened_at"),
            what="when it happened",
            now=timezone.now(),
            not_before=episode.returned_at,
            before_what="the child returned",
        ),
        "interviewer": problems.text(
            "interviewer",
            fields.get("interviewer"),
            what="the independent person's name",
            longest=200,
        ),
        "interviewer_role": problems.text(
            "interviewer_role",
            fields.get("interviewer_role"),
            what="their organisation or role",
            longest=200,
        ),
    }
    for name, what in (
        ("childs_words", "what the child said"),
        ("disclosures", "the disclosures"),
        ("note", "the note"),
    ):
        clean[name] = problems.text(
            name, fields.get(name), what=what, longest=rules.LONG_TEXT, required=False
        )
    _factors(problems, clean, fields, held=outcome == rules.DONE)
    problems.raise_any()
    return clean


def _factors(
    problems: Problems, clean: dict[str, Any], fields: dict[str, Any], *, held: bool
) -> None:
    for side, known in (("push", rules.PUSH_FACTORS), ("pull", rules.PULL_FACTORS)):
        other = problems.text(
            f"{side}_other",
            fields.get(f"{side}_other"),
            what="the other factor",
            longest=rules.SHORT_TEXT,
            required=False,
        )
        chosen = problems.factors(
            f"{side}_factors",
            fields.get(f"{side}_factors"),
            other,
            known,
            f"{side}_other",
        )
        if (chosen or other) and not held:
            problems.add(f"{side}_factors", rules.ONLY_WHEN_HELD)
        clean[f"{side}_factors"], clean[f"{side}_other"] = chosen, other


def interview_record(
    *,
    actor: Person,
    episode: Episode,
    version: int,
    outcome: str,
    happened_at: datetime | None,
    interviewer: str,
    interviewer_role: str,
    childs_words: str = "",
    push_factors: Iterable[str] = (),
    push_other: str = "",
    pull_factors: Iterable[str] = (),
    pull_other: str = "",
    disclosures: str = "",
    note: str = "",
) -> ReturnInterview:
    """Record the return home interview offered, declined or held: by whom (the independent
    person, with their organisation or role), when, what the child said in their own words,
    the push and pull factors and any disclosures. Declined or held stops the clock."""
    if not (policy.can_view(actor, episode) and policy.leads_on(actor, episode)):
        raise PermissionDenied
    fields: dict[str, Any] = {
        "happened_at": happened_at,
        "interviewer": interviewer,
        "interviewer_role": interviewer_role,
        "childs_words": childs_words,
        "push_factors": push_factors,
        "push_other": push_other,
        "pull_factors": pull_factors,
        "pull_other": pull_other,
        "disclosures": disclosures,
        "note": note,
    }
    clean = _checked(episode, outcome, fields)
    with transaction.atomic():
        moved = Episode.objects.filter(
            pk=episode.pk, version=version, interview=episode.interview
        ).update(interview=outcome, version=F("version") + 1)
        if not moved:
            raise EditConflictError()
        episode.refresh_from_db()
        interview = _recorded(actor, episode, outcome, clean)
    return interview


def _recorded(
    actor: Person, episode: Episode, outcome: str, clean: dict[str, Any]
) -> ReturnInterview:
    interview = ReturnInterview(
        id=uuid.uuid4(),
        episode=episode,
        outcome=outcome,
        recorded_by=actor,
        recorder_role=acting_role(actor, episode.organisation_id),
        recorded_at=timezone.now(),
        **clean,
    )
    interview.entry = entry_append(
        actor=actor,
        role=interview.recorder_role,
        organisation=episode.organisation,
        child=episode.child,
        entry=NewEntry(
            kind=EntryKind.RETURN_INTERVIEW,
            title=f"{TITLES[outcome]} ({episode.reference})",
            occurred_at=interview.happened_at,
            body=_body(interview),
            childs_words=interview.childs_words,
            source_type=policy.KIND,
            source_id=episode.pk,
        ),
    )
    interview.save(force_insert=True)
    if outcome in rules.STOPS_THE_CLOCK:
        clocks_stop_for(
            actor=actor,
            subject_type=policy.KIND,
            subject_id=episode.pk,
            kinds=[CLOCK],
            reason=TITLES[outcome],
        )
    audit_event_record(
        actor=actor,
        verb="return-interview.record",
        object_type="return-interview",
        object_id=interview.pk,
        details={"episode": str(episode.pk), "outcome": outcome},
    )
    return interview


def _body(interview: ReturnInterview) -> str:
    parts = [f"By {interview.interviewer} ({interview.interviewer_role})."]
    if interview.push_labels:
        parts.append("Push factors: " + "; ".join(interview.push_labels) + ".")
    if interview.pull_labels:
        parts.append("Pull factors: " + "; ".join(interview.pull_labels) + ".")
    if interview.disclosures:
        parts.append(f"Disclosures: {interview.disclosures}")
    if interview.note:
        parts.append(interview.note)
    return "\n\n".join(parts)


def interview_concern_start(*, actor: Person, interview: ReturnInterview) -> Draft:
    """Start a concern from a disclosure made at the interview, in one step: about the
    child, going missing suggested, what was disclosed as what was heard. The recorder checks
    and completes every step of the concern as usual."""
    if not policy.can_start_concern(actor, interview):
        raise PermissionDenied
    episode = interview.episode
    heard = (
        f"Disclosed at the return home interview on "
        f"{local_date(interview.happened_at):%-d %B %Y} after missing episode "
        f"{episode.reference}:\n\n{interview.disclosures}"
    )
    draft = draft_start(
        actor=actor,
        organisation=episode.organisation,
        about=episode.child,
        indicators=["i.going_missing"],
        seen=heard,
    )
    audit_event_record(
        actor=actor,
        verb="return-interview.concern-start",
        object_type="return-interview",
        object_id=interview.pk,
    )
    return draft
