"""Raising absence flags from a school's marks, and acting on them.

`flags_raise` computes the three patterns (patterns.py) for every child of the school in the
database (flag_store.py), and raises a flag for each child and pattern found, once: never
while a flag of that kind is open for the child, and after one was dismissed or became a
concern, only when the pattern rests on marks after the last one's. Each flag goes on the
child's chronology and the audit log; the school's DSLs and deputies are told, with a link.

A flag is then dismissed with a reason, or becomes a concern in one step: a draft concern
about the child, the flag's sign suggested, which the DSL completes and records.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts.models import Organisation, Person
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.attendance import flag_store, policy, selectors
from vigil.attendance.models import AbsenceFlag, FlagState
from vigil.attendance.patterns import KIND_LABELS, SUGGESTED, Finding, Kind, describe
from vigil.audit.services import Entry, audit_event_record, audit_events_record
from vigil.children.models import Child, EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.concerns.models import Draft
from vigil.concerns.services import draft_start
from vigil.core.versioning import EditConflictError
from vigil.notifications.services import notification_send

SHORTEST_REASON = 10
KIND = "absence-flag"


def _findings(school: Organisation, today: date) -> list[tuple[uuid.UUID, Finding]]:
    """Every pattern in the school's marks today: the database's answers, the unexplained
    absences only of children screened medium or high or with a referral open."""
    rules = selectors.thresholds()
    unexplained = flag_store.unexplained_absence(school.pk, today)
    at_risk = selectors.children_at_risk(unexplained)
    found: list[tuple[uuid.UUID, Finding]] = []
    for child, finding in unexplained.items():
        if child in at_risk:
            finding.detail["because"] = at_risk[child]
            found.append((child, finding))
    found.extend(flag_store.persistent_absence(school.pk, rules).items())
    found.extend(flag_store.part_day_absence(school.pk, today, rules).items())
    return found


def _fresh(
    school: Organisation, found: list[tuple[uuid.UUID, Finding]]
) -> list[tuple[uuid.UUID, Finding]]:
    """The findings not flagged already: no open flag of the kind, and marks after the last."""
    still_open: set[tuple[uuid.UUID, str]] = set()
    last: dict[tuple[uuid.UUID, str], date] = {}
    earlier = AbsenceFlag.objects.filter(school=school).values_list(
        "child_id", "kind", "state", "through"
    )
    for child, kind, state, through in earlier.iterator(chunk_size=5000):
        if state == FlagState.OPEN:
            still_open.add((child, kind))
        last[(child, kind)] = max(last.get((child, kind), through), through)
    return [
        (child, finding)
        for child, finding in found
        if (child, finding.kind) not in still_open
        and finding.through > last.get((child, finding.kind), date.min)
    ]


def flags_raise(
    *, actor: Person, school: Organisation, today: date | None = None
) -> list[AbsenceFlag]:
    """Raise the school's new absence flags (after an import, or matching again)."""
    if not policy.can_work_on_attendance(actor, school.pk):
        raise PermissionDenied
    today = today or timezone.localdate()
    found = _findings(school, today)
    with transaction.atomic():
        fresh = _fresh(school, found)
        flags = _create(actor, school, fresh)
        if not flags:
            return []
        _on_chronologies(actor, school, flags)
        audit_events_record(
            entries=[
                Entry(
                    actor,
                    "absence-flag.raise",
                    KIND,
                    flag.pk,
                    {"child": str(flag.child_id), "kind": flag.kind},
                )
                for flag in flags
            ]
        )
        notification_send(
            recipients=safeguarding_leads_of(school.pk),
            kind="absence-flags",
            title="New absence flags need your attention",
            link="/attendance/flags/",
            key=f"absence-flags:{flags[0].pk}",
        )
    return flags


def _create(
    actor: Person, school: Organisation, fresh: list[tuple[uuid.UUID, Finding]]
) -> list[AbsenceFlag]:
    now = timezone.now()
    flags = [
        AbsenceFlag(
            id=uuid.uuid4(),
            school=school,
            child_id=child,
            kind=finding.kind,
            detail=finding.detail,
            through=finding.through,
            raised_at=now,
            raised_by=actor,
        )
        for child, finding in sorted(fresh, key=lambda pair: (str(pair[0]), pair[1].kind))
    ]
    # Another import raising the same flag at the same moment: the open-flag constraint keeps
    # one, and only the flags that went in go on.
    AbsenceFlag.objects.bulk_create(flags, batch_size=2000, ignore_conflicts=True)
    stored: set[uuid.UUID] = set()
    ids = [flag.pk for flag in flags]
    for start in range(0, len(ids), 5000):
        chunk = ids[start : start + 5000]
        stored.update(AbsenceFlag.objects.filter(pk__in=chunk).values_list("pk", flat=True))
    return [flag for flag in flags if flag.pk in stored]


def _on_chronologies(actor: Person, school: Organisation, flags: list[AbsenceFlag]) -> None:
    role = acting_role(actor, school.pk)
    for flag in flags:
        entry_append(
            actor=actor,
            role=role,
            organisation=school,
            child=Child(pk=flag.child_id),
            entry=NewEntry(
                kind=EntryKind.ABSENCE,
                title=f"Absence flag: {KIND_LABELS[Kind(flag.kind)].lower()}",
                occurred_at=flag.raised_at,
                body=(
                    f"{describe(flag.kind, flag.detail)}\n\nFound in the school's attendance "
                    "marks and flagged to its designated safeguarding leads to follow up."
                ),
                source_type=KIND,
                source_id=flag.pk,
            ),
        )


def _close(actor: Person, flag: AbsenceFlag, version: int, state: str, **fields: object) -> None:
    now = timezone.now()
    updated = AbsenceFlag.objects.filter(pk=flag.pk, version=version, state=FlagState.OPEN).update(
        state=state, closed_at=now, closed_by=actor, version=F("version") + 1, **fields
    )
    if not updated:
        raise EditConflictError()
    flag.refresh_from_db()


def flag_dismiss(*, actor: Person, flag: AbsenceFlag, version: int, reason: str) -> AbsenceFlag:
    """Close a flag that needs nothing more, saying why (on the chronology too)."""
    if not policy.can_work_on_attendance(actor, flag.school_id):
        raise PermissionDenied
    reason = reason.strip()
    if len(reason) < SHORTEST_REASON:
        raise ValidationError(
            {
                "reason": f"Say why the flag needs no more action, in at least {SHORTEST_REASON} characters"
            }
        )
    with transaction.atomic():
        _close(actor, flag, version, FlagState.DISMISSED, reason=reason)
        entry_append(
            actor=actor,
            role=acting_role(actor, flag.school_id),
            organisation=flag.school,
            child=flag.child,
            entry=NewEntry(
                kind=EntryKind.ABSENCE,
                title=f"Absence flag dismissed: {flag.get_kind_display().lower()}",
                occurred_at=flag.closed_at or timezone.now(),
                body=reason,
                source_type=KIND,
                source_id=flag.pk,
            ),
        )
        audit_event_record(
            actor=actor, verb="absence-flag.dismiss", object_type=KIND, object_id=flag.pk
        )
    return flag


def flag_to_concern(*, actor: Person, flag: AbsenceFlag, version: int) -> Draft:
    """Turn the flag into a concern in one step: a draft about the child with the flag's
    sign suggested and its numbers as what was seen; the DSL checks and completes each step."""
    if not policy.can_work_on_attendance(actor, flag.school_id):
        raise PermissionDenied
    with transaction.atomic():
        draft = draft_start(
            actor=actor,
            organisation=flag.school,
            about=flag.child,
            indicators=list(SUGGESTED[Kind(flag.kind)]),
            seen=f"{KIND_LABELS[Kind(flag.kind)]}: {describe(flag.kind, flag.detail)}",
        )
        _close(actor, flag, version, FlagState.CONCERN, draft_id=draft.pk)
        audit_event_record(
            actor=actor,
            verb="absence-flag.concern",
            object_type=KIND,
            object_id=flag.pk,
            details={"draft": str(draft.pk)},
        )
    return draft
