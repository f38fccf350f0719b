"""A stored screening as the contract reads it, and as the chronology and pages describe it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from vigil.screening import catalogue, wording
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


@dataclass(frozen=True)
class Reason:
    id: str
    text: str


@dataclass(frozen=True)
class Shown:
    """A stored result as the page explains it, in the instrument it was computed with."""

    level: str
    score: int | None
    band: int | None
    rules: list[Reason]
    floors: list[Reason]
    windows: list[tuple[str, list[catalogue.Indicator]]]
    historical: list[catalogue.Indicator]
    context: list[catalogue.Indicator]
    points: list[tuple[catalogue.Indicator, int]]
    actions: list[str]
    review_by: date | None
    immediate_risk: bool


def shown(screening: Screening) -> Shown | None:
    """The last computation, explained: None before the level is computed."""
    result: dict[str, Any] | None = screening.result
    if not result or "level" not in result:
        return None
    instrument = INSTRUMENTS[result["instrument"]]
    by_id = catalogue.BY_ID
    windows = [
        (
            wording.WINDOWS[window],
            [by_id[i] for i, w in result["indicators"].items() if w == window],
        )
        for window in ("current", "recent")
    ]
    return Shown(
        level=result["level"],
        score=result["score"],
        band=result["band"],
        rules=[Reason(r, instrument.rule(r).reason) for r in result["rules"]],
        floors=[Reason(f, instrument.floor(f).reason) for f in result["floors"]],
        windows=[(label, items) for label, items in windows if items],
        historical=[by_id[i] for i in result["historical"]],
        context=[by_id[i] for i in result["context"]],
        points=[(by_id[i], p) for i, p in result["points"].items()],
        actions=[wording.action(a) for a in result["actions"]],
        review_by=date.fromisoformat(result["review_by"]) if result["review_by"] else None,
        immediate_risk=result["immediate_risk"],
    )
