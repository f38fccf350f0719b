"""The designated safeguarding lead's triage: decisions with reasons, confirming or correcting
the child, closing. Each checks permission, claims the concern by its version (two DSLs acting
at once cannot both win), writes in one transaction with its audit event, and puts what was
decided on the child's chronology (PROCESS.md: every decision has a reason).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.audit.services import audit_event_record
from vigil.children.models import Child, ChronologyEntry, EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.concerns import policy
from vigil.concerns.models import Concern, Decision, DecisionKind, Status
from vigil.core.services.timekeeping import clock_start, clocks_stop_for
from vigil.core.versioning import EditConflictError

TRIAGE_CLOCKS = ["dsl-triage", "dsl-triage-urgent"]
SHORTEST_REASON = 10


def _claim(concern: Concern, version: int, **changes: Any) -> None:
    """Move the concern on only if nobody else has since `version` (two DSLs at once)."""
    updated = Concern.objects.filter(pk=concern.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise EditConflictError()
    concern.refresh_from_db()


def _decision_errors(
    kind: str, reason: str, review_on: date | None, police_at: datetime | None, log_number: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if kind not in DecisionKind.values:
        errors["kind"] = "Choose what you have decided"
    if len(reason.strip()) < SHORTEST_REASON:
        errors["reason"] = "Give the reason for your decision"
    if kind == DecisionKind.MONITOR:
        if review_on is None:
            errors["review_on"] = "Enter the date to review the concern"
        elif review_on <= timezone.localdate():
            errors["review_on"] = "The review date must be in the future"
    if kind == DecisionKind.POLICE:
        if police_at is None:
            errors["police_contacted_at"] = "Enter when you contacted the police"
        elif police_at > timezone.now():
            errors["police_contacted_at"] = (
                "The time you contacted the police cannot be in the future"
            )
        if not log_number.strip():
            errors["police_log_number"] = "Enter the police log number"
    return errors


def concern_decide(
    *,
    actor: Person,
    concern: Concern,
    version: int,
    kind: str,
    reason: str,
    review_on: date | None = None,
    police_contacted_at: datetime | None = None,
    police_log_number: str = "",
) -> Decision:
    """A DSL's decision, with its reason, on the chronology. The first decision stops the
    triage clock and opens the concern; "monitor" starts a review clock for its date."""
    if not policy.can_decide(actor, concern):
        raise PermissionDenied
    errors = _decision_errors(kind, reason, review_on, police_contacted_at, police_log_number)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    first = concern.status == Status.NEW
    decision = Decision(
        concern=concern,
        kind=kind,
        reason=reason.strip(),
        review_on=review_on,
        police_contacted_at=police_contacted_at,
        police_log_number=police_log_number.strip(),
        decided_by=actor,
        decided_at=now,
    )
    with transaction.atomic():
        _claim(
            concern, version, status=Status.OPEN, first_decision_at=concern.first_decision_at or now
        )
        _decision_save(actor, decision)
        _clocks_after(actor, decision, first)
        audit_event_record(
            actor=actor,
            verb="concern.decide",
            object_type=policy.KIND,
            object_id=concern.pk,
            details={"decision": kind, "first": first},
        )
    return decision


def _decision_save(actor: Person, decision: Decision) -> None:
    """The decision, and its entry on the child's chronology."""
    concern = decision.concern
    label = DecisionKind(decision.kind).label
    decision.entry = _on_chronology(
        actor,
        concern,
        entry=NewEntry(
            kind=EntryKind.DECISION,
            title=f"Decision on concern {concern.reference}: {label.lower()}",
            occurred_at=decision.police_contacted_at or decision.decided_at,
            body=_decision_text(
                decision.reason,
                decision.review_on,
                decision.police_contacted_at,
                decision.police_log_number,
            ),
            source_type=policy.KIND,
            source_id=concern.pk,
        ),
    )
    decision.save(force_insert=True)


def _clocks_after(actor: Person, decision: Decision, first: bool) -> None:
    """The first decision stops the triage clock; "monitor" puts its review date on a clock
    (replacing an earlier review date)."""
    concern = decision.concern
    if first:
        clocks_stop_for(
            actor=actor,
            subject_type=policy.KIND,
            subject_id=concern.pk,
            kinds=TRIAGE_CLOCKS,
            reason="first decision",
        )
    if decision.kind != DecisionKind.MONITOR or decision.review_on is None:
        return
    clocks_stop_for(
        actor=actor,
        subject_type=policy.KIND,
        subject_id=concern.pk,
        kinds=["monitor-review"],
        reason="a new review date",
    )
    clock_start(
        actor=actor,
        kind="monitor-review",
        subject_type=policy.KIND,
        subject_id=concern.pk,
        organisation=concern.organisation,
        holder=actor,
        link=f"/concerns/{concern.pk}/",
        due_on=decision.review_on,
    )


def _on_chronology(
    actor: Person, concern: Concern, *, entry: NewEntry, child: Child | None = None
) -> ChronologyEntry:
    """An entry about the concern on a child's file (the concern's child unless another is
    named), for the concern's organisation, in the role the actor holds there."""
    return entry_append(
        actor=actor,
        role=acting_role(actor, concern.organisation_id),
        organisation=concern.organisation,
        child=child or concern.child,
        entry=entry,
    )


def _decision_text(
    reason: str, review_on: date | None, police_at: datetime | None, log_number: str
) -> str:
    lines = [reason.strip()]
    if review_on:
        lines.append(f"Review by {review_on:%d %B %Y}.")
    if police_at:
        local = timezone.localtime(police_at)
        lines.append(
            f"Police contacted {local:%d %B %Y at %H:%M}, log number {log_number.strip()}."
        )
    return "\n\n".join(lines)


def concern_child_confirm(
    *, actor: Person, concern: Concern, version: int, child: Child, reason: str = ""
) -> Concern:
    """The DSL confirms the recorder picked the right child, or moves the concern to the right
    one. A move leaves the original entry where it was, with a linked correction saying where
    the concern went, and puts the concern on the right child's chronology."""
    if not policy.can_triage(actor, concern):
        raise PermissionDenied
    if child.organisation_id != concern.organisation_id:
        raise ValidationError({"child_id": "Choose one of your organisation's children"})
    now = timezone.now()
    with transaction.atomic():
        if child.pk == concern.child_id:
            _claim(concern, version, child_confirmed_at=now)
            verb = "concern.child-confirm"
        else:
            if len(reason.strip()) < SHORTEST_REASON:
                raise ValidationError({"reason": "Say why the concern is about another child"})
            _move(actor, concern, version, child, reason.strip(), now)
            verb = "concern.child-correct"
        audit_event_record(
            actor=actor,
            verb=verb,
            object_type=policy.KIND,
            object_id=concern.pk,
            details={"child": str(child.pk)},
        )
    return concern


def _move(
    actor: Person, concern: Concern, version: int, child: Child, reason: str, now: datetime
) -> None:
    original = concern.entry
    _on_chronology(
        actor,
        concern,
        entry=NewEntry(
            kind=EntryKind.CHILD_LINK,
            title=f"Concern {concern.reference} is about another child",
            occurred_at=original.occurred_at,
            body=reason,
            corrects=original,
            source_type=policy.KIND,
            source_id=concern.pk,
        ),
    )
    moved = _on_chronology(
        actor,
        concern,
        child=child,
        entry=NewEntry(
            kind=EntryKind.CONCERN,
            title=original.title,
            occurred_at=original.occurred_at,
            body=original.body,
            childs_words=original.childs_words,
            source_type=policy.KIND,
            source_id=concern.pk,
        ),
    )
    _claim(concern, version, child=child, entry=moved, child_confirmed_at=now)


def concern_close(
    *,
    actor: Person,
    concern: Concern,
    version: int,
    summary: str,
    action_taken: str,
    outcome: str,
    rationale: str,
) -> Concern:
    """Close a concern with its summary, the action taken, the outcome and the rationale
    (KCSIE). A concern is closed only after a first decision; its review clock stops."""
    if not policy.can_triage(actor, concern):
        raise PermissionDenied
    clean = _closing_checked(
        concern,
        {
            "summary": summary,
            "action_taken": action_taken,
            "outcome": outcome,
            "rationale": rationale,
        },
    )
    now = timezone.now()
    with transaction.atomic():
        _claim(concern, version, status=Status.CLOSED, closed_at=now, closed_by=actor, **clean)
        _on_chronology(
            actor,
            concern,
            entry=NewEntry(
                kind=EntryKind.CLOSURE,
                title=f"Concern {concern.reference} closed",
                occurred_at=now,
                body="\n\n".join(
                    f"{name.replace('_', ' ').capitalize()}: {text}" for name, text in clean.items()
                ),
                source_type=policy.KIND,
                source_id=concern.pk,
            ),
        )
        clocks_stop_for(
            actor=actor,
            subject_type=policy.KIND,
            subject_id=concern.pk,
            kinds=["monitor-review", *TRIAGE_CLOCKS],
            reason="concern closed",
        )
        audit_event_record(
            actor=actor, verb="concern.close", object_type=policy.KIND, object_id=concern.pk
        )
    return concern


def _closing_checked(concern: Concern, fields: dict[str, str]) -> dict[str, str]:
    """All four parts, trimmed; a concern closes once, after a first decision."""
    errors = {
        name: f"Enter the {name.replace('_', ' ')}"
        for name, text in fields.items()
        if not text.strip()
    }
    if concern.status == Status.NEW:
        errors["__all__"] = "Record a decision before closing the concern"
    elif concern.status == Status.CLOSED:
        errors["__all__"] = "This concern is already closed"
    if errors:
        raise ValidationError(errors)
    return {name: text.strip() for name, text in fields.items()}
