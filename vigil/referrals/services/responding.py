"""The front door's response (PROCESS.md step 6) and the referrer's withdrawal.

Every move goes through the one guard of `workflow.py` and is claimed by the referral's state
and version, so of two practitioners acting at once exactly one wins; the other is told and
keeps what they typed. Each move records who, when and why, on the referral, the child's
chronology and the audit log, and starts or stops the clocks PROCESS.md (Timescales) names.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.core.services.timekeeping import clock_start, clocks_stop_for
from vigil.referrals import policy, workflow
from vigil.referrals.models import Referral
from vigil.referrals.steps import (
    SUBJECT,
    claim,
    front_door_holder,
    link_to,
    next_due_refresh,
    on_chronology,
    receivers,
    referrer_side,
    step_record,
    tell,
)

SHORTEST_REASON = 10


def _reason(text: str, field: str = "reason", what: str = "why") -> str:
    text = (text or "").strip()
    if len(text) < SHORTEST_REASON:
        raise ValidationError({field: f"Say {what}, in a sentence or more"})
    return text


def _moved(
    actor: Person,
    referral: Referral,
    version: int,
    action: str,
    reason: str,
    changes: dict[str, Any],
    **details: Any,
) -> workflow.Move:
    """Check the side and the move, claim the referral and record the step."""
    side = policy.side_of(actor, referral)
    if side is None:
        raise PermissionDenied
    move = workflow.move(referral.route.workflow, referral.state, action, side)
    acting_at = referral.route.receiver_id if side == "receiver" else referral.organisation_id
    before = referral.state
    claim(referral, version, before, state=move.target, **changes)
    step_record(
        actor,
        referral,
        action,
        acting_at=acting_at,
        from_state=before,
        to_state=move.target,
        reason=reason,
        **details,
    )
    return move


def _stop(actor: Person, referral: Referral, kinds: list[str], reason: str) -> None:
    clocks_stop_for(
        actor=actor, subject_type=SUBJECT, subject_id=referral.pk, kinds=kinds, reason=reason
    )


def _start(actor: Person, referral: Referral, kind: str, holder_role: str, **when: Any) -> None:
    runs = kind in referral.route.clocks
    if runs or (kind.startswith("rag-") and "rag" in referral.route.clocks):
        clock_start(
            actor=actor,
            kind=kind,
            subject_type=SUBJECT,
            subject_id=referral.pk,
            organisation=referral.route.receiver,
            holder_role=holder_role,
            link=link_to(referral),
            **when,
        )


def referral_acknowledge(
    *, actor: Person, referral: Referral, version: int, rating: str = "", reason: str = ""
) -> Referral:
    """Acknowledge to the referrer; on a rated route, rate red, amber or green with a reason.
    The rating's clock runs from receipt; a red rating with nobody assigned starts the
    high-risk allocation clock."""
    rated = referral.route.rated
    if rated and rating not in workflow.RATINGS:
        raise ValidationError({"rating": "Select red, amber or green"})
    changes: dict[str, Any] = {"acknowledged_at": timezone.now()}
    if rated:
        changes.update(rating=rating, rating_reason=_reason(reason, what="why you rate it so"))
    with transaction.atomic():
        _moved(actor, referral, version, "acknowledge", changes.get("rating_reason", ""), changes)
        _stop(actor, referral, ["mash-acknowledge"], "acknowledged")
        title = "Acknowledged by the front door"
        if rated:
            title += f", rated {rating}"
            _start(
                actor,
                referral,
                workflow.rag_clock(rating),
                front_door_holder(referral),
                start=referral.sent_at,
            )
            if rating == "red" and referral.assigned_to_id is None:
                _start(actor, referral, "allocate-high-risk", access.Role.MANAGER)
        on_chronology(actor, referral, referral.route.receiver_id, title, referral.rating_reason)
        next_due_refresh(referral)
        tell(
            referrer_side(referral),
            referral,
            "referral-acknowledged",
            "Your referral has been acknowledged",
            "acknowledged",
        )
    return referral


def referral_decide(
    *, actor: Person, referral: Referral, version: int, decision: str, reason: str
) -> Referral:
    """The first decision: a MASH enquiry, or another response straight away (which is the
    outcome). Stops `mash-decision`; an outcome stops the rating's clock too."""
    if decision not in workflow.FIRST_DECISIONS:
        raise ValidationError({"decision": "Select the decision"})
    action = workflow.target_of_first_decision(decision)
    if referral.route.workflow == "direct" and action == "open-enquiry":
        raise ValidationError({"decision": "This route has no MASH enquiry: select the response"})
    reason = _reason(reason)
    now = timezone.now()
    changes: dict[str, Any] = {"first_decision": decision, "decided_at": now}
    if action == "decide":
        changes.update(outcome=decision, outcome_reason=reason, outcome_at=now)
    with transaction.atomic():
        _moved(actor, referral, version, action, reason, changes, decision=decision)
        stopping = ["mash-decision", "mash-acknowledge"]
        if action == "decide":
            stopping += ["rag-red", "rag-amber", "rag-green"]
        _stop(actor, referral, stopping, "decided")
        label = workflow.FIRST_DECISIONS[decision]
        on_chronology(
            actor, referral, referral.route.receiver_id, f"Front door decision: {label}", reason
        )
        next_due_refresh(referral)
        tell(
            referrer_side(referral),
            referral,
            "referral-decided",
            "The front door has decided on your referral",
            "decided",
        )
    return referral


def referral_conclude(
    *, actor: Person, referral: Referral, version: int, outcome: str, reason: str
) -> Referral:
    """The MASH enquiry's outcome: stops the rating's clock (PROCESS.md, Timescales)."""
    if outcome not in workflow.OUTCOMES:
        raise ValidationError({"outcome": "Select the outcome"})
    reason = _reason(reason)
    changes = {"outcome": outcome, "outcome_reason": reason, "outcome_at": timezone.now()}
    with transaction.atomic():
        _moved(actor, referral, version, "conclude", reason, changes, outcome=outcome)
        _stop(actor, referral, ["rag-red", "rag-amber", "rag-green"], "enquiry outcome")
        on_chronology(
            actor,
            referral,
            referral.route.receiver_id,
            f"Enquiry outcome: {workflow.OUTCOMES[outcome]}",
            reason,
        )
        next_due_refresh(referral)
        tell(
            referrer_side(referral),
            referral,
            "referral-decided",
            "The front door has decided on your referral",
            "outcome",
        )
    return referral


def referral_feedback(
    *, actor: Person, referral: Referral, version: int, feedback: str
) -> Referral:
    """Feedback to the referrer: what was decided and what happens next."""
    feedback = _reason(feedback, "feedback", "what was decided and what happens next")
    changes = {"feedback": feedback, "feedback_at": timezone.now()}
    with transaction.atomic():
        _moved(actor, referral, version, "feedback", "", changes)
        on_chronology(
            actor, referral, referral.route.receiver_id, "Feedback from the front door", feedback
        )
        tell(
            referrer_side(referral),
            referral,
            "referral-feedback",
            "The front door has sent feedback on your referral",
            "feedback",
        )
    return referral


def referral_close(
    *, actor: Person, referral: Referral, version: int, reason: str = ""
) -> Referral:
    with transaction.atomic():
        _moved(actor, referral, version, "close", reason.strip(), {"closed_at": timezone.now()})
        _stop(actor, referral, ["allocate-high-risk"], "closed")
        on_chronology(actor, referral, referral.route.receiver_id, "Referral closed", reason)
        next_due_refresh(referral)
    return referral


def referral_withdraw(*, actor: Person, referral: Referral, version: int, reason: str) -> Referral:
    """The referrer withdraws before the first decision; every clock on it stops."""
    reason = _reason(reason)
    with transaction.atomic():
        _moved(
            actor,
            referral,
            version,
            "withdraw",
            reason,
            {"withdrawn_reason": reason, "closed_at": timezone.now()},
        )
        _stop(
            actor,
            referral,
            [
                "mash-acknowledge",
                "mash-decision",
                "rag-red",
                "rag-amber",
                "rag-green",
                "allocate-high-risk",
            ],
            "withdrawn",
        )
        on_chronology(actor, referral, referral.organisation_id, "Referral withdrawn", reason)
        next_due_refresh(referral)
        tell(
            receivers(referral),
            referral,
            "referral-withdrawn",
            "A referral has been withdrawn",
            "withdrawn",
        )
    return referral


def referral_assign(
    *, actor: Person, referral: Referral, version: int, assignee: Person | None
) -> Referral:
    """Give the referral to a named practitioner of the front door (or take it back). Stops
    the high-risk allocation clock."""
    if not policy.is_receiver(actor, referral) or referral.state in workflow.ENDED:
        raise PermissionDenied
    if assignee is not None and not (
        access.roles_at(assignee, referral.route.receiver_id) & access.RECEIVERS
    ):
        raise ValidationError({"assignee": "Select someone who works at the front door"})
    with transaction.atomic():
        claim(referral, version, referral.state, assigned_to=assignee)
        step_record(
            actor,
            referral,
            "assign",
            acting_at=referral.route.receiver_id,
            assignee=str(assignee.pk) if assignee else "",
        )
        if assignee is not None:
            _stop(actor, referral, ["allocate-high-risk"], "allocated")
            next_due_refresh(referral)
            if assignee.pk != actor.pk:
                tell(
                    [assignee.pk],
                    referral,
                    "referral-assigned",
                    "A referral has been given to you",
                    f"assigned:{referral.version}",
                )
    return referral
