"""Synthetic screening cases for the tests: an assessment on 24 November 2026 of a fictional
child, with observations given as (indicator, days before the assessment)."""

from __future__ import annotations

from datetime import date, timedelta

ASSESSED = date(2026, 11, 24)
FOURTEEN = "2012-05-01"  # 14 on the assessment date
TWELVE = "2014-01-01"  # 12: under 13
HIGH = ["refer-mash-today", "notify-police", "consider-strategy-discussion"]
MEDIUM = ["refer-mash", "agree-safety-plan"]
LOW = ["early-help", "monitor"]
LOW_IN_CARE = ["inform-social-worker", "monitor"]
NONE = ["record-and-monitor"]


def days_before(days: int) -> str:
    return (ASSESSED - timedelta(days=days)).isoformat()


def review(days: int) -> str:
    return (ASSESSED + timedelta(days=days)).isoformat()


def case(
    *observed: tuple[str, int],
    instrument: str | None = None,
    born: str = FOURTEEN,
    statuses: list[str] | None = None,
    learning_disability: bool | None = None,
    immediate_risk: bool | None = None,
) -> dict[str, object]:
    """A case as JSON would give it; fields left as None are left out."""
    child: dict[str, object] = {"date_of_birth": born}
    if statuses is not None:
        child["statuses"] = statuses
    if learning_disability is not None:
        child["learning_disability"] = learning_disability
    built: dict[str, object] = {
        "id": "synthetic-1",
        "assessed_on": ASSESSED.isoformat(),
        "child": child,
        "observations": [
            {"indicator": indicator, "observed_on": days_before(days), "basis": "evidence"}
            for indicator, days in observed
        ],
    }
    if instrument is not None:
        built["instrument"] = instrument
    if immediate_risk is not None:
        built["immediate_risk"] = immediate_risk
    return built
