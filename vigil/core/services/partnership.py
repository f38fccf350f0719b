"""Changing the partnership's local configuration: contacts, wording, hours, closures, clocks.

Only the partnership's administrators change partnership-wide settings; an organisation's
administrators change their own organisation's closures.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from vigil.accounts import policy
from vigil.accounts.models import Organisation, Person
from vigil.audit.services import audit_event_record
from vigil.core.bank_holidays import REGIONS
from vigil.core.clocks import COUNTS, DEFAULT_RULES, LONGEST
from vigil.core.models import Closure, Partnership
from vigil.core.selectors import LONGEST_CLOSURE_DAYS
from vigil.core.versioning import update_versioned
from vigil.screening.instruments import INSTRUMENTS

EDITABLE = (
    "name",
    "front_door_name",
    "front_door_phone",
    "out_of_hours_phone",
    "referral_url",
    "emergency_instruction",
    "opening_from",
    "opening_to",
    "holiday_region",
    "screening_instrument",
)


def _require_partnership_admin(actor: Person) -> None:
    if not policy.is_partnership_admin(actor):
        raise PermissionDenied


def clock_rules_clean(rules: dict[str, Any]) -> dict[str, dict[str, object]]:
    """Overrides must name known clocks, a known count and a length from 1 to 1000."""
    clean: dict[str, dict[str, object]] = {}
    for kind, rule in rules.items():
        if kind not in DEFAULT_RULES:
            raise ValidationError(f"There is no clock called {kind!r}.")
        counts, n = rule.get("counts"), rule.get("n")
        if counts not in COUNTS:
            raise ValidationError(f"{kind}: choose how the clock counts.")
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= LONGEST:
            raise ValidationError(f"{kind}: the length must be a whole number from 1 to {LONGEST}.")
        default = DEFAULT_RULES[kind]
        if (counts, n) != (default.counts, default.n):
            clean[kind] = {"counts": counts, "n": n}
    return clean


def partnership_update(
    *,
    actor: Person,
    partnership: Partnership,
    version: int,
    clock_rules: dict[str, Any],
    **fields: Any,
) -> Partnership:
    """Save the partnership's settings, unless someone else saved first (EditConflictError)."""
    _require_partnership_admin(actor)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not a partnership setting: {sorted(unknown)}")
    if fields.get("holiday_region", partnership.holiday_region) not in REGIONS:
        raise ValidationError("Choose the bank holidays of one of the UK's regions.")
    if fields.get("screening_instrument", partnership.screening_instrument) not in INSTRUMENTS:
        raise ValidationError("Choose one of the screening instruments listed.")
    rules = clock_rules_clean(clock_rules)
    with transaction.atomic():
        update_versioned(partnership, version, clock_rules=rules, **fields)
        audit_event_record(
            actor=actor,
            verb="partnership.update",
            object_type="partnership",
            object_id=partnership.pk,
            details={"fields": sorted([*fields, "clock_rules"])},
        )
    return partnership


def _require_closure_admin(actor: Person, organisation: Organisation | None) -> None:
    if organisation is None:
        _require_partnership_admin(actor)
    elif not policy.can_administer_organisation(actor, organisation.pk):
        raise PermissionDenied


def closure_add(
    *,
    actor: Person,
    organisation: Organisation | None,
    first_day: date,
    last_day: date,
    description: str,
) -> Closure:
    """Add days that are not working days, for the partnership or for one organisation."""
    _require_closure_admin(actor, organisation)
    if last_day < first_day:
        raise ValidationError("The last day must be the same as or after the first day.")
    if (last_day - first_day).days > LONGEST_CLOSURE_DAYS:
        raise ValidationError(f"A closure can be at most {LONGEST_CLOSURE_DAYS} days long.")
    with transaction.atomic():
        closure = Closure.objects.create(
            organisation=organisation,
            first_day=first_day,
            last_day=last_day,
            description=description.strip(),
        )
        audit_event_record(
            actor=actor,
            verb="closure.add",
            object_type="closure",
            object_id=closure.pk,
            details={"organisation": str(organisation.pk) if organisation else None},
        )
    return closure


def closure_remove(*, actor: Person, closure_id: uuid.UUID) -> None:
    closure = Closure.objects.select_related("organisation").get(pk=closure_id)
    _require_closure_admin(actor, closure.organisation)
    with transaction.atomic():
        closure.delete()
        audit_event_record(
            actor=actor,
            verb="closure.remove",
            object_type="closure",
            object_id=closure_id,
        )
