"""Who may see and act on a referral, on the one resolver of `vigil/accounts/policy.py`.

PROCESS.md's table, the row "a referral sent to the MASH": staff see their own referral's state
and feedback; DSLs (and deputies) and managers their organisation's referrals; the front door's
practitioners, and its managers, everything in it. A draft is its author's alone until sent.
A partner agency asked for information sees the request it must answer, nothing else.
"""

from __future__ import annotations

from vigil.accounts import policy
from vigil.accounts.models import Person, Role
from vigil.children import policy as child_policy
from vigil.children.models import Child
from vigil.referrals import workflow
from vigil.referrals.models import Challenge, PartnerRequest, Referral

KIND = "referral"


def record_of(referral: Referral) -> policy.RecordRef:
    sent = referral.state != workflow.DRAFT
    return policy.RecordRef(
        kind=KIND,
        id=referral.pk,
        organisation_id=referral.organisation_id,
        recorded_by_id=referral.created_by_id,
        referred_to=frozenset({referral.route.receiver_id}) if sent else frozenset(),
    )


def standing(actor: Person | None, referral: Referral) -> policy.Relationship:
    return policy.relationship(actor, record_of(referral))


def can_refer(actor: Person | None, child: Child) -> bool:
    """Anyone may refer (PROCESS.md): any member of the child's organisation who may record a
    concern there, not only its DSLs; a DSL is told at once when someone else refers."""
    return child_policy.can_record_at(actor, child.organisation_id)


def can_view(actor: Person | None, referral: Referral) -> bool:
    if actor is None:
        return False
    if referral.is_draft:
        return referral.created_by_id == actor.pk and can_refer(actor, referral.child)
    return policy.can_open_case_record(actor, record_of(referral))


def sees_everything(actor: Person | None, referral: Referral) -> bool:
    """Staff who referred see its state and feedback; the case leads of the referring
    organisation and the front door see the enquiry too (its requests and challenges)."""
    if referral.is_draft or actor is None:
        return False
    if standing(actor, referral) is policy.Relationship.REFERRED:
        return True
    return bool(policy.roles_at(actor, referral.organisation_id) & policy.CASE_LEADS)


def can_edit(actor: Person | None, referral: Referral) -> bool:
    """A draft, by its author."""
    return referral.is_draft and can_view(actor, referral)


def is_referrer_side(actor: Person | None, referral: Referral) -> bool:
    """The referrer, and the case leads of the referring organisation, act for the referrer:
    withdraw, follow up, challenge."""
    if actor is None or referral.is_draft:
        return False
    if not policy.roles_at(actor, referral.organisation_id):
        return False
    return referral.sent_by_id == actor.pk or bool(
        policy.roles_at(actor, referral.organisation_id) & policy.CASE_LEADS
    )


def is_receiver(actor: Person | None, referral: Referral) -> bool:
    """The front door's practitioners and managers act on a sent referral."""
    return not referral.is_draft and bool(
        policy.roles_at(actor, referral.route.receiver_id) & policy.RECEIVERS
    )


def side_of(actor: Person | None, referral: Referral) -> workflow.Side | None:
    if is_receiver(actor, referral):
        return "receiver"
    if is_referrer_side(actor, referral):
        return "referrer"
    return None


def can_answer_challenge(actor: Person | None, challenge: Challenge) -> bool:
    """A professional challenge goes to the front door's manager (PROCESS.md, Timescales)."""
    receiver = challenge.referral.route.receiver_id
    return challenge.answered_at is None and Role.MANAGER in policy.roles_at(actor, receiver)


def can_answer_request(actor: Person | None, request: PartnerRequest) -> bool:
    """The partner agency's working members (its officers, staff and case leads) answer what
    the front door asked it: the request names the child and the question, nothing more."""
    return bool(policy.roles_at(actor, request.partner_id) & child_policy.RECORDERS)


def can_see_request(actor: Person | None, request: PartnerRequest) -> bool:
    return can_answer_request(actor, request) or is_receiver(actor, request.referral)
