"""A stored screening as the contract reads it, and as the chronology and pages describe it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from vigil.screening import wording
from vigil.screening.instruments import INSTRUMENTS
from vigil.screening.models import LEVEL_ORDER, Level, Screening


def case_of(screening: Screening) -> dict[str, Any]:
    """The contract input (SCREENING.md section 6) for the screening as it stands. Statuses
    and the monitoring data come from the child's record, never from the assessor."""
    child = screening.child
    statuses = set(child.statuses)
    if child.gender == "female":
        statuses.add("v.girl")
    return {
        "id": screening.reference,
        "instrument": screening.instrument,
        "assessed_on": screening.assessed_on.isoformat(),
        "child": {
            "date_of_birth": child.date_of_birth.isoformat(),
            "learning_disability": child.learning_disability,
            "statuses": sorted(statuses),
        },
        "observations": [
            {"indicator": o.indicator, "observed_on": o.observed_on.isoformat(), "basis": o.basis}
            for o in screening.observations.order_by("observed_on", "indicator", "id")
        ],
        "immediate_risk": screening.immediate_risk,
    }


def review_date(screening: Screening) -> date | None:
    """The review date of the more cautious of the computed and the judged levels."""
    levels = [Level(screening.computed_level), Level(screening.judged_level)]
    cautious = max(levels, key=LEVEL_ORDER.__getitem__)
    days = INSTRUMENTS[screening.instrument].advice_for[cautious].review_days
    return None if days is None else screening.assessed_on + timedelta(days=days)


def judgement_summary(screening: Screening) -> str:
    """What the chronology says of a screening: computed, judged, why, and who signed off."""
    computed = f"Computed with {screening.instrument}: {wording.risk(screening.computed_level)}"
    if screening.score is not None:
        computed += f" (score {screening.score}, band {screening.band})"
    lines = [computed + "."]
    if screening.judged_level != screening.computed_level:
        lines.append(f"Judged {wording.risk(screening.judged_level)}: {screening.judgement_reason}")
    elif screening.judgement_reason:
        lines.append(f"Judgement: {screening.judgement_reason}")
    if screening.signed_off_by_id:
        lines.append(f"Signed off: {screening.sign_off_note}")
    return "\n\n".join(lines)
