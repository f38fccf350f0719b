"""Writing and sending a referral (PROCESS.md step 5).

A referral starts as a draft prefilled from the child's file; the draft keeps whatever is
typed. Sending checks every field, gives the reference, attaches the latest screening, starts
the route's clocks from the moment of receipt, and tells the front door; when the referrer is
not one of the organisation's DSLs, the DSLs are told at once.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.children.models import Child
from vigil.concerns.models import Concern
from vigil.core.references import reference_next
from vigil.core.services.timekeeping import clock_start
from vigil.referrals import form, policy, workflow
from vigil.referrals.cases import prefill, screening_summary
from vigil.referrals.models import Referral, Route
from vigil.referrals.steps import (
    SUBJECT,
    claim,
    front_door_holder,
    link_to,
    next_due_refresh,
    on_chronology,
    receivers,
    step_record,
    tell,
)
from vigil.screening.selectors import latest_final

# The clocks that start when a referral is received, when its route runs them.
ON_RECEIPT = ("mash-acknowledge", "mash-decision")


class NoRouteError(ValueError):
    """The partnership has no active referral route."""


def _route(route: Route | None) -> Route:
    if route is not None:
        if not route.is_active:
            raise ValidationError({"route": "Select a route that is still in use"})
        return route
    first = Route.objects.filter(is_active=True).order_by("order", "name").first()
    if first is None:
        raise NoRouteError("The partnership has no referral route: an administrator adds one.")
    return first


def referral_start(
    *, actor: Person, child: Child, route: Route | None = None, concern: Concern | None = None
) -> Referral:
    """A draft referral of the child, prefilled from the file and the referrer's account."""
    if not policy.can_refer(actor, child):
        raise PermissionDenied
    if concern is not None and concern.child_id != child.pk:
        raise ValidationError({"concern": "That concern is about another child"})
    now = timezone.now()
    with transaction.atomic():
        referral = Referral.objects.create(
            child=child,
            organisation_id=child.organisation_id,
            route=_route(route),
            answers=prefill(child, actor),
            concern=concern,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        step_record(actor, referral, "start", acting_at=child.organisation_id)
    return referral


def referral_update(
    *,
    actor: Person,
    referral: Referral,
    version: int,
    answers: dict[str, Any],
    route: Route | None = None,
) -> Referral:
    """Keep what was typed in the draft (the fields given; the others stay). Only values that
    could never be right are refused, each with its message; nothing is kept then."""
    if not policy.can_edit(actor, referral):
        raise PermissionDenied
    given = form.clean(answers)
    wrong = form.draft_problems(given, timezone.localdate())
    if wrong:
        raise ValidationError(wrong)
    changes: dict[str, Any] = {"answers": {**referral.answers, **given}}
    if route is not None and route.pk != referral.route_id:
        changes["route"] = _route(route)
    with transaction.atomic():
        claim(referral, version, workflow.DRAFT, **changes)
        step_record(actor, referral, "save", acting_at=referral.organisation_id)
    return referral


def referral_send(*, actor: Person, referral: Referral, version: int) -> Referral:
    """Send the referral: every field checked (ValidationError naming each one missing), then
    fixed for good. Receipt is this moment (PROCESS.md, Timescales)."""
    if not policy.can_edit(actor, referral):
        raise PermissionDenied
    missing = form.problems(referral.answers, timezone.localdate())
    if missing:
        raise ValidationError(missing)
    move = workflow.move(referral.route.workflow, referral.state, "send", "referrer")
    leads = set(safeguarding_leads_of(referral.organisation_id))
    without_dsl = actor.pk not in leads
    with transaction.atomic():
        _fix_as_sent(actor, referral, version, move.target, without_dsl)
        on_chronology(
            actor,
            referral,
            referral.organisation_id,
            f"Referred to {referral.route.name}",
            referral.answers.get("details", ""),
        )
        _start_receipt_clocks(actor, referral)
        _announce(referral, leads, without_dsl)
    return referral


def _fix_as_sent(
    actor: Person, referral: Referral, version: int, target: str, without_dsl: bool
) -> None:
    """The reference, the moment of receipt and the screening it carries, claimed from the
    draft at `version`; never changed again."""
    screening = latest_final(referral.child_id)
    claim(
        referral,
        version,
        workflow.DRAFT,
        state=target,
        reference=reference_next("REF"),
        sent_by=actor,
        sent_at=timezone.now(),
        sent_without_dsl=without_dsl,
        screening=screening,
        screening_summary=screening_summary(screening),
    )
    step_record(
        actor,
        referral,
        "send",
        acting_at=referral.organisation_id,
        from_state=workflow.DRAFT,
        to_state=target,
        route=referral.route.code,
        without_dsl=without_dsl,
    )


def _start_receipt_clocks(actor: Person, referral: Referral) -> None:
    route = referral.route
    for kind in ON_RECEIPT:
        if kind in route.clocks:
            clock_start(
                actor=actor,
                kind=kind,
                subject_type=SUBJECT,
                subject_id=referral.pk,
                organisation=route.receiver,
                holder_role=front_door_holder(referral),
                link=link_to(referral),
                start=referral.sent_at,
            )
    next_due_refresh(referral)


def _announce(referral: Referral, leads: set[Any], without_dsl: bool) -> None:
    tell(receivers(referral), referral, "referral-received", "A referral has arrived", "sent")
    if without_dsl:
        tell(
            leads,
            referral,
            "referral-by-staff",
            "A member of staff has made a referral to the front door",
            "sent-without-dsl",
        )
