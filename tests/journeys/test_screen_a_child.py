"""A DSL screens a child with three recorded concerns: confirms the signs the concerns suggest,
sees a high level and why, judges medium with a reason; a manager signs it off; the chronology
shows the screening. axe-core runs on every page visited, and the strict CSP watches."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import build_world, enrol
from tests.factories import child_in, concern_data
from tests.journeys.test_admin_creates_a_person import sign_in
from vigil.concerns.services import concern_record
from vigil.screening.models import Screening

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dsl_screens_a_child_judges_medium_and_a_manager_signs_it_off(visit) -> None:
    world = build_world()
    enrol(world["dsl"])
    enrol(world["manager"])
    child = child_in(
        world.school,
        world["dsl"],
        given_names="Ruby",
        family_name="Examplefield",
        date_of_birth=date(2012, 3, 14),
    )
    today = timezone.localdate()
    for days_ago, sign in (
        (40, "i.going_missing"),
        (20, "i.older_risky_adults"),
        (5, "i.unexplained_possessions"),
    ):
        happened = (today - timedelta(days=days_ago)).isoformat()
        data = concern_data(child, happened_on=happened, indicators=[sign])
        concern_record(actor=world["staff"], organisation=world.school, data=data)

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.go(f"/children/{child.pk}/")
    dsl.check()
    page.get_by_role("button", name="Start a CSE screening").click()
    page.wait_for_load_state()
    dsl.check()
    suggested = page.get_by_role("checkbox")
    assert suggested.count() == 3 and all(suggested.nth(i).is_checked() for i in range(3))
    page.get_by_role("button", name="Confirm the selected signs").click()
    page.wait_for_load_state()
    dsl.check()
    assert page.locator("table").filter(has_text="Going missing").count() == 1
    page.get_by_role("group", name=re.compile("immediate risk")).get_by_label("No").check()
    page.get_by_role("button", name="Compute the level").click()
    page.wait_for_load_state()
    dsl.check()
    assert page.get_by_test_id("computed-level").inner_text() == "High"
    why = page.locator("main").inner_text()
    assert "H2" in why and "H3" in why and "Refer to the front door (MASH) today" in why
    page.get_by_label("Medium", exact=True).check()
    page.get_by_label("Your reasons").fill(
        "Ruby is engaging with the safety plan and the adult has been identified to police."
    )
    page.get_by_role("button", name="Record judgement").click()
    page.wait_for_load_state()
    dsl.check()
    assert "Awaiting sign-off" in page.locator("main").inner_text()

    manager = visit()
    sign_in(manager, "manager")
    page = manager.go("/concerns/")
    manager.check()
    screening = Screening.objects.get(child=child)
    page.get_by_role("link", name=screening.reference).click()
    page.wait_for_load_state()
    manager.check()
    page.get_by_label("Yes, sign it off").check()
    page.get_by_label("Your reasons").fill("Agreed in supervision: the plan is working.")
    page.get_by_role("button", name="Record sign-off").click()
    page.wait_for_load_state()
    manager.check()
    assert "Final" in page.locator("main").inner_text()
    assert page.get_by_test_id("judged-level").inner_text() == "Medium"

    page = dsl.go(f"/children/{child.pk}/")
    dsl.check()
    entries = page.locator(".vigil-chronology__entry").all_inner_texts()
    assert any(
        f"CSE screening {screening.reference}: medium risk, signed off" in e for e in entries
    )
    assert any("judged medium risk, awaiting sign-off" in e for e in entries)
    assert screening.reference in page.locator("table").first.inner_text()
