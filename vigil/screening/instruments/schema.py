"""What a screening instrument may say: its schema, checked when a definition loads.

An instrument is data: a table of rules (or a points table with bands) that decides a level,
floors that may only raise it, and the advice for each level (SCREENING.md sections 3 to 5).
Conditions are built from a few kinds below: indicators in a window ("any `e.` current",
"3 or more distinct `i.` current"), the child's age, a learning disability, immediate risk,
and `All` / `Either` of other conditions. A new instrument is a new definition made of these;
the evaluator (`vigil.screening.evaluation`) has no branch for any particular instrument.

A definition that names an indicator not in the catalogue, an uncounted one, an unknown level,
a gap in its bands, or advice missing for a level fails to load with `InstrumentError`.

Pure: the standard library and the catalogue only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Final, NamedTuple

from vigil.screening.catalogue import GROUP_BY_CODE, INDICATORS

LEVELS: Final = ("none", "low", "medium", "high")
RANK: Final[Mapping[str, int]] = {level: rank for rank, level in enumerate(LEVELS)}
CURRENT: Final = frozenset({"current"})
RECENT: Final = frozenset({"recent"})
CURRENT_OR_RECENT: Final = CURRENT | RECENT
COUNTED: Final = frozenset(item.id for item in INDICATORS if item.counted)

# The id carries the version: a changed rule set is a new id, and old screenings keep theirs.
_INSTRUMENT_ID: Final = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*-[0-9]+")


class InstrumentError(ValueError):
    """An instrument definition that breaks the schema."""


class Facts(NamedTuple):
    """What conditions are tested on: the counted indicators that are current, and those that
    are recent (and not current), on the assessment date (SCREENING.md section 2); and what is
    known of the child then."""

    current: AbstractSet[str]
    recent: AbstractSet[str]
    age: int
    learning_disability: bool
    immediate_risk: bool


class Condition:
    """Something that holds or not for a child's facts."""

    __slots__ = ()

    def holds(self, facts: Facts) -> bool:
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Indicators(Condition):
    """At least `at_least` distinct selected counted indicators are in one of `windows`.

    The selection is every counted indicator of `groups` plus the `ids` named.
    """

    groups: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    windows: frozenset[str] = CURRENT
    at_least: int = 1
    selected: frozenset[str] = field(init=False, repr=False, compare=False)
    in_current: bool = field(init=False, repr=False, compare=False)
    in_recent: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "selected", select(self.groups, self.ids))
        object.__setattr__(self, "in_current", "current" in self.windows)
        object.__setattr__(self, "in_recent", "recent" in self.windows)
        if not self.windows or not self.windows <= CURRENT_OR_RECENT:
            raise InstrumentError(f"windows {sorted(self.windows)}: use current and/or recent")
        if not 1 <= self.at_least <= len(self.selected):
            raise InstrumentError(f"at_least {self.at_least} of {len(self.selected)} indicators")

    def holds(self, facts: Facts) -> bool:
        # Set operations in C: this is the evaluator's innermost test.
        selected = self.selected
        if self.at_least == 1:
            if self.in_current and not selected.isdisjoint(facts.current):
                return True
            return self.in_recent and not selected.isdisjoint(facts.recent)
        found = len(selected & facts.current) if self.in_current else 0
        found += len(selected & facts.recent) if self.in_recent else 0
        return found >= self.at_least


@dataclass(frozen=True, slots=True)
class AgeUnder(Condition):
    """The child's age on the assessment date is under `years`."""

    years: int

    def holds(self, facts: Facts) -> bool:
        return facts.age < self.years


@dataclass(frozen=True, slots=True)
class LearningDisability(Condition):
    """The child has a learning difficulty or disability (SCREENING.md section 2)."""

    def holds(self, facts: Facts) -> bool:
        return facts.learning_disability


@dataclass(frozen=True, slots=True)
class ImmediateRisk(Condition):
    """The assessor marked the child at immediate risk of harm."""

    def holds(self, facts: Facts) -> bool:
        return facts.immediate_risk


@dataclass(frozen=True, slots=True)
class All(Condition):
    """Every one of the conditions holds."""

    conditions: tuple[Condition, ...]

    def __post_init__(self) -> None:
        _not_empty(self.conditions, "All")

    def holds(self, facts: Facts) -> bool:
        # A loop rather than all(...): several times quicker in the evaluator's inner loop.
        for condition in self.conditions:  # noqa: SIM110
            if not condition.holds(facts):
                return False
        return True


@dataclass(frozen=True, slots=True)
class Either(Condition):
    """At least one of the conditions holds."""

    conditions: tuple[Condition, ...]

    def __post_init__(self) -> None:
        _not_empty(self.conditions, "Either")

    def holds(self, facts: Facts) -> bool:
        for condition in self.conditions:  # noqa: SIM110 (as in All)
            if condition.holds(facts):
                return True
        return False


@dataclass(frozen=True, slots=True)
class Rule:
    """A row of a rule table: when `condition` holds, it gives `level`; `reason` says why in
    plain words, for the result page."""

    id: str
    level: str
    condition: Condition
    reason: str


@dataclass(frozen=True, slots=True)
class Floor:
    """Raises the level to `level` when `condition` holds; never lowers it."""

    id: str
    level: str
    condition: Condition
    reason: str


@dataclass(frozen=True, slots=True)
class Points:
    """Points for each selected counted indicator, by its window. An indicator scores by the
    first `Points` of the table that selects it."""

    name: str
    groups: tuple[str, ...] = ()
    ids: tuple[str, ...] = ()
    current: int = 0
    recent: int = 0
    # Current, and also observed in the recent window.
    current_and_recent: int = 0
    selected: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "selected", select(self.groups, self.ids))
        if min(self.current, self.recent, self.current_and_recent) < 0:
            raise InstrumentError(f"points {self.name!r}: points are never negative")


@dataclass(frozen=True, slots=True)
class Band:
    """Scores from `lowest` (up to the next band's lowest) are band `number`, at `level`."""

    number: int
    lowest: int
    level: str


@dataclass(frozen=True, slots=True)
class Scoring:
    """A points table and the bands its total falls into."""

    points: tuple[Points, ...]
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        _not_empty(self.points, "points")
        _not_empty(self.bands, "bands")
        if self.bands[0].lowest != 0:
            raise InstrumentError("the first band must start at a score of 0")
        for lower, upper in zip(self.bands, self.bands[1:], strict=False):
            if upper.lowest <= lower.lowest or upper.number <= lower.number:
                raise InstrumentError(f"band {upper.number} must follow band {lower.number}")
            if RANK.get(upper.level, -1) < RANK.get(lower.level, -1):
                raise InstrumentError(f"band {upper.number} is at a lower level than the last")

    def band(self, score: int) -> Band:
        """The band a (never negative) score falls into."""
        for band in reversed(self.bands):
            if score >= band.lowest:
                return band
        return self.bands[0]


@dataclass(frozen=True, slots=True)
class Variant:
    """Other actions for a level, when `condition` holds (the first that holds wins)."""

    condition: Condition
    actions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Advice:
    """What follows from a level: actions in order, and the review within so many days
    (none: no review)."""

    level: str
    actions: tuple[str, ...]
    review_days: int | None
    variants: tuple[Variant, ...] = ()
    review_within: timedelta | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        days = self.review_days
        object.__setattr__(self, "review_within", None if days is None else timedelta(days))


@dataclass(frozen=True, slots=True)
class Instrument:
    """A versioned screening instrument. Exactly one of `rules` and `scoring` decides the
    level; the floors then apply in order; `advice` holds one entry for every level."""

    id: str
    title: str
    floors: tuple[Floor, ...]
    advice: tuple[Advice, ...]
    rules: tuple[Rule, ...] = ()
    scoring: Scoring | None = None
    # An action put first whatever the level when the child is at immediate risk.
    immediate_action: str = "call-999"
    # Days from the observation to the assessment: current up to the first, recent up to
    # the second, historical after (SCREENING.md section 2).
    current_within: int = 182
    recent_within: int = 365
    advice_for: Mapping[str, Advice] = field(init=False, repr=False, compare=False)
    points_for: Mapping[str, Points] = field(init=False, repr=False, compare=False)
    # The windows as spans of days, made once: a timedelta is slow to make for every case.
    current_span: timedelta = field(init=False, repr=False, compare=False)
    recent_span: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _INSTRUMENT_ID.fullmatch(self.id):
            raise InstrumentError(f"{self.id!r}: an instrument id ends in its version, -1")
        if bool(self.rules) == (self.scoring is not None):
            raise InstrumentError(f"{self.id}: decide the level by rules or by scoring, not both")
        if not 0 <= self.current_within < self.recent_within:
            raise InstrumentError(f"{self.id}: the current window must end before the recent")
        _check_rows(self)
        object.__setattr__(self, "advice_for", {advice.level: advice for advice in self.advice})
        object.__setattr__(self, "points_for", _points_for(self.scoring))
        object.__setattr__(self, "current_span", timedelta(self.current_within))
        object.__setattr__(self, "recent_span", timedelta(self.recent_within))

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)

    def floor(self, floor_id: str) -> Floor:
        return next(floor for floor in self.floors if floor.id == floor_id)


def select(groups: tuple[str, ...], ids: tuple[str, ...]) -> frozenset[str]:
    """The counted indicators of the groups, and those named; never an uncounted one."""
    for group in groups:
        if group not in GROUP_BY_CODE:
            raise InstrumentError(f"{group!r} is not a group of the catalogue")
    for indicator in ids:
        if indicator not in COUNTED:
            raise InstrumentError(f"{indicator!r} is not a counted indicator of the catalogue")
    selected = frozenset(item for item in COUNTED if item.split(".", 1)[0] in groups or item in ids)
    if not selected:
        raise InstrumentError("the selection names no indicator")
    return selected


def _check_rows(instrument: Instrument) -> None:
    levels = [rule.level for rule in instrument.rules]
    levels += [floor.level for floor in instrument.floors]
    levels += [advice.level for advice in instrument.advice]
    if instrument.scoring is not None:
        levels += [band.level for band in instrument.scoring.bands]
    unknown = sorted(set(levels) - set(LEVELS))
    if unknown:
        raise InstrumentError(f"{instrument.id}: unknown levels {unknown}")
    for rows, kind in ((instrument.rules, "rule"), (instrument.floors, "floor")):
        ids = [row.id for row in rows]
        if len(set(ids)) != len(ids):
            raise InstrumentError(f"{instrument.id}: a {kind} id is used twice")
    if sorted(advice.level for advice in instrument.advice) != sorted(LEVELS):
        raise InstrumentError(f"{instrument.id}: give advice once for every level {LEVELS}")
    for advice in instrument.advice:
        if advice.review_days is not None and advice.review_days < 1:
            raise InstrumentError(f"{instrument.id}: review days must be at least 1")


def _points_for(scoring: Scoring | None) -> Mapping[str, Points]:
    if scoring is None:
        return {}
    found: dict[str, Points] = {}
    for points in scoring.points:
        for indicator in points.selected:
            found.setdefault(indicator, points)
    return found


def _not_empty(rows: tuple[object, ...], name: str) -> None:
    if not rows:
        raise InstrumentError(f"{name}: give at least one")
