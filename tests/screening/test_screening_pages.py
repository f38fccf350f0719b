"""The screening pages: nothing typed is lost on an error or a conflict, the 999 instruction
comes first at immediate risk, and the file charts the levels over time."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import signed_in
from tests.factories import child_in
from vigil.screening.models import Screening
from vigil.screening.services import (
    observation_add,
    screening_compute,
    screening_judge,
    screening_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


def screened(world, child, sign: str, *, immediate_risk: bool = False) -> Screening:
    screening = screening_start(actor=world["dsl"], child=child)
    observation_add(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        indicator=sign,
        observed_on=date(2026, 11, 1),
        note="Seen by the school's family worker on a home visit.",
    )
    screening.refresh_from_db()
    screening_compute(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        immediate_risk=immediate_risk,
    )
    return screening


def test_a_wrong_observation_comes_back_with_messages_and_what_was_typed(world) -> None:
    child = child_in(world.school, world["staff"])
    screening = screening_start(actor=world["dsl"], child=child)
    dsl = signed_in(world["dsl"])
    response = dsl.post(
        f"/screenings/{screening.pk}/observations/",
        {
            "version": screening.version,
            "indicator": "g.gifts_substances",
            "observed_on_day": "31",
            "observed_on_month": "12",
            "observed_on_year": "2026",
            "basis": "evidence",
            "entry_id": "",
            "note": "Came in with new trainers and would not say who bought them.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "The date cannot be after the screening&#x27;s date" in page
    assert "Came in with new trainers and would not say who bought them." in page
    assert not screening.observations.exists()


def test_a_stale_page_is_told_and_keeps_the_typing(world) -> None:
    child = child_in(world.school, world["staff"])
    screening = screened(world, child, "g.online_special")
    response = signed_in(world["deputy"]).post(
        f"/screenings/{screening.pk}/judgement/",
        {
            "version": 1,
            "level": "low",
            "reason": "The online contact has been blocked and reported.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Someone else changed this" in page
    assert "The online contact has been blocked and reported." in page
    screening.refresh_from_db()
    assert screening.judged_level == ""


def test_immediate_risk_puts_the_999_instruction_first(world) -> None:
    child = child_in(world.school, world["staff"])
    screening = screened(world, child, "g.online_special", immediate_risk=True)
    page = signed_in(world["dsl"]).get(f"/screenings/{screening.pk}/").content.decode()
    main = page[page.index("<main") :]
    assert main.index("Call 999 now") < main.index(f"CSE screening {screening.reference}</h1>")
    assert "Call the police on 999 now" in main  # the first recommended action too


def test_the_file_charts_the_final_levels_over_time(world) -> None:
    child = child_in(world.school, world["staff"])
    for sign, level in (("g.online_special", "medium"), ("i.going_missing", "high")):
        screening = screened(world, child, sign)
        screening_judge(
            actor=world["dsl"],
            screening=screening,
            version=screening.version,
            level=level,
            reason="" if level == "medium" else "Missing twice this month, each time overnight.",
        )
    page = signed_in(world["manager"]).get(f"/children/{child.pk}/").content.decode()
    chart = page[page.index("<svg") : page.index("</svg>")]
    assert chart.count("<circle") == 2
    assert 'role="img"' in chart and "the table below gives the same" in chart
    assert page.count("/screenings/") >= 2
    # Only a DSL may start one.
    assert "Start a CSE screening" not in page
    assert (
        "Start a CSE screening"
        in signed_in(world["dsl"]).get(f"/children/{child.pk}/").content.decode()
    )
