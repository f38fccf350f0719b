"""The indicator catalogue is SCREENING.md section 1 exactly, with our own guidance."""

from __future__ import annotations

import re

from vigil.screening import catalogue

# SCREENING.md section 1, in its order.
CONTRACT = (
    "v.missing_runaway_homeless",
    "v.in_care",
    "v.prior_abuse",
    "v.adolescent",
    "v.girl",
    "v.not_in_education",
    "v.bme_community",
    "v.migrant_community",
    "v.refugee_uasc",
    "v.trafficked",
    "v.mental_health",
    "v.domestic_abuse_household",
    "v.uses_drugs_alcohol",
    "v.learning_difficulty",
    "v.gang_context",
    "v.offending_family",
    "v.poverty",
    "v.family_breakdown",
    "v.parental_vulnerability",
    "g.older_admirer",
    "g.stranger_asks_number",
    "g.online_special",
    "g.gifts_substances",
    "g.thrill_forbidden",
    "g.no_rules_accommodation",
    "g.adult_venues",
    "g.lifts_new_places",
    "i.going_missing",
    "i.education_disengagement",
    "i.substance_dependency",
    "i.physical_symptoms",
    "i.older_risky_adults",
    "i.unexplained_social_funds",
    "i.unexplained_possessions",
    "i.alienation",
    "i.placement_breakdown",
    "i.exploited_peers",
    "i.offending",
    "e.disclosure",
    "e.exchange",
    "e.images",
    "e.coercion",
    "e.intelligence",
)
UNCOUNTED = {"v.adolescent", "v.girl", "v.bme_community", "v.migrant_community"}


def test_ids_groups_and_counted_flags_are_the_contract() -> None:
    assert tuple(i.id for i in catalogue.INDICATORS) == CONTRACT
    assert {i.id for i in catalogue.INDICATORS if not i.counted} == UNCOUNTED
    assert [g.code for g in catalogue.GROUPS] == ["v", "g", "i", "e"]


def test_every_sign_has_guidance_and_none_copies_the_sources_dated_words() -> None:
    dated = re.compile(r"prostitut|cruising|risky' adults|put(ting)? themselves at risk", re.I)
    for item in catalogue.INDICATORS:
        assert len(item.guidance) > 30, item.id
        assert not dated.search(item.guidance + item.label), item.id


def test_search_finds_signs_by_any_words_in_label_or_guidance() -> None:
    assert [i.id for i in catalogue.search("missing")][:1] == ["v.missing_runaway_homeless"]
    assert "i.unexplained_possessions" in {i.id for i in catalogue.search("new phones")}
    assert catalogue.search("no such words at all") == ()
