"""The two instruments of SCREENING.md, version 1: `cse-screening-1` (rules, the default) and
`cse-scored-1` (a SERAF-style score). Both share the floors (section 3) and the advice
(section 5).

Stored screenings refer to these by id, so a definition here is never changed once in use: a
changed rule set is a new module with a new id (`cse-screening-2`), added to the registry in
`vigil/screening/instruments/__init__.py`, with its tests.
"""

from __future__ import annotations

from typing import Final

from vigil.screening.instruments.schema import (
    CURRENT_OR_RECENT,
    RECENT,
    Advice,
    AgeUnder,
    All,
    Band,
    Either,
    Floor,
    ImmediateRisk,
    Indicators,
    Instrument,
    LearningDisability,
    Points,
    Rule,
    Scoring,
    Variant,
)

# Going missing together with one of these, current, is the H3 pattern.
H3_PARTNERS: Final = (
    "i.older_risky_adults",
    "i.exploited_peers",
    "i.unexplained_possessions",
    "i.unexplained_social_funds",
)
_MISSING_WITH_A_PARTNER: Final = All(
    (Indicators(ids=("i.going_missing",)), Indicators(ids=H3_PARTNERS))
)

RULES: Final = (
    Rule("H1", "high", Indicators(groups=("e",)), "Evidence of exploitation in the last 6 months"),
    Rule(
        "H2",
        "high",
        Indicators(groups=("i",), at_least=3),
        "3 or more different immediate indicators in the last 6 months",
    ),
    Rule(
        "H3",
        "high",
        _MISSING_WITH_A_PARTNER,
        "Going missing, with older or risky adults, exploited peers, or unexplained possessions "
        "or social activities, in the last 6 months",
    ),
    Rule("M1", "medium", Indicators(groups=("i",)), "An immediate indicator in the last 6 months"),
    Rule("M2", "medium", Indicators(groups=("g",)), "A grooming draw in the last 6 months"),
    Rule(
        "M3",
        "medium",
        Indicators(groups=("e",), windows=RECENT),
        "Evidence of exploitation 6 to 12 months ago",
    ),
    Rule(
        "L1",
        "low",
        Indicators(groups=("v",), windows=CURRENT_OR_RECENT),
        "A vulnerability in the last 12 months",
    ),
    Rule(
        "L2",
        "low",
        Indicators(groups=("i", "g"), windows=RECENT),
        "An immediate indicator or grooming draw 6 to 12 months ago",
    ),
)

# F2 and F4 apply "when the level is below medium": a floor only ever raises the level, so
# raising it to medium changes nothing when it is medium or high already.
FLOORS: Final = (
    Floor(
        "F1",
        "high",
        All((AgeUnder(13), Indicators(groups=("e", "i")))),
        "The child is under 13 with evidence of exploitation or an immediate indicator in the "
        "last 6 months",
    ),
    Floor(
        "F2",
        "medium",
        All(
            (
                Either((AgeUnder(13), LearningDisability())),
                Indicators(groups=("g", "i", "e"), windows=CURRENT_OR_RECENT),
            )
        ),
        "The child is under 13 or has a learning disability, with signs of exploitation in the "
        "last 12 months: never low",
    ),
    Floor(
        "F3",
        "high",
        Either(
            (
                Indicators(groups=("e",)),
                Indicators(ids=("v.trafficked",)),
                _MISSING_WITH_A_PARTNER,
            )
        ),
        "Evidence of exploitation, trafficking, or going missing with a risky association, in "
        "the last 6 months",
    ),
    Floor(
        "F4",
        "medium",
        Indicators(groups=("e",), windows=RECENT),
        "Evidence of exploitation 6 to 12 months ago",
    ),
    Floor("F5", "high", ImmediateRisk(), "The assessor judged the child at immediate risk"),
)

ADVICE: Final = (
    Advice("high", ("refer-mash-today", "notify-police", "consider-strategy-discussion"), 28),
    Advice("medium", ("refer-mash", "agree-safety-plan"), 42),
    Advice(
        "low",
        ("early-help", "monitor"),
        91,
        # A looked-after child already has a social worker.
        variants=(Variant(Indicators(ids=("v.in_care",)), ("inform-social-worker", "monitor")),),
    ),
    Advice("none", ("record-and-monitor",), None),
)

CSE_SCREENING_1: Final = Instrument(
    id="cse-screening-1",
    title="CSE screening (rules), version 1",
    rules=RULES,
    floors=FLOORS,
    advice=ADVICE,
)

SIGNIFICANT: Final = Points(
    "significant",
    groups=("e",),
    ids=(
        "i.going_missing",
        "i.older_risky_adults",
        "i.unexplained_possessions",
        "g.lifts_new_places",
        "g.adult_venues",
        "g.online_special",
    ),
    current=5,
    recent=1,
    current_and_recent=6,
)
# After the significant ones: every other immediate indicator and grooming draw.
MODERATE: Final = Points("moderate", groups=("i", "g"), current=1, current_and_recent=1)
BACKGROUND: Final = Points("background", groups=("v",), current=1, recent=1, current_and_recent=1)

CSE_SCORED_1: Final = Instrument(
    id="cse-scored-1",
    title="CSE screening (scored), version 1",
    scoring=Scoring(
        points=(SIGNIFICANT, MODERATE, BACKGROUND),
        bands=(Band(1, 0, "none"), Band(2, 6, "low"), Band(3, 11, "medium"), Band(4, 16, "high")),
    ),
    floors=FLOORS,
    advice=ADVICE,
)
