"""Properties of the evaluator over generated cases (assessments from 2000 to 2040).

The rules of cse-screening-1 and the points of cse-scored-1 are checked against references
written straight from SCREENING.md, sharing no code with the evaluator or the instruments.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.screening.catalogue import INDICATORS
from vigil.screening.evaluation import Case, Observation, age_on, evaluate, window
from vigil.screening.instruments import INSTRUMENTS

BOUNDED = settings(max_examples=200, deadline=None)
RANK = {"none": 0, "low": 1, "medium": 2, "high": 3}
IDS = [item.id for item in INDICATORS]
V_IDS = [i for i in IDS if i.startswith("v.")]
COUNTED = {item.id for item in INDICATORS if item.counted}
RULES, SCORED = INSTRUMENTS["cse-screening-1"], INSTRUMENTS["cse-scored-1"]
REVIEW_DAYS = {"high": 28, "medium": 42, "low": 91}
H3_PARTNERS = {
    "i.older_risky_adults",
    "i.exploited_peers",
    "i.unexplained_possessions",
    "i.unexplained_social_funds",
}
SIGNIFICANT = {
    "i.going_missing",
    "i.older_risky_adults",
    "i.unexplained_possessions",
    "g.lifts_new_places",
    "g.adult_venues",
    "g.online_special",
}
assessments = st.dates(date(2000, 1, 1), date(2040, 12, 31))


@st.composite
def cases(draw: st.DrawFn) -> Case:
    assessed = draw(assessments)
    born = assessed - timedelta(days=draw(st.integers(0, 18 * 365)))
    # Ages near 13 often, where the floors change.
    if draw(st.booleans()):
        born = assessed - timedelta(days=13 * 365 + 3 + draw(st.integers(-4, 4)))
    observed = draw(
        st.lists(
            st.tuples(st.sampled_from(IDS), st.sampled_from([0, 182, 183, 365, 366]) | st.integers(0, 800)),
            max_size=8,
        )
    )  # fmt: skip
    return Case(
        assessed_on=assessed,
        date_of_birth=born,
        observations=tuple(Observation(i, assessed - timedelta(days=d)) for i, d in observed),
        statuses=tuple(draw(st.lists(st.sampled_from(V_IDS), max_size=2))),
        learning_disability=draw(st.booleans()),
        immediate_risk=draw(st.integers(0, 9)) == 0,
    )


# The reference, from SCREENING.md


def reference_windows(case: Case) -> dict[str, str]:
    """Counted indicators that are current or recent, straight from section 2."""
    by_indicator: dict[str, list[int]] = {}
    for observation in case.observations:
        days = (case.assessed_on - observation.observed_on).days
        by_indicator.setdefault(observation.indicator, []).append(days)
    found: dict[str, str] = {}
    for indicator, days in by_indicator.items():
        if indicator in COUNTED and any(d <= 182 for d in days):
            found[indicator] = "current"
        elif indicator in COUNTED and any(183 <= d <= 365 for d in days):
            found[indicator] = "recent"
    for status in case.statuses:
        if status in COUNTED:
            found[status] = "current"
    exploited = [i for i, days in by_indicator.items() if i[:2] == "e." and min(days) > 365]
    if exploited:
        found["v.prior_abuse"] = "current"
    return found


def reference_rules(found: dict[str, str]) -> list[str]:
    def any_of(group: str, window: str) -> bool:
        return any(i.startswith(group) and w == window for i, w in found.items())

    current = {i for i, w in found.items() if w == "current"}
    held = {
        "H1": any_of("e.", "current"),
        "H2": len({i for i in current if i.startswith("i.")}) >= 3,
        "H3": "i.going_missing" in current and bool(current & H3_PARTNERS),
        "M1": any_of("i.", "current"),
        "M2": any_of("g.", "current"),
        "M3": any_of("e.", "recent"),
        "L1": any_of("v.", "current") or any_of("v.", "recent"),
        "L2": any_of("i.", "recent") or any_of("g.", "recent"),
    }
    return [rule for rule, holds in held.items() if holds]


def reference_points(case: Case, found: dict[str, str]) -> dict[str, int]:
    observed_recent = {
        o.indicator
        for o in case.observations
        if 183 <= (case.assessed_on - o.observed_on).days <= 365
    }
    points = {}
    for indicator, where in found.items():
        if indicator.startswith("e.") or indicator in SIGNIFICANT:
            points[indicator] = (
                (6 if indicator in observed_recent else 5) if where == "current" else 1
            )
        elif indicator[:2] in {"i.", "g."}:
            points[indicator] = 1 if where == "current" else 0
        else:
            points[indicator] = 1
    return {i: p for i, p in points.items() if p > 0}


def reference_band(score: int) -> tuple[int, str]:
    if score <= 5:
        return 1, "none"
    if score <= 10:
        return 2, "low"
    return (3, "medium") if score <= 15 else (4, "high")


# Properties


@BOUNDED
@given(cases())
def test_windows_and_rules_match_the_specification(case: Case) -> None:
    explained = evaluate(RULES, case)
    assert dict(explained.indicators) == reference_windows(case)
    assert list(explained.rules) == reference_rules(reference_windows(case))
    seen = {o.indicator for o in case.observations}
    assert list(explained.historical) == sorted(
        i for i in seen & COUNTED if i not in explained.indicators
    )
    assert list(explained.context) == sorted((seen | set(case.statuses)) - COUNTED)


@BOUNDED
@given(cases())
def test_points_score_and_band_match_the_specification(case: Case) -> None:
    explained = evaluate(SCORED, case)
    points = reference_points(case, reference_windows(case))
    assert dict(explained.points) == points
    assert explained.score == sum(points.values())
    assert (explained.band, explained.rules) == (reference_band(explained.score)[0], [])
    assert RANK[explained.level] >= RANK[reference_band(explained.score)[1]]


@BOUNDED
@given(cases(), st.sampled_from([RULES, SCORED]))
def test_floors_only_ever_raise_and_are_reported_only_when_they_changed_the_level(
    case: Case, instrument
) -> None:
    floored = evaluate(instrument, case)
    unfloored = evaluate(dataclasses.replace(instrument, floors=()), case)
    assert RANK[floored.level] >= RANK[unfloored.level]
    if floored.floors:
        assert floored.level == instrument.floor(floored.floors[-1]).level
        levels = [RANK[unfloored.level]] + [RANK[instrument.floor(f).level] for f in floored.floors]
        assert levels == sorted(set(levels))  # each reported floor raised it further
    else:
        assert floored.level == unfloored.level
    assert [f for f in ("F1", "F2", "F3", "F4", "F5") if f in floored.floors] == list(
        floored.floors
    )


@BOUNDED
@given(cases(), st.sampled_from([RULES, SCORED]))
def test_rules_in_table_order_decide_the_level_before_the_floors(case: Case, instrument) -> None:
    explained = evaluate(dataclasses.replace(instrument, floors=()), case)
    order = [rule.id for rule in instrument.rules]
    assert list(explained.rules) == sorted(explained.rules, key=order.index)
    if instrument is RULES:
        decided = instrument.rule(explained.rules[0]).level if explained.rules else "none"
        assert explained.level == decided


@BOUNDED
@given(cases(), st.sampled_from([RULES, SCORED]))
def test_actions_and_review_follow_the_level(case: Case, instrument) -> None:
    explained = evaluate(instrument, case)
    assert (explained.actions[0] == "call-999") == case.immediate_risk
    if case.immediate_risk:
        assert explained.level == "high"
    days = REVIEW_DAYS.get(explained.level)
    expected = None if days is None else case.assessed_on + timedelta(days=days)
    assert explained.review_by == expected
    assert (explained.score is None) == (instrument is RULES)


@BOUNDED
@given(assessments, st.integers(-3, 3))
def test_window_edges_are_182_183_365_366_days(assessed: date, shift: int) -> None:
    edges = (
        (0, "current"),
        (182, "current"),
        (183, "recent"),
        (365, "recent"),
        (366, "historical"),
    )
    for days, expected in edges:
        observed = assessed - timedelta(days=days)
        assert window(RULES, observed, assessed) == expected
        case = Case(
            assessed, assessed - timedelta(days=4000), (Observation("i.alienation", observed),)
        )
        explained = evaluate(RULES, case)
        in_result = explained.indicators.get("i.alienation") or (
            "historical" if explained.historical == ["i.alienation"] else None
        )
        assert in_result == expected
    near = 182 + shift
    assert window(RULES, assessed - timedelta(days=near), assessed) == (
        "current" if near <= 182 else "recent"
    )


leap_birthdays = st.sampled_from([y for y in range(1992, 2036) if y % 4 == 0]).map(
    lambda year: date(year, 2, 29)
)


@BOUNDED
@given(leap_birthdays, st.integers(1, 17))
def test_a_29_february_birthday_is_reached_on_1_march_in_other_years(
    born: date, years: int
) -> None:
    year = born.year + years
    leap = year % 4 == 0
    assert age_on(born, date(year, 2, 28)) == years - 1
    assert age_on(born, date(year, 3, 1)) == years
    if leap:
        assert age_on(born, date(year, 2, 29)) == years


@BOUNDED
@given(st.dates(date(1990, 1, 1), date(2030, 12, 31)), assessments)
def test_age_counts_the_birthdays_passed(born: date, day: date) -> None:
    def birthday(year: int) -> date:
        try:
            return born.replace(year=year)
        except ValueError:  # 29 February in a year without one
            return date(year, 3, 1)

    passed = sum(1 for year in range(born.year + 1, day.year + 1) if birthday(year) <= day)
    if day >= born:
        assert age_on(born, day) == passed
