"""A missing episode (issue 7), as the people do it in a real browser: a member of staff says
the child could be at immediate risk and is shown the 999 instruction and the front door's
numbers first, records the episode, then the child's return; time moves past 72 hours, the
tick escalates the overdue return home interview to the school's managers, and the DSL's list
shows it overdue. axe-core runs on every page visited, and the strict CSP watches."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.conftest import build_world, enrol
from tests.factories import child_in
from tests.journeys.test_admin_creates_a_person import sign_in
from vigil.core.models import Clock
from vigil.core.services.timekeeping import clocks_tick
from vigil.missing.models import Episode

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _click(visit, page, role: str, name: str) -> None:
    page.get_by_role(role, name=name).click()
    page.wait_for_load_state()
    visit.check()


def _when(page, moment: datetime) -> None:
    local = timezone.localtime(moment)
    page.get_by_label("Day").fill(str(local.day))
    page.get_by_label("Month").fill(str(local.month))
    page.get_by_label("Year").fill(str(local.year))
    page.get_by_label("At what time?").fill(local.strftime("%H:%M"))


def _staff_records_the_episode(staff, child) -> Episode:
    page = staff.go("/")
    _click(staff, page, "link", "Missing episodes")
    _click(staff, page, "link", "Record a missing episode")
    page.get_by_label("Yes").check()
    _click(staff, page, "button", "Continue")
    # Immediate risk: the 999 instruction and the front door's numbers before anything else.
    main = page.locator("main").inner_text()
    assert main.index("Call 999 now") < main.index("0161 496 0456") < main.index("Continue")
    assert "0161 496 0457" in main
    _click(staff, page, "link", "Continue recording the missing episode")
    page.get_by_label("Search by name").fill("Testbea")
    _click(staff, page, "button", "Search")
    _click(staff, page, "link", "Testbea Example")
    # Sent too soon: the problems are named, and nothing typed is lost.
    page.get_by_label("Where did they go missing from?").fill("Home, 1 Example Road")
    _click(staff, page, "button", "Record the missing episode")
    assert (
        "Enter the date the child went missing" in page.locator(".govuk-error-summary").inner_text()
    )
    assert page.get_by_label("Where did they go missing from?").input_value() == (
        "Home, 1 Example Road"
    )
    _when(page, timezone.now() - timedelta(hours=6))
    page.get_by_label("Who reported them missing?").fill("Testparent Example, mother")
    page.get_by_label("Police reference (optional)").fill("NP-2026-4711")
    _click(staff, page, "button", "Record the missing episode")
    episode = Episode.objects.get(child=child)
    assert episode.immediate_risk and episode.reference in page.locator("h1").inner_text()
    return episode


def _staff_records_the_return(staff, episode) -> None:
    page = staff.page
    _click(staff, page, "link", "Record the child's return")
    _when(page, timezone.now() - timedelta(hours=1))
    page.get_by_label(re.compile("Where were they found")).fill("Came home on their own")
    page.get_by_label("Their condition and health on return").fill(
        "Tired and hungry; no injuries seen."
    )
    _click(staff, page, "button", "Record the return")
    assert "72 hours" in page.locator(".govuk-notification-banner").inner_text()


def test_an_episode_is_recorded_returned_and_its_overdue_interview_escalates(visit) -> None:
    world = build_world()
    for person in ("staff", "dsl", "manager"):
        enrol(world[person])
    child = child_in(world.school, world["staff"], given_names="Testbea", family_name="Example")

    staff = visit()
    sign_in(staff, "staff")
    episode = _staff_records_the_episode(staff, child)
    _staff_records_the_return(staff, episode)
    clock = Clock.objects.get(subject_id=episode.pk, kind="return-home-interview")
    assert clock.due_at == Episode.objects.get(pk=episode.pk).returned_at + timedelta(hours=72)

    # Three days and an hour on: the worker's tick escalates the interview nobody recorded.
    with time_machine.travel(clock.due_at + timedelta(hours=1), tick=True):
        report = clocks_tick()
        assert report.escalated == 1

        manager = visit()
        sign_in(manager, "manager")
        page = manager.go("/notifications/")
        manager.check()
        assert "A deadline has passed: return home interview" in page.locator("main").inner_text()

        dsl = visit()
        sign_in(dsl, "dsl")
        page = dsl.go("/missing/")
        dsl.check()
        _click(dsl, page, "link", "Return home interviews due")
        row = page.get_by_test_id("interviews-due").locator("tbody tr").first
        assert "Testbea Example" in row.inner_text()
        assert "Overdue by 1 hour" in row.get_by_test_id("time-left").inner_text()
        _click(dsl, page, "link", re.compile("Testbea Example"))
        assert "Overdue" in page.get_by_test_id("interview-due").inner_text()


def test_the_dsl_records_the_interview_and_a_disclosure_becomes_a_concern(visit) -> None:
    from tests.missing.cases import reported, returned

    world = build_world()
    for person in ("dsl", "admin"):
        enrol(world[person])
    child = child_in(world.school, world["staff"], given_names="Testcy", family_name="Example")
    now = timezone.now()
    for days in (30, 12, 2):
        went = (now - timedelta(days=days)).isoformat()
        back = (now - timedelta(days=days) + timedelta(hours=10)).isoformat()
        latest = returned(world, reported(world, child, went), back)

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.go(f"/children/{child.pk}/")
    dsl.check()
    assert (
        "Repeated: 3 within 90 days" in page.get_by_test_id("child-missing-episodes").inner_text()
    )
    page.get_by_test_id("child-missing-episodes").get_by_role("link", name=latest.reference).click()
    page.wait_for_load_state()
    dsl.check()
    _click(dsl, page, "link", "Record the return home interview")
    page.get_by_label("The interview was held").check()
    page.get_by_label("Something else").first.check()
    _click(dsl, page, "button", "Record the interview")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the date it happened" in summary and "Say what the other factor is" in summary
    _when(page, now - timedelta(hours=3))
    page.get_by_label("The independent person's name").fill("Robin Sample")
    page.get_by_label("Their organisation or role").fill("Example Children's Charity")
    page.get_by_label(re.compile("What the child said")).fill("I go to his flat because it's warm.")
    page.get_by_label("Another push factor").fill("Nowhere quiet to sleep at home")
    page.get_by_label("An older person who has contact with the child").check()
    page.get_by_label(re.compile("Did the child disclose")).fill(
        "A man called Testjay Sample lets her stay at his flat and gives her cigarettes."
    )
    _click(dsl, page, "button", "Record the interview")
    assert "Held" in page.get_by_test_id("interview-summary").inner_text()
    _click(dsl, page, "button", "Record a concern from this disclosure")
    assert "/concerns/drafts/" in page.url and page.url.endswith("/risk/")

    page = dsl.go("/missing/flags/")
    dsl.check()
    _click(dsl, page, "link", "Testcy Example")
    assert page.get_by_test_id("flag-episodes").locator("tbody tr").count() == 3

    admin = visit()
    sign_in(admin, "admin")
    page = admin.go("/administration/")
    admin.check()
    _click(admin, page, "link", "Repeated missing episodes")
    page.get_by_label(re.compile("this many episodes")).fill("1")
    _click(admin, page, "button", "Save the rule")
    assert "from 2 to 20" in page.locator(".govuk-error-summary").inner_text()
