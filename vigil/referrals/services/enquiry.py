"""The MASH enquiry's requests to partner agencies, and the referrer's professional challenge.

A request is due by the time the practitioner sets, by default when the enquiry's rating clock
falls due (PROCESS.md, Timescales); it runs on its own clock, warning the practitioner who
asked and escalating to the partner's managers when overdue, until it is answered. A
challenge goes to the front door's managers on the `challenge-response` clock.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Organisation, Person
from vigil.accounts.selectors import members_holding
from vigil.children.policy import RECORDERS
from vigil.core.models import Clock
from vigil.core.services.timekeeping import clock_start, clocks_stop_for
from vigil.core.versioning import EditConflictError
from vigil.referrals import policy, workflow
from vigil.referrals.models import Challenge, PartnerRequest, Referral
from vigil.referrals.services.responding import SHORTEST_REASON
from vigil.referrals.steps import (
    SUBJECT,
    link_to,
    next_due_refresh,
    on_chronology,
    step_record,
    tell,
)

REQUEST = "partner-request"
CHALLENGE = "challenge"
# Challenging is open once the referral is sent, until it is closed or withdrawn.
CHALLENGEABLE = workflow.LIVE


def _text(value: str, field: str, what: str) -> str:
    value = (value or "").strip()
    if len(value) < SHORTEST_REASON:
        raise ValidationError({field: f"Say {what}, in a sentence or more"})
    return value


def _default_due(referral: Referral) -> datetime | None:
    rag = (
        Clock.objects.filter(subject_type=SUBJECT, subject_id=referral.pk, kind__startswith="rag-")
        .order_by("-started_at")
        .values_list("due_at", flat=True)
        .first()
    )
    return rag


def _checked_request(
    actor: Person,
    referral: Referral,
    partner: Organisation,
    question: str,
    due_at: datetime | None,
) -> tuple[str, datetime]:
    """The question and its due moment, when the request may be made: by the front door,
    during its enquiry, to another active agency, due in the future."""
    if not policy.is_receiver(actor, referral):
        raise PermissionDenied
    if referral.state != workflow.ENQUIRY:
        raise ValidationError({"question": "Open a MASH enquiry before asking partners"})
    if partner.pk == referral.route.receiver_id or not partner.is_active:
        raise ValidationError({"partner": "Select a partner agency"})
    question = _text(question, "question", "what you are asking")
    due = due_at or _default_due(referral)
    if due is None or due <= timezone.now():
        raise ValidationError({"due_at": "Enter when the answer is due: a moment in the future"})
    return question, due


def partner_request_send(
    *,
    actor: Person,
    referral: Referral,
    partner: Organisation,
    question: str,
    due_at: datetime | None = None,
) -> PartnerRequest:
    """Ask a partner agency what it knows, during the MASH enquiry."""
    question, due = _checked_request(actor, referral, partner, question, due_at)
    with transaction.atomic():
        request = PartnerRequest.objects.create(
            referral=referral,
            partner=partner,
            question=question,
            due_at=due,
            requested_by=actor,
            requested_at=timezone.now(),
        )
        clock_start(
            actor=actor,
            kind=REQUEST,
            subject_type=REQUEST,
            subject_id=request.pk,
            organisation=partner,
            holder=actor,
            link=link_to(referral),
            due_at=due,
        )
        step_record(
            actor,
            referral,
            "request",
            acting_at=referral.route.receiver_id,
            partner=str(partner.pk),
            request=str(request.pk),
        )
        _tell_partner(request, "A front door is asking for information", "asked")
    return request


def _tell_partner(request: PartnerRequest, title: str, event: str) -> None:
    # The partner agency cannot open the referral: the link is to the request it answers.
    tell(
        members_holding(request.partner_id, RECORDERS),
        request.referral,
        REQUEST,
        title,
        f"request:{request.pk}:{event}",
        link=reverse("referrals:request", kwargs={"request_id": request.pk}),
    )


def partner_request_answer(
    *, actor: Person, request: PartnerRequest, version: int, answer: str
) -> PartnerRequest:
    """The partner agency's answer; stops the request's clock."""
    if not policy.can_answer_request(actor, request) or request.answered:
        raise PermissionDenied
    answer = _text(answer, "answer", "what your agency knows")
    with transaction.atomic():
        _answer_once(request, version, actor, answer)
        clocks_stop_for(
            actor=actor,
            subject_type=REQUEST,
            subject_id=request.pk,
            kinds=[REQUEST],
            reason="answered",
        )
        step_record(
            actor, request.referral, "answer", acting_at=request.partner_id, request=str(request.pk)
        )
        tell(
            [request.requested_by_id],
            request.referral,
            REQUEST,
            "A partner agency has answered your request",
            f"request:{request.pk}:answered",
        )
    return request


def partner_request_chase(*, actor: Person, request: PartnerRequest) -> PartnerRequest:
    """Remind the partner agency of an unanswered request."""
    if not policy.is_receiver(actor, request.referral) or request.answered:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        PartnerRequest.objects.filter(pk=request.pk).update(
            chases=F("chases") + 1, last_chased_at=now
        )
        request.refresh_from_db()
        step_record(
            actor,
            request.referral,
            "chase",
            acting_at=request.referral.route.receiver_id,
            request=str(request.pk),
            chases=request.chases,
        )
        _tell_partner(
            request, "A front door is waiting for your answer", f"chased:{request.chases}"
        )
    return request


def _answer_once(
    record: PartnerRequest | Challenge, version: int, actor: Person, answer: str
) -> None:
    """Record the answer only if nobody has answered since `version` was read: of two people
    answering at once, the second is told (EditConflictError) and keeps what they typed."""
    answered = (
        type(record)
        ._default_manager.filter(pk=record.pk, version=version, answered_at__isnull=True)
        .update(
            answer=answer, answered_by=actor, answered_at=timezone.now(), version=F("version") + 1
        )
    )
    if not answered:
        raise EditConflictError()
    record.refresh_from_db()


def challenge_raise(*, actor: Person, referral: Referral, reason: str) -> Challenge:
    """Follow up or escalate (professional challenge) with a reason: to the front door's
    managers, on the `challenge-response` clock."""
    if not policy.is_referrer_side(actor, referral) or referral.state not in CHALLENGEABLE:
        raise PermissionDenied
    reason = _text(reason, "reason", "why you are challenging")
    with transaction.atomic():
        challenge = Challenge.objects.create(
            referral=referral, raised_by=actor, raised_at=timezone.now(), reason=reason
        )
        clock_start(
            actor=actor,
            kind="challenge-response",
            subject_type=CHALLENGE,
            subject_id=challenge.pk,
            organisation=referral.route.receiver,
            holder_role=access.Role.MANAGER,
            link=link_to(referral),
        )
        step_record(
            actor,
            referral,
            "challenge",
            acting_at=referral.organisation_id,
            reason=reason,
            challenge=str(challenge.pk),
        )
        on_chronology(
            actor, referral, referral.organisation_id, "Professional challenge raised", reason
        )
        tell(
            members_holding(referral.route.receiver_id, {access.Role.MANAGER}),
            referral,
            CHALLENGE,
            "A referrer has challenged a front door decision",
            f"challenge:{challenge.pk}",
        )
    return challenge


def challenge_answer(
    *, actor: Person, challenge: Challenge, version: int, answer: str
) -> Challenge:
    """The front door manager's answer to a challenge; stops its clock."""
    if not policy.can_answer_challenge(actor, challenge):
        raise PermissionDenied
    answer = _text(answer, "answer", "your answer to the challenge")
    referral = challenge.referral
    with transaction.atomic():
        _answer_once(challenge, version, actor, answer)
        clocks_stop_for(
            actor=actor,
            subject_type=CHALLENGE,
            subject_id=challenge.pk,
            kinds=["challenge-response"],
            reason="answered",
        )
        step_record(
            actor,
            referral,
            "challenge-answer",
            acting_at=referral.route.receiver_id,
            reason=answer,
            challenge=str(challenge.pk),
        )
        on_chronology(
            actor, referral, referral.route.receiver_id, "Professional challenge answered", answer
        )
        tell(
            [challenge.raised_by_id],
            referral,
            CHALLENGE,
            "The front door has answered your challenge",
            f"challenge:{challenge.pk}:answered",
        )
        next_due_refresh(referral)
    return challenge
