"""Who may do what with briefings, on the one resolver of accounts/policy.py.

- The partnership's administrators publish, change and withdraw briefings (PROCESS.md: local
  configuration includes the briefings). They may open any briefing to check it.
- Someone in a briefing's audience reads it, confirms it and answers its reflective questions;
  someone who has confirmed a version may always open that version again.
- An organisation's DSLs, deputies and managers see, for that organisation, who has and has not
  read each briefing whose audience includes organisations of its kind; they remind, and
  export the list for inspection. They never see anyone's reflective answers: nobody but
  their author does.
"""

from __future__ import annotations

import uuid

from vigil.accounts import policy
from vigil.accounts.models import Person
from vigil.briefings.audience import Audience
from vigil.briefings.models import Briefing

REPORT_ROLES = policy.CASE_LEADS


def can_manage(actor: Person | None) -> bool:
    return policy.is_partnership_admin(actor)


def audience_of(briefing: Briefing) -> Audience:
    return Audience.of(briefing.audience_roles, briefing.audience_kinds)


def held(actor: Person | None) -> list[tuple[str, str]]:
    """The person's current (role, organisation kind) pairs; none when not signed in."""
    if actor is None or not actor.is_authenticated or not actor.is_active:
        return []
    return [(h.role, h.organisation_kind) for h in policy.holdings(actor)]


def in_audience(actor: Person | None, briefing: Briefing) -> bool:
    return audience_of(briefing).includes_any(held(actor))


def report_organisations(actor: Person | None) -> frozenset[uuid.UUID]:
    """The organisations whose read reports the person may see."""
    return policy.organisations_where(actor, *REPORT_ROLES)


def can_report(actor: Person | None, organisation_id: uuid.UUID, kind: str, b: Briefing) -> bool:
    """A case lead of the organisation, for a briefing meant for organisations of its kind."""
    return organisation_id in report_organisations(actor) and kind in b.audience_kinds


def can_read(actor: Person | None, briefing: Briefing) -> bool:
    """Open the briefing's current text: its audience while it is published; its
    administrators; the case leads who report on it."""
    if can_manage(actor):
        return True
    if briefing.withdrawn_at is not None or briefing.current_id is None:
        return False
    if in_audience(actor, briefing):
        return True
    kinds = {kind for role, kind in held(actor) if role in REPORT_ROLES}
    return bool(kinds & set(briefing.audience_kinds))
