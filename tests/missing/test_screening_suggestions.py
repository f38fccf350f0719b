"""Missing episodes are offered to the next screening: each suggests going missing on the day
the child went missing, citing the episode's chronology entry; the latest also the
vulnerability of a child who goes missing (issue 7)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import World
from tests.factories import child_in, concern_data
from tests.missing.cases import reported
from vigil.concerns.services import concern_record
from vigil.screening import selectors
from vigil.screening.services import observations_confirm, screening_start

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


def test_each_episode_suggests_going_missing_on_its_day(world: World) -> None:
    child = child_in(world.school, world["staff"])
    # 23:15 on 3 October in London: the day is the 3rd, though 22:15 UTC.
    first = reported(world, child, "2026-10-03T22:15:00+00:00")
    second = reported(world, child, "2026-11-20T19:00:00+00:00")
    concern_record(
        actor=world["staff"],
        organisation=world.school,
        data=concern_data(child, happened_on="2026-11-02", indicators=["i.older_risky_adults"]),
    )
    screening = screening_start(actor=world["dsl"], child=child)
    suggested = [
        (s.indicator.id, s.observed_on, s.entry_id, s.concern_reference, s.source)
        for s in selectors.suggestions_for(screening)
    ]
    assert suggested[0] == (
        "i.going_missing",
        date(2026, 10, 3),
        first.entry_id,
        first.reference,
        "missing episode",
    )
    assert suggested[1][:2] == ("i.older_risky_adults", date(2026, 11, 2))
    assert suggested[1][4] == "concern"
    assert suggested[2:] == [
        (
            "i.going_missing",
            date(2026, 11, 20),
            second.entry_id,
            second.reference,
            "missing episode",
        ),
        (
            "v.missing_runaway_homeless",
            date(2026, 11, 20),
            second.entry_id,
            second.reference,
            "missing episode",
        ),
    ]
    # Confirmed, they are observations citing the episodes' entries, and offered no more.
    picks = [
        (s.indicator.id, s.observed_on, s.entry_id) for s in selectors.suggestions_for(screening)
    ]
    observations_confirm(actor=world["dsl"], screening=screening, version=1, picks=picks)
    screening.refresh_from_db()
    cited = set(screening.observations.values_list("indicator", "entry_id"))
    assert ("i.going_missing", first.entry_id) in cited
    assert selectors.suggestions_for(screening) == []


def test_an_episode_after_the_screenings_date_is_not_offered(world: World) -> None:
    child = child_in(world.school, world["staff"])
    screening = screening_start(actor=world["dsl"], child=child)
    screening.assessed_on = date(2026, 11, 1)
    reported(world, child, "2026-11-20T19:00:00+00:00")
    assert selectors.suggestions_for(screening) == []


def test_the_screening_page_names_the_episode(world: World) -> None:
    from tests.conftest import signed_in

    child = child_in(world.school, world["staff"])
    episode = reported(world, child, "2026-11-20T19:00:00+00:00")
    screening = screening_start(actor=world["dsl"], child=child)
    page = signed_in(world["dsl"]).get(f"/screenings/{screening.pk}/").content.decode()
    assert f"Going missing: 20 November 2026 (missing episode {episode.reference})" in page
