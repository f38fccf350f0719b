"""Instruments are versioned data in a schema: the two of SCREENING.md are its tables exactly,
a definition that breaks the schema fails to load, and a new instrument needs no new code."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tests.screening.screening_cases import case
from vigil.screening import contract
from vigil.screening.evaluation import Case, Observation, evaluate
from vigil.screening.instruments import DEFAULT, INSTRUMENTS, _registry
from vigil.screening.instruments.schema import (
    CURRENT_OR_RECENT,
    Advice,
    AgeUnder,
    All,
    Band,
    Either,
    Floor,
    Indicators,
    Instrument,
    InstrumentError,
    Points,
    Rule,
    Scoring,
)

RULES, SCORED = INSTRUMENTS["cse-screening-1"], INSTRUMENTS["cse-scored-1"]
ADVICE = RULES.advice


def test_the_two_instruments_of_the_contract_and_the_default() -> None:
    assert list(INSTRUMENTS) == ["cse-screening-1", "cse-scored-1"]
    assert DEFAULT == "cse-screening-1"


def test_the_rule_table_and_floors_are_section_3_in_order() -> None:
    assert [(r.id, r.level) for r in RULES.rules] == [
        ("H1", "high"),
        ("H2", "high"),
        ("H3", "high"),
        ("M1", "medium"),
        ("M2", "medium"),
        ("M3", "medium"),
        ("L1", "low"),
        ("L2", "low"),
    ]
    floors = [("F1", "high"), ("F2", "medium"), ("F3", "high"), ("F4", "medium"), ("F5", "high")]
    for instrument in (RULES, SCORED):
        assert [(f.id, f.level) for f in instrument.floors] == floors
        assert all(row.reason for row in (*instrument.rules, *instrument.floors))


def test_the_scored_instruments_tables_are_section_4() -> None:
    assert SCORED.rules == ()
    assert SCORED.scoring is not None
    bands = [(b.number, b.lowest, b.level) for b in SCORED.scoring.bands]
    assert bands == [(1, 0, "none"), (2, 6, "low"), (3, 11, "medium"), (4, 16, "high")]
    significant = {i for i, p in SCORED.points_for.items() if p.name == "significant"}
    assert significant == {
        "e.disclosure",
        "e.exchange",
        "e.images",
        "e.coercion",
        "e.intelligence",
        "i.going_missing",
        "i.older_risky_adults",
        "i.unexplained_possessions",
        "g.lifts_new_places",
        "g.adult_venues",
        "g.online_special",
    }
    # Every counted indicator scores somehow, and no uncounted one does.
    assert "v.girl" not in SCORED.points_for
    assert len(SCORED.points_for) == 39


def test_advice_is_section_5() -> None:
    for instrument in (RULES, SCORED):
        advice = {a.level: (a.actions, a.review_days) for a in instrument.advice}
        assert advice == {
            "high": (("refer-mash-today", "notify-police", "consider-strategy-discussion"), 28),
            "medium": (("refer-mash", "agree-safety-plan"), 42),
            "low": (("early-help", "monitor"), 91),
            "none": (("record-and-monitor",), None),
        }
        assert instrument.immediate_action == "call-999"
        assert (instrument.current_within, instrument.recent_within) == (182, 365)


# The schema refuses what it cannot mean


def _rules_instrument(**changes: object) -> Instrument:
    fields = {"id": "test-rules-1", "title": "Test", "rules": RULES.rules}
    fields |= {"floors": (), "advice": ADVICE, **changes}
    return Instrument(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("build", "complaint"),
    [
        (lambda: Indicators(ids=("i.not_a_sign",)), "not a counted indicator"),
        (lambda: Indicators(ids=("v.girl",)), "not a counted indicator"),
        (lambda: Indicators(groups=("x",)), "not a group"),
        (lambda: Indicators(groups=("i",), windows=frozenset({"historical"})), "windows"),
        (lambda: Indicators(groups=("e",), at_least=6), "at_least"),
        (lambda: All(()), "at least one"),
        (lambda: Points("p", groups=("v",), current=-1), "never negative"),
        (lambda: Scoring(points=(Points("p", groups=("v",)),), bands=(Band(1, 1, "none"),)), "0"),
        (
            lambda: Scoring(
                points=(Points("p", groups=("v",)),),
                bands=(Band(1, 0, "high"), Band(2, 5, "low")),
            ),
            "lower level",
        ),
        (lambda: _rules_instrument(id="test-rules"), "version"),
        (lambda: _rules_instrument(rules=()), "rules or by scoring"),
        (lambda: _rules_instrument(scoring=SCORED.scoring), "rules or by scoring"),
        (lambda: _rules_instrument(rules=(*RULES.rules, RULES.rules[0])), "used twice"),
        (lambda: _rules_instrument(advice=ADVICE[:3]), "every level"),
        (lambda: _rules_instrument(floors=(Floor("F", "urgent", AgeUnder(13), "x"),)), "urgent"),
        (lambda: _rules_instrument(current_within=365), "window"),
        (lambda: _registry((RULES, RULES)), "two instruments"),
    ],
)
def test_a_definition_that_breaks_the_schema_fails_to_load(build, complaint) -> None:
    with pytest.raises(InstrumentError, match=complaint):
        build()


# A new instrument is data


STRICT = Instrument(
    id="test-strict-1",
    title="A stricter fictional instrument, for the test only",
    rules=(
        Rule("S1", "high", Indicators(groups=("i", "g"), windows=CURRENT_OR_RECENT), "Any sign"),
        Rule("S2", "medium", Indicators(groups=("v",), at_least=2), "Two vulnerabilities"),
    ),
    floors=(Floor("U", "high", Either((AgeUnder(10), AgeUnder(0))), "Under 10"),),
    advice=(
        Advice("high", ("act-now",), 7),
        Advice("medium", ("act-soon",), 14),
        Advice("low", ("watch",), 30),
        Advice("none", ("nothing",), None),
    ),
    immediate_action="phone-now",
    current_within=30,
    recent_within=90,
)


def test_a_new_instrument_defined_as_data_is_evaluated_by_the_same_evaluator() -> None:
    assessed = date(2026, 11, 24)
    sign = Case(assessed, date(2012, 5, 1), (Observation("g.older_admirer", date(2026, 9, 1)),))
    explained = evaluate(STRICT, sign)
    # 84 days: recent on this instrument's windows, current on the contract's.
    assert (explained.indicators, explained.rules, explained.level) == (
        {"g.older_admirer": "recent"},
        ["S1"],
        "high",
    )
    assert (explained.actions, explained.review_by) == (["act-now"], date(2026, 12, 1))
    young = Case(assessed, date(2017, 1, 1), (), ("v.poverty",), immediate_risk=True)
    explained = evaluate(STRICT, young)
    assert (explained.level, explained.floors, explained.actions) == (
        "high",
        ["U"],
        ["phone-now", "act-now"],
    )


def test_a_new_version_is_chosen_by_its_id_in_the_contract(monkeypatch) -> None:
    gentler = dataclasses.replace(SCORED, id="cse-scored-2", floors=())
    monkeypatch.setattr(contract, "INSTRUMENTS", {**INSTRUMENTS, gentler.id: gentler})
    disclosure = case(("e.disclosure", 1), instrument="cse-scored-2")
    result = contract.answer_case(disclosure)
    assert (result["instrument"], result["score"], result["level"]) == ("cse-scored-2", 5, "none")
    disclosure["instrument"] = "cse-scored-1"  # the old version keeps its floors
    assert contract.answer_case(disclosure)["level"] == "high"
