"""Changing the partnership's thresholds for absence flags (its administrators)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.models import Person
from vigil.attendance import policy
from vigil.attendance.models import AbsenceSettings
from vigil.attendance.patterns import Thresholds
from vigil.audit.services import audit_event_record
from vigil.core.versioning import EditConflictError


def absence_settings_change(
    *, actor: Person, version: int, thresholds: Thresholds
) -> AbsenceSettings:
    """Set the thresholds the next flags are computed with. Optimistic: a change saved since
    `version` was read wins, and this one is refused (EditConflictError)."""
    if not policy.can_configure(actor):
        raise PermissionDenied
    problems = thresholds.problems()
    if problems:
        raise ValidationError(problems)
    values = {**thresholds.as_dict(), "changed_at": timezone.now(), "changed_by": actor}
    with transaction.atomic():
        AbsenceSettings.objects.get_or_create(pk=1)
        updated = AbsenceSettings.objects.filter(pk=1, version=version).update(
            version=F("version") + 1, **values
        )
        if not updated:
            raise EditConflictError()
        audit_event_record(
            actor=actor,
            verb="absence-settings.change",
            object_type="absence-settings",
            object_id=1,
            details=thresholds.as_dict(),
        )
    return AbsenceSettings.objects.get(pk=1)
