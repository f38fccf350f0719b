"""Screening a child: observations citing the chronology, the computation, the assessor's
judgement, its sign-off, and the review that follows (SCREENING.md sections 2 to 5).

Each write checks permission, claims the screening by its version (two people at once cannot
both win), writes in one transaction with its audit event. The level is computed by the same
contract function that `vigil screen` and the evaluation endpoint run, from the case it stores.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.audit.services import audit_event_record
from vigil.children.models import Child, ChronologyEntry, EntryKind
from vigil.children.policy import acting_role
from vigil.children.services import NewEntry, entry_append
from vigil.core.models import Clock
from vigil.core.references import reference_next
from vigil.core.selectors import partnership_get
from vigil.core.services.timekeeping import clock_start, clock_stop
from vigil.core.versioning import EditConflictError
from vigil.screening import catalogue, policy, wording
from vigil.screening.cases import case_of, judgement_summary, review_date
from vigil.screening.contract import answer_case
from vigil.screening.instruments import DEFAULT, INSTRUMENTS
from vigil.screening.models import LEVEL_ORDER, Basis, Level, Observation, Screening, State

REVIEW_CLOCK = "screening-review"
# A change to the observations makes the last computation stale: compute again to judge.
UNCOMPUTED: dict[str, Any] = {
    "case": None,
    "result": None,
    "computed_level": "",
    "score": None,
    "band": None,
}
SHORTEST_REASON = 10


def _claim(screening: Screening, version: int, **changes: Any) -> None:
    updated = Screening.objects.filter(pk=screening.pk, version=version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise EditConflictError()
    screening.refresh_from_db()


def _audit(actor: Person, verb: str, screening: Screening, **details: Any) -> None:
    audit_event_record(
        actor=actor,
        verb=f"screening.{verb}",
        object_type=policy.KIND,
        object_id=screening.pk,
        details={"child": str(screening.child_id), **details},
    )


def _on_chronology(actor: Person, screening: Screening, title: str, body: str) -> ChronologyEntry:
    return entry_append(
        actor=actor,
        role=acting_role(actor, screening.organisation_id),
        organisation=screening.organisation,
        child=screening.child,
        entry=NewEntry(
            kind=EntryKind.SCREENING,
            title=title,
            occurred_at=timezone.now(),
            body=body,
            source_type=policy.KIND,
            source_id=screening.pk,
        ),
    )


# Starting and observing -----------------------------------------------------------------


def screening_start(*, actor: Person, child: Child) -> Screening:
    """A new screening of the child, today, with the partnership's instrument."""
    if not policy.can_screen(actor, child):
        raise PermissionDenied
    partnership = partnership_get()
    instrument = partnership.screening_instrument if partnership else DEFAULT
    with transaction.atomic():
        screening = Screening.objects.create(
            reference=reference_next("SCR"),
            child=child,
            organisation_id=child.organisation_id,
            instrument=instrument if instrument in INSTRUMENTS else DEFAULT,
            assessed_on=timezone.localdate(),
            started_by=actor,
            started_at=timezone.now(),
        )
        _audit(actor, "start", screening, instrument=screening.instrument)
    return screening


def observation_add(
    *,
    actor: Person,
    screening: Screening,
    version: int,
    indicator: str,
    observed_on: date | None,
    basis: str = Basis.EVIDENCE,
    entry_id: uuid.UUID | None = None,
    note: str = "",
) -> Observation:
    """An indicator seen on a date, citing a dated chronology entry of the child's, or a new
    dated note (which goes on the chronology first, so that every observation cites one)."""
    if not policy.can_work_on(actor, screening):
        raise PermissionDenied
    entry, day = _checked_observation(screening, indicator, observed_on, basis, entry_id, note)
    with transaction.atomic():
        _claim(screening, version, **UNCOMPUTED)
        return _observe(actor, screening, indicator, day, basis, entry, note)


def observations_confirm(
    *, actor: Person, screening: Screening, version: int, picks: list[tuple[str, date, uuid.UUID]]
) -> list[Observation]:
    """Confirm indicators suggested by the child's concerns: (indicator, date, the concern's
    entry) each, as evidence, in one write."""
    if not policy.can_work_on(actor, screening):
        raise PermissionDenied
    if not picks:
        raise ValidationError({"picks": "Select the signs to confirm"})
    checked = [
        (indicator, *_checked_observation(screening, indicator, day, Basis.EVIDENCE, entry_id, ""))
        for indicator, day, entry_id in picks
    ]
    with transaction.atomic():
        _claim(screening, version, **UNCOMPUTED)
        return [
            _observe(actor, screening, indicator, day, Basis.EVIDENCE, entry, "")
            for indicator, entry, day in checked
        ]


def _observe(
    actor: Person,
    screening: Screening,
    indicator: str,
    day: date,
    basis: str,
    entry: ChronologyEntry | None,
    note: str,
) -> Observation:
    if entry is None:
        entry = entry_append(
            actor=actor,
            role=acting_role(actor, screening.organisation_id),
            organisation=screening.organisation,
            child=screening.child,
            entry=NewEntry(
                kind=EntryKind.NOTE,
                title=f"Noted for screening {screening.reference}: "
                + catalogue.BY_ID[indicator].label,
                occurred_at=timezone.make_aware(datetime.combine(day, time(12, 0))),
                body=note.strip(),
                source_type=policy.KIND,
                source_id=screening.pk,
            ),
        )
    observation, _ = Observation.objects.get_or_create(
        screening=screening,
        indicator=indicator,
        observed_on=day,
        entry=entry,
        defaults={"basis": basis, "added_by": actor, "added_at": timezone.now()},
    )
    _audit(actor, "observe", screening, indicator=indicator, entry=str(entry.pk))
    return observation


def _checked_observation(
    screening: Screening,
    indicator: str,
    observed_on: date | None,
    basis: str,
    entry_id: uuid.UUID | None,
    note: str,
) -> tuple[ChronologyEntry | None, date]:
    """The cited entry (None: a new note is to be written) and the date, or ValidationError
    naming each field that is wrong and what to do."""
    errors: dict[str, str] = {}
    if indicator not in catalogue.BY_ID or not catalogue.BY_ID[indicator].counted:
        errors["indicator"] = "Choose a sign from the list"
    if observed_on is None:
        errors["observed_on"] = "Enter the date it was seen, for example 24 11 2026"
    elif observed_on > screening.assessed_on:
        errors["observed_on"] = "The date cannot be after the screening's date"
    elif observed_on < screening.child.date_of_birth:
        errors["observed_on"] = "The date cannot be before the child was born"
    if basis not in Basis.values:
        errors["basis"] = "Choose evidence or professional concern"
    entry = None
    if entry_id is not None:
        entry = ChronologyEntry.objects.filter(pk=entry_id, child_id=screening.child_id).first()
        if entry is None:
            errors["entry_id"] = "Choose an entry of this child's chronology"
    elif len(note.strip()) < SHORTEST_REASON:
        errors["note"] = "Choose the entry that supports it, or write a note of what was seen"
    if errors or observed_on is None:
        raise ValidationError(errors)
    return entry, observed_on


def observation_remove(
    *, actor: Person, screening: Screening, version: int, observation_id: uuid.UUID
) -> None:
    """Take an observation out of a draft (the entry it cited stays on the chronology)."""
    if not policy.can_work_on(actor, screening):
        raise PermissionDenied
    with transaction.atomic():
        _claim(screening, version, **UNCOMPUTED)
        deleted, _ = Observation.objects.filter(pk=observation_id, screening=screening).delete()
        if deleted:
            _audit(actor, "unobserve", screening, observation=str(observation_id))


# Computing, judging, signing off --------------------------------------------------------


def screening_compute(
    *, actor: Person, screening: Screening, version: int, immediate_risk: bool
) -> Screening:
    """Compute the level from the observations and the child's record, keeping the exact
    input and result."""
    if not policy.can_work_on(actor, screening):
        raise PermissionDenied
    screening.immediate_risk = immediate_risk
    case = case_of(screening)
    result = answer_case(case)
    error = result.get("error")
    if isinstance(error, dict):
        raise ValidationError({"__all__": wording.case_error(error)})
    with transaction.atomic():
        _claim(
            screening,
            version,
            immediate_risk=immediate_risk,
            case=case,
            result=result,
            computed_level=result["level"],
            score=result["score"],
            band=result["band"],
        )
        _audit(actor, "compute", screening, level=result["level"], score=result["score"])
    return screening


def screening_judge(
    *, actor: Person, screening: Screening, version: int, level: str, reason: str
) -> Screening:
    """The assessor's own level. A different level needs a written reason; one below the
    computed level waits for a second person's sign-off before the screening is final."""
    if not policy.can_work_on(actor, screening):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not screening.computed_level:
        errors["__all__"] = "Compute the level before you record your judgement"
    if level not in Level.values:
        errors["level"] = "Choose the level you judge the risk to be"
    elif level != screening.computed_level and len(reason.strip()) < SHORTEST_REASON:
        errors["reason"] = "Say why your judgement differs from the computed level"
    if errors:
        raise ValidationError(errors)
    below = LEVEL_ORDER[Level(level)] < LEVEL_ORDER[Level(screening.computed_level)]
    with transaction.atomic():
        _claim(
            screening,
            version,
            judged_level=level,
            judgement_reason=reason.strip(),
            judged_by=actor,
            judged_at=timezone.now(),
            state=State.AWAITING_SIGN_OFF if below else State.DRAFT,
        )
        _audit(actor, "judge", screening, level=level, computed=screening.computed_level)
        if below:
            _on_chronology(
                actor,
                screening,
                f"CSE screening {screening.reference}: judged {wording.risk(level)}, awaiting "
                "sign-off",
                judgement_summary(screening),
            )
        else:
            _finalise(actor, screening)
    return screening


def screening_sign_off(
    *, actor: Person, screening: Screening, version: int, agree: bool, note: str
) -> Screening:
    """A manager or another DSL agrees the lower judgement (the screening is final), or
    returns it to the assessor with a note (it is a draft again, its judgement cleared)."""
    if not policy.can_sign_off(actor, screening):
        raise PermissionDenied
    if len(note.strip()) < SHORTEST_REASON:
        raise ValidationError({"note": "Say why you agree or what needs another look"})
    with transaction.atomic():
        if agree:
            _claim(
                screening,
                version,
                signed_off_by=actor,
                signed_off_at=timezone.now(),
                sign_off_note=note.strip(),
            )
            _audit(actor, "sign-off", screening, level=screening.judged_level)
            _finalise(actor, screening)
        else:
            _claim(
                screening,
                version,
                state=State.DRAFT,
                judged_level="",
                judged_by=None,
                judged_at=None,
                sign_off_note=note.strip(),
            )
            _audit(actor, "return", screening)
            _on_chronology(
                actor,
                screening,
                f"CSE screening {screening.reference}: returned to the assessor",
                note.strip(),
            )
    return screening


def _finalise(actor: Person, screening: Screening) -> None:
    """Final: never changed again. The review falls due on the more cautious level's date, as
    a clock; an earlier screening's review of the same child is met by this one."""
    review_by = review_date(screening)
    earlier = Screening.objects.filter(child_id=screening.child_id, state=State.FINAL).exclude(
        pk=screening.pk
    )
    running = Clock.objects.filter(
        subject_type=policy.KIND,
        subject_id__in=earlier.values("pk"),
        kind=REVIEW_CLOCK,
        stopped_at__isnull=True,
    )
    reason = f"reviewed by {screening.reference}"
    reviewed = sum(clock_stop(actor=actor, clock=clock, reason=reason) for clock in running)
    title = f"CSE screening {screening.reference}" + (" (review)" if reviewed else "")
    title += f": {wording.risk(screening.judged_level)}"
    if screening.signed_off_by_id:
        title += ", signed off"
    entry = _on_chronology(actor, screening, title, judgement_summary(screening))
    _claim(
        screening,
        screening.version,
        state=State.FINAL,
        review_by=review_by,
        finalised_at=timezone.now(),
        entry=entry,
    )
    if review_by is not None:
        clock_start(
            actor=actor,
            kind=REVIEW_CLOCK,
            subject_type=policy.KIND,
            subject_id=screening.pk,
            organisation=screening.organisation,
            holder_role=access.Role.DSL,
            link=f"/screenings/{screening.pk}/",
            due_on=review_by,
        )
    _audit(actor, "final", screening, level=screening.judged_level, review_by=str(review_by))
