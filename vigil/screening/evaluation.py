"""Evaluating a screening: SCREENING.md sections 2 to 5, for any instrument defined as data.

`evaluate(instrument, case)` returns the whole explanation: where each indicator falls (current,
recent, historical; uncounted ones as context), every rule that holds in table order, the floors
that changed the level, the points of each indicator that scores, the actions and the review
date. The case is taken as already checked against the contract (`vigil.screening.contract`);
the one thing checked again here is that no observation is after the assessment.

Pure: the standard library, the catalogue and the instruments only.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from typing import Final, NamedTuple

from vigil.screening.instruments.schema import COUNTED, RANK, Facts, Instrument

LEARNING_DIFFICULTY: Final = "v.learning_difficulty"
PRIOR_ABUSE: Final = "v.prior_abuse"
EXPLOITATION: Final = "e."
ADULTHOOD: Final = 18


# Named tuples rather than dataclasses: as immutable, and several times quicker to make, which
# counts at tens of thousands of cases a second.


class Observation(NamedTuple):
    """One indicator seen on one date; `basis` is recorded, never counted (section 2)."""

    indicator: str
    observed_on: date
    basis: str = "evidence"


class Case(NamedTuple):
    """What a screening is evaluated on."""

    assessed_on: date
    date_of_birth: date
    observations: tuple[Observation, ...] = ()
    # Ids of `v.` indicators that hold on the assessment date, from the child's record.
    statuses: tuple[str, ...] = ()
    learning_disability: bool = False
    immediate_risk: bool = False


class Windows(NamedTuple):
    """Where the indicators fall on the assessment date (section 2)."""

    # Counted indicators that are current or recent, by id; and the same as two sets.
    indicators: dict[str, str]
    current: AbstractSet[str]
    recent: AbstractSet[str]
    # Counted indicators with an observation in the recent window (current or not).
    observed_recent: AbstractSet[str]
    # Counted indicators seen only long ago, and not current or recent by a status or by
    # the past-exploitation rule; sorted.
    historical: list[str]
    # Uncounted indicators observed at any date or listed as statuses; sorted.
    context: list[str]
    learning_disability: bool


class Explanation(NamedTuple):
    """The result of a screening, and why (section 6's result, plus the learning disability
    that floor F2 looked at).

    Its lists and dicts are made afresh by each evaluation, in the shapes of the JSON result,
    so that the result can hand them on without copying them (a third of its cost if it did).
    """

    instrument: str
    level: str
    score: int | None
    band: int | None
    points: dict[str, int]
    rules: list[str]
    floors: list[str]
    indicators: dict[str, str]
    historical: list[str]
    context: list[str]
    age: int
    learning_disability: bool
    immediate_risk: bool
    actions: list[str]
    review_by: date | None


def age_on(date_of_birth: date, day: date) -> int:
    """Whole years completed on `day`. A 29 February birthday is reached on 1 March in other
    years: (3, 1) is the first day after (2, 29) in the comparison."""
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def is_child(date_of_birth: date, day: date) -> bool:
    return age_on(date_of_birth, day) < ADULTHOOD


def window(instrument: Instrument, observed_on: date, assessed_on: date) -> str:
    """current, recent or historical: days from the observation to the assessment."""
    days = (assessed_on - observed_on).days
    if days < 0:
        raise ValueError(f"observed on {observed_on}, after the assessment on {assessed_on}")
    if days <= instrument.current_within:
        return "current"
    return "recent" if days <= instrument.recent_within else "historical"


def indicator_windows(instrument: Instrument, case: Case) -> Windows:
    """An indicator is current if any observation is, else recent if any is. Statuses count
    as current; historical evidence of exploitation makes `v.prior_abuse` current; a learning
    difficulty observed at any date holds (section 2)."""
    assessed_on = case.assessed_on
    # d = A - O <= 182 exactly when O >= A - 182 days: dates compare quicker than days count.
    current_from = _before(assessed_on, instrument.current_span)
    recent_from = _before(assessed_on, instrument.recent_span)
    current: set[str] = set()
    recent: set[str] = set()
    old: set[str] = set()
    context: set[str] = set()
    for indicator, observed_on, _basis in case.observations:
        if indicator not in COUNTED:
            context.add(indicator)
        elif observed_on >= current_from:
            if observed_on > assessed_on:
                raise ValueError(f"{indicator} observed after the assessment")
            current.add(indicator)
        elif observed_on >= recent_from:
            recent.add(indicator)
        else:
            old.add(indicator)
    learning = case.learning_disability or LEARNING_DIFFICULTY in case.statuses
    learning = learning or LEARNING_DIFFICULTY in current or LEARNING_DIFFICULTY in recent
    learning = learning or LEARNING_DIFFICULTY in old
    only_old = old - current - recent
    exploited_before = any(i.startswith(EXPLOITATION) for i in only_old)
    for status in case.statuses:
        (current if status in COUNTED else context).add(status)
    if exploited_before:
        current.add(PRIOR_ABUSE)
    recent_only = recent - current
    indicators = {i: "current" if i in current else "recent" for i in sorted(current | recent)}
    # Positional: a named tuple is quicker to make so, and this runs for every case.
    return Windows(
        indicators,
        current,
        recent_only,
        recent,
        sorted(only_old - current),
        sorted(context),
        learning,
    )


def _before(day: date, span: timedelta) -> date:
    try:
        return day - span
    except OverflowError:  # before the year 1: every date is after it
        return date.min


def evaluate(instrument: Instrument, case: Case) -> Explanation:
    """The level the instrument gives, and why (SCREENING.md sections 3 to 5).

    Raises OverflowError when the review date would be after the year 9999.
    """
    windows = indicator_windows(instrument, case)
    facts = Facts(
        windows.current,
        windows.recent,
        age_on(case.date_of_birth, case.assessed_on),
        windows.learning_disability,
        case.immediate_risk,
    )
    held = [rule for rule in instrument.rules if rule.condition.holds(facts)]
    score = band = None
    points: dict[str, int] = {}
    if instrument.scoring is not None:
        points = _points(instrument, windows)
        score = sum(points.values())
        decided = instrument.scoring.band(score)
        band, level = decided.number, decided.level
    else:
        level = held[0].level if held else "none"
    level, floors = _floors(instrument, level, facts)
    actions, review_within = _advice(instrument, level, facts)
    review_by = None if review_within is None else case.assessed_on + review_within
    return Explanation(
        instrument=instrument.id,
        level=level,
        score=score,
        band=band,
        points=points,
        rules=[rule.id for rule in held],
        floors=floors,
        indicators=windows.indicators,
        historical=windows.historical,
        context=windows.context,
        age=facts.age,
        learning_disability=facts.learning_disability,
        immediate_risk=case.immediate_risk,
        actions=actions,
        review_by=review_by,
    )


def _points(instrument: Instrument, windows: Windows) -> dict[str, int]:
    """Each counted indicator's points by its window; only those above 0 (section 4)."""
    points: dict[str, int] = {}
    table = instrument.points_for
    for indicator, where in windows.indicators.items():
        row = table.get(indicator)
        if row is None:
            continue
        if where == "recent":
            scored = row.recent
        elif indicator in windows.observed_recent:
            scored = row.current_and_recent
        else:
            scored = row.current
        if scored > 0:
            points[indicator] = scored
    return points


def _floors(instrument: Instrument, level: str, facts: Facts) -> tuple[str, list[str]]:
    """Apply the floors in order; each only ever raises. Reports those that changed it."""
    changed: list[str] = []
    rank = RANK[level]
    for floor in instrument.floors:
        raised = RANK[floor.level]
        if raised > rank and floor.condition.holds(facts):
            level, rank = floor.level, raised
            changed.append(floor.id)
    return level, changed


def _advice(instrument: Instrument, level: str, facts: Facts) -> tuple[list[str], timedelta | None]:
    advice = instrument.advice_for[level]
    actions = advice.actions
    for variant in advice.variants:
        if variant.condition.holds(facts):
            actions = variant.actions
            break
    if facts.immediate_risk and instrument.immediate_action:
        return [instrument.immediate_action, *actions], advice.review_within
    return [*actions], advice.review_within
