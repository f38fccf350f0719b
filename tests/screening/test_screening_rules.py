"""Every rule (H1 to L2), floor (F1 to F5), points table and action of SCREENING.md sections 3 to
5, each shown by a small synthetic case, on both instruments, through the JSON contract."""

from __future__ import annotations

import pytest

from tests.screening.screening_cases import (
    FOURTEEN,
    HIGH,
    LOW,
    LOW_IN_CARE,
    MEDIUM,
    NONE,
    TWELVE,
    case,
    review,
)
from vigil.screening.contract import answer_case

RULES = "cse-screening-1"
SCORED = "cse-scored-1"


def screen(*observed: tuple[str, int], **fields: object) -> dict[str, object]:
    result = answer_case(case(*observed, **fields))
    assert "error" not in result, result
    return result


# cse-screening-1: each rule, and every rule that holds reported in table order


@pytest.mark.parametrize(
    ("observed", "rules", "level"),
    [
        ([("e.disclosure", 10)], ["H1"], "high"),
        (
            [("i.alienation", 1), ("i.offending", 182), ("i.substance_dependency", 0)],
            ["H2", "M1"],
            "high",
        ),
        ([("i.going_missing", 30), ("i.exploited_peers", 3)], ["H3", "M1"], "high"),
        ([("i.going_missing", 30), ("i.unexplained_social_funds", 3)], ["H3", "M1"], "high"),
        ([("i.alienation", 100)], ["M1"], "medium"),
        ([("g.older_admirer", 5)], ["M2"], "medium"),
        ([("e.images", 183)], ["M3"], "medium"),
        ([("v.poverty", 300)], ["L1"], "low"),
        ([("v.mental_health", 2)], ["L1"], "low"),
        ([("i.alienation", 200)], ["L2"], "low"),
        ([("g.thrill_forbidden", 365)], ["L2"], "low"),
        ([("v.girl", 3), ("v.poverty", 366)], [], "none"),
    ],
)
def test_each_rule_decides_the_level(observed, rules, level) -> None:
    result = screen(*observed)
    assert (result["rules"], result["level"], result["floors"]) == (rules, level, [])
    assert (result["score"], result["band"], result["points"]) == (None, None, {})


def test_going_missing_without_a_partner_is_not_h3() -> None:
    result = screen(("i.going_missing", 3), ("i.alienation", 3))
    assert result["rules"] == ["M1"]
    assert result["level"] == "medium"


def test_two_immediate_indicators_are_not_h2_and_one_seen_twice_counts_once() -> None:
    result = screen(("i.alienation", 3), ("i.alienation", 9), ("i.offending", 3))
    assert result["rules"] == ["M1"]


def test_every_rule_that_holds_is_reported_in_the_order_of_the_table() -> None:
    result = screen(
        ("v.poverty", 10),
        ("g.gifts_substances", 250),
        ("i.offending", 300),
        ("e.images", 250),
        ("g.online_special", 1),
        ("i.going_missing", 1),
        ("i.older_risky_adults", 1),
        ("i.alienation", 1),
        ("e.coercion", 1),
    )
    assert result["rules"] == ["H1", "H2", "H3", "M1", "M2", "M3", "L1", "L2"]
    assert result["level"] == "high"


def test_the_example_of_section_6_gives_its_result() -> None:
    given = case(("i.going_missing", 54), ("i.older_risky_adults", 22), ("v.girl", 22))
    given["observations"][1]["basis"] = "concern"
    assert answer_case(given) == {
        "id": "synthetic-1",
        "instrument": "cse-screening-1",
        "level": "high",
        "score": None,
        "band": None,
        "points": {},
        "rules": ["H3", "M1"],
        "floors": [],
        "indicators": {"i.going_missing": "current", "i.older_risky_adults": "current"},
        "historical": [],
        "context": ["v.girl"],
        "age": 14,
        "immediate_risk": False,
        "actions": HIGH,
        "review_by": "2026-12-22",
    }


# Floors: on both instruments


@pytest.mark.parametrize("instrument", [RULES, SCORED])
def test_f1_a_child_under_13_with_a_current_immediate_indicator_is_high(instrument) -> None:
    result = screen(("i.alienation", 10), born=TWELVE, instrument=instrument)
    assert (result["level"], result["floors"], result["age"]) == ("high", ["F1"], 12)


@pytest.mark.parametrize("instrument", [RULES, SCORED])
def test_f2_a_child_under_13_with_recent_signs_is_never_below_medium(instrument) -> None:
    result = screen(("g.older_admirer", 200), born=TWELVE, instrument=instrument)
    assert (result["level"], result["floors"]) == ("medium", ["F2"])
    assert result["actions"] == MEDIUM
    assert result["review_by"] == review(42)


@pytest.mark.parametrize("instrument", [RULES, SCORED])
@pytest.mark.parametrize(
    "disability",
    [
        {"learning_disability": True},
        {"statuses": ["v.learning_difficulty"]},
        {"extra": ("v.learning_difficulty", 3000)},  # observed long ago: it does not expire
    ],
)
def test_f2_a_learning_disability_however_known_is_never_below_medium(
    instrument, disability
) -> None:
    fields = dict(disability)
    extra = [fields.pop("extra")] if "extra" in fields else []
    result = screen(("i.alienation", 300), *extra, instrument=instrument, **fields)
    assert (result["level"], result["floors"]) == ("medium", ["F2"])


@pytest.mark.parametrize("instrument", [RULES, SCORED])
def test_f2_does_not_raise_on_vulnerabilities_alone(instrument) -> None:
    result = screen(("v.poverty", 3), ("v.mental_health", 3), born=TWELVE, instrument=instrument)
    assert result["floors"] == []
    assert result["level"] in {"none", "low"}


@pytest.mark.parametrize(
    ("statuses", "observed"),
    [(["v.trafficked"], []), (None, [("v.trafficked", 30)])],
)
def test_f3_a_trafficked_child_is_high_on_the_rule_instrument(statuses, observed) -> None:
    result = screen(*observed, statuses=statuses)
    assert (result["rules"], result["level"], result["floors"]) == (["L1"], "high", ["F3"])


@pytest.mark.parametrize(
    "observed",
    [
        [("e.disclosure", 1)],
        [("v.trafficked", 100)],
        [("i.going_missing", 5), ("i.older_risky_adults", 170)],
    ],
)
def test_f3_on_the_scored_instrument(observed) -> None:
    result = screen(*observed, instrument=SCORED)
    assert (result["level"], result["floors"]) == ("high", ["F3"])
    assert result["band"] < 4


def test_a_lone_current_disclosure_scores_5_in_band_1_but_is_high() -> None:
    result = screen(("e.disclosure", 0), instrument=SCORED)
    assert (result["score"], result["band"], result["level"]) == (5, 1, "high")
    assert result["points"] == {"e.disclosure": 5}
    assert (result["rules"], result["floors"]) == ([], ["F3"])


def test_f4_recent_evidence_of_exploitation_is_at_least_medium() -> None:
    scored = screen(("e.images", 200), instrument=SCORED)
    assert (scored["score"], scored["band"], scored["level"]) == (1, 1, "medium")
    assert scored["floors"] == ["F4"]
    # On the rule instrument M3 decides it already: F4 changes nothing and is not reported.
    ruled = screen(("e.images", 200))
    assert (ruled["rules"], ruled["level"], ruled["floors"]) == (["M3"], "medium", [])


@pytest.mark.parametrize("instrument", [RULES, SCORED])
def test_f5_immediate_risk_is_high_and_999_comes_first(instrument) -> None:
    result = screen(instrument=instrument, immediate_risk=True)
    assert (result["level"], result["floors"]) == ("high", ["F5"])
    assert result["actions"] == ["call-999", *HIGH]
    assert result["immediate_risk"] is True


def test_999_comes_first_even_when_the_level_is_high_already() -> None:
    result = screen(("e.disclosure", 1), immediate_risk=True)
    assert result["floors"] == []
    assert result["actions"] == ["call-999", *HIGH]


def test_floors_apply_in_order_and_each_one_that_changed_the_level_is_reported() -> None:
    # Under 13 with a recent draw: F2 raises none to medium, then F5 to high.
    result = screen(("g.older_admirer", 300), born=TWELVE, instrument=SCORED, immediate_risk=True)
    assert result["floors"] == ["F2", "F5"]
    assert result["level"] == "high"


# cse-scored-1: points and bands


def test_significant_indicators_score_5_current_1_recent_and_6_both() -> None:
    result = screen(
        ("i.going_missing", 10),
        ("i.going_missing", 200),
        ("g.adult_venues", 100),
        ("g.online_special", 300),
        instrument=SCORED,
    )
    assert result["points"] == {"i.going_missing": 6, "g.adult_venues": 5, "g.online_special": 1}
    assert (result["score"], result["band"], result["level"]) == (12, 3, "medium")
    assert result["rules"] == []


def test_moderate_indicators_score_only_when_current_and_zeros_are_not_listed() -> None:
    result = screen(("i.alienation", 5), ("g.older_admirer", 250), instrument=SCORED)
    assert result["points"] == {"i.alienation": 1}
    assert result["indicators"] == {"g.older_admirer": "recent", "i.alienation": "current"}


def test_background_vulnerabilities_score_1_when_current_or_recent_and_uncounted_none() -> None:
    result = screen(
        ("v.poverty", 5), ("v.mental_health", 300), ("v.girl", 1), ("v.adolescent", 1),
        instrument=SCORED,
    )  # fmt: skip
    assert result["points"] == {"v.mental_health": 1, "v.poverty": 1}
    assert result["context"] == ["v.adolescent", "v.girl"]


BACKGROUND = [
    "v.missing_runaway_homeless",
    "v.prior_abuse",
    "v.not_in_education",
    "v.refugee_uasc",
    "v.mental_health",
    "v.domestic_abuse_household",
    "v.uses_drugs_alcohol",
    "v.gang_context",
    "v.offending_family",
    "v.poverty",
    "v.family_breakdown",
    "v.parental_vulnerability",
]


@pytest.mark.parametrize(
    ("score", "band", "level", "actions"),
    [
        (0, 1, "none", NONE),
        (5, 1, "none", NONE),
        (6, 2, "low", LOW),
        (10, 2, "low", LOW),
        (11, 3, "medium", MEDIUM),
        (15, 3, "medium", MEDIUM),
        (16, 4, "high", HIGH),
    ],
)
def test_bands_at_their_edges(score, band, level, actions) -> None:
    # Three significant current indicators give 15, then vulnerabilities 1 each.
    significant = [("g.lifts_new_places", 1), ("g.adult_venues", 1), ("g.online_special", 1)]
    chosen = significant[: min(score // 5, 3)]
    chosen += [(item, 1) for item in BACKGROUND[: score - 5 * len(chosen)]]
    result = screen(*chosen, instrument=SCORED)
    assert (result["score"], result["band"], result["level"]) == (score, band, level)
    assert result["actions"] == actions
    assert result["floors"] == []


# What follows from a level


@pytest.mark.parametrize(
    ("observed", "days"),
    [([("e.disclosure", 1)], 28), ([("i.alienation", 1)], 42), ([("v.poverty", 1)], 91)],
)
def test_review_dates_follow_the_level(observed, days) -> None:
    assert screen(*observed)["review_by"] == review(days)


def test_no_review_when_the_level_is_none() -> None:
    result = screen()
    assert (result["level"], result["actions"], result["review_by"]) == ("none", NONE, None)


def test_a_child_in_care_at_low_is_told_to_the_social_worker() -> None:
    assert screen(statuses=["v.in_care"])["actions"] == LOW_IN_CARE
    assert screen(("v.in_care", 30))["actions"] == LOW_IN_CARE
    # Care 6 to 12 months ago is not care now.
    assert screen(("v.in_care", 250))["actions"] == LOW
    # In care, but at medium: the medium actions.
    assert screen(("i.alienation", 1), statuses=["v.in_care"])["actions"] == MEDIUM


# Windows, statuses, past exploitation


def test_past_exploitation_makes_prior_abuse_current_and_stays_historical() -> None:
    result = screen(("e.exchange", 400), ("v.prior_abuse", 900), ("i.alienation", 366))
    assert result["indicators"] == {"v.prior_abuse": "current"}
    assert result["historical"] == ["e.exchange", "i.alienation"]
    assert (result["rules"], result["level"]) == (["L1"], "low")


def test_evidence_seen_recently_as_well_is_not_past_exploitation() -> None:
    result = screen(("e.exchange", 400), ("e.exchange", 300))
    assert result["indicators"] == {"e.exchange": "recent"}
    assert result["historical"] == []


def test_statuses_are_current_whatever_their_observations_say() -> None:
    result = screen(("v.in_care", 700), ("v.refugee_uasc", 250), statuses=["v.refugee_uasc"])
    assert result["indicators"] == {"v.refugee_uasc": "current"}
    assert result["historical"] == ["v.in_care"]


def test_uncounted_statuses_and_observations_at_any_date_are_context() -> None:
    result = screen(("v.bme_community", 2000), statuses=["v.girl", "v.migrant_community"])
    assert result["context"] == ["v.bme_community", "v.girl", "v.migrant_community"]
    assert (result["indicators"], result["historical"], result["level"]) == ({}, [], "none")


def test_a_learning_difficulty_seen_long_ago_is_historical_but_still_holds_for_f2() -> None:
    result = screen(("v.learning_difficulty", 1000), ("g.older_admirer", 300), born=FOURTEEN)
    assert result["historical"] == ["v.learning_difficulty"]
    assert result["floors"] == ["F2"]
