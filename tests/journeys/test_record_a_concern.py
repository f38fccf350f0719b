"""A teacher records a concern on a phone, with JavaScript and without, by keyboard alone; the
DSL sees the alert, triages to "monitor", and the child's chronology shows both. axe-core runs
on every page visited, and the strict CSP watches throughout."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page

from tests.conftest import build_world, enrol
from tests.factories import child_in, concern_data
from tests.journeys.test_admin_creates_a_person import sign_in
from vigil.concerns.models import Concern
from vigil.concerns.services import concern_record

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 320, "height": 640}, "is_mobile": True, "has_touch": True}


def fits_the_screen(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways on a 320 px screen ({width} px)"


def continue_(visit, name: str = "Save and continue") -> Page:
    page = visit.page
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    visit.check()
    fits_the_screen(page)
    return page


def setting_up():
    world = build_world()
    enrol(world["staff"])
    enrol(world["dsl"])
    child = child_in(
        world.school,
        world["dsl"],
        given_names="Ruby",
        family_name="Examplefield",
        date_of_birth=date(2012, 3, 14),
    )
    return world, child


def test_a_teacher_on_a_phone_records_an_immediate_risk_concern(visit) -> None:
    setting_up()
    teacher = visit(**PHONE)
    sign_in(teacher, "staff")
    page = teacher.go("/concerns/new/")
    teacher.check()
    fits_the_screen(page)
    page = continue_(teacher, "Start a new concern")
    assert page.locator("h1").inner_text() == "Is the child at immediate risk of harm?"
    page.get_by_label("Yes").check()
    page = continue_(teacher)
    # The 999 instruction and the front door's numbers come before anything else.
    assert page.locator("main h1").first.inner_text() == "Call 999 now if the child is in danger"
    main = page.locator("main").inner_text()
    assert main.index("999") < main.index("Continue recording")
    assert page.locator('a[href="tel:999"]').count() == 1
    page.get_by_role("link", name="Continue recording the concern").click()
    page.wait_for_load_state()
    teacher.check()
    page.get_by_label("Search your organisation's children by name").fill("Ruby")
    continue_(teacher, "Search")
    page.get_by_label(re.compile("Ruby Examplefield")).check()
    page = continue_(teacher)
    page.get_by_label("What did you see or hear?").fill(
        "Ruby was collected from the school gate by a man in his twenties in a silver car."
    )
    page.get_by_label(re.compile("What did the child say")).fill(
        "He buys me stuff. He's my friend."
    )
    page = continue_(teacher)
    page.get_by_label("Day").fill("24")
    page.get_by_label("Month").fill("11")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Where did it happen?").fill("School gate, Example Lane")
    page = continue_(teacher)
    # Each sign's guidance opens in place.
    page.locator("summary", has_text="About this sign: Lifts and trips").click()
    assert page.get_by_text("Given lifts, taken to new places").is_visible()
    teacher.check()
    page.get_by_label("Lifts and trips with casual acquaintances").check()
    page = continue_(teacher)
    page = continue_(teacher)  # nobody else involved
    assert "Check your concern" in page.locator("h1").inner_text()
    page = continue_(teacher, "Record concern")
    assert page.locator(".govuk-panel__title").inner_text() == "Concern recorded"
    main = page.locator("main").inner_text()
    assert main.index("999") < main.index("Your reference")
    concern = Concern.objects.get()
    assert concern.immediate_risk and concern.indicators == ["g.lifts_new_places"]
    assert concern.childs_words == "He buys me stuff. He's my friend."


def tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"could not reach {selector} with the Tab key on {page.url}")


def press(page: Page, selector: str, key: str = "Enter") -> None:
    """Reach the element with Tab and press the key: Enter follows a link or submits a form."""
    tab_to(page, selector)
    if key != "Enter":
        page.keyboard.press(key)
        return
    with page.expect_navigation():
        page.keyboard.press(key)


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_the_same_journey_without_javascript_by_keyboard_alone(visit) -> None:
    setting_up()
    teacher = visit(java_script_enabled=False, **PHONE)
    sign_in(teacher, "staff")
    page = teacher.go("/concerns/new/")
    press(page, "button.govuk-button--start")
    teacher.check()
    press(page, "input[name=immediate_risk][value=yes]", "Space")
    press(page, "form button[type=submit]")
    assert page.locator("main h1").first.inner_text() == "Call 999 now if the child is in danger"
    teacher.check()
    press(page, "a.govuk-button")
    type_into(page, "#child-search", "Examplefield")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    teacher.check()
    press(page, "input[name=child_id]", "Space")
    press(page, "form[method=post] button[type=submit]")
    type_into(page, "textarea[name=seen_or_heard]", "Ruby said a man collects her after school.")
    press(page, "form button[type=submit]")
    # A mistake keeps what was typed: the error summary links to the field.
    type_into(page, "input[name=happened_on_day]", "24")
    type_into(page, "input[name=happened_on_month]", "11")
    type_into(page, "input[name=happened_on_year]", "2026")
    press(page, "form button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    teacher.check()
    assert page.locator("input[name=happened_on_day]").input_value() == "24"
    type_into(page, "input[name=location]", "School gate")
    press(page, "form button[type=submit]")
    press(page, "button:not([name=search])[type=submit]")  # no signs chosen
    press(page, "form button[type=submit]")  # nobody else involved
    teacher.check()
    press(page, "#record")
    assert page.locator(".govuk-panel__title").inner_text() == "Concern recorded"
    teacher.check()
    assert Concern.objects.get().location == "School gate"


def test_the_dsl_sees_the_alert_triages_to_monitor_and_the_chronology_shows_both(visit) -> None:
    world, child = setting_up()
    concern = concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child)
    )
    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.page
    page.get_by_role("link", name=re.compile("Notifications")).click()
    page.wait_for_load_state()
    dsl.check()
    assert "A new concern is waiting for your decision" in page.locator("main").inner_text()
    assert "Ruby" not in page.locator("main").inner_text()  # the alert carries no case detail
    page = dsl.go("/concerns/")
    dsl.check()
    page.get_by_role("link", name=concern.reference).click()
    page.wait_for_load_state()
    dsl.check()
    page.get_by_role("link", name="Record a decision").click()
    page.wait_for_load_state()
    dsl.check()
    page.get_by_label("Monitor").check()
    page.get_by_label("Why?").fill("Watch who collects Ruby at home time; speak to her carer.")
    page.get_by_label("Day").fill("8")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()
    dsl.check()
    page.get_by_role("link", name="The child's file and chronology").click()
    page.wait_for_load_state()
    dsl.check()
    entries = page.locator(".vigil-chronology__entry")
    assert entries.count() == 2
    assert concern.reference in entries.nth(0).inner_text()
    assert "monitor" in entries.nth(1).inner_text()
    page = dsl.go(f"/children/{child.pk}/?print=1")
    dsl.check()
    page = dsl.go("/know-the-signs/")
    dsl.check()
    page = dsl.go("/children/")
    dsl.check()


def test_typing_is_saved_as_it_goes_and_survives_a_lost_connection(visit) -> None:
    from vigil.concerns.models import Draft

    setting_up()
    teacher = visit()
    sign_in(teacher, "staff")
    page = teacher.go("/concerns/new/")
    page.get_by_role("button", name="Start a new concern").click()
    page.wait_for_load_state()
    page.get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()
    draft = Draft.objects.get()
    page.goto(f"{teacher.base_url}/concerns/drafts/{draft.pk}/what/")
    field = page.get_by_label("What did you see or hear?")
    field.fill("A man waits outside school")
    page.wait_for_selector("text=/Saved at \\d\\d:\\d\\d/")
    assert Draft.objects.get().data["seen_or_heard"] == "A man waits outside school"
    page.context.set_offline(True)
    field.fill("A man waits outside school most days in a silver car")
    page.wait_for_selector("text=Not saved: there is no connection")
    teacher.check()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_selector("text=/Saved at/")
    assert Draft.objects.get().data["seen_or_heard"].endswith("in a silver car")
    # The version moved on with each save: continuing is not refused as a conflict.
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/when/")


def test_every_case_page_and_its_errors_are_accessible(visit) -> None:
    from vigil.concerns.services import concern_decide, draft_start

    world, child = setting_up()
    concern = concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child)
    )
    decided = concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child)
    )
    concern_decide(
        actor=world["dsl"],
        concern=decided,
        version=1,
        kind="early-help",
        reason="Early help assessment agreed with the family.",
    )
    dsl = visit()
    sign_in(dsl, "dsl")
    for path in [
        "/",
        f"/concerns/{concern.pk}/child/?q=Ruby",
        f"/concerns/{decided.pk}/close/",
        f"/children/{child.pk}/edit/",
        f"/children/{child.pk}/share/",
        f"/children/{child.pk}/entries/{concern.entry_id}/correct/",
        f"/children/{child.pk}/?kind=decision",
        "/children/?q=nobody",
        "/know-the-signs/?q=missing",
    ]:
        dsl.go(path)
        dsl.check()
    for path, button in [
        (f"/concerns/{decided.pk}/close/", "Close concern"),
        (f"/children/{child.pk}/share/", "Share"),
        (f"/concerns/{concern.pk}/decide/", "Record decision"),
    ]:
        page = dsl.go(path)
        page.get_by_role("button", name=button).click()
        page.wait_for_selector(".govuk-error-summary")
        dsl.check()
    draft = draft_start(actor=world["staff"], organisation=world.school)
    teacher = visit()
    sign_in(teacher, "staff")
    page = teacher.go("/concerns/new/")  # with an unfinished concern listed
    teacher.check()
    page = teacher.go(f"/concerns/drafts/{draft.pk}/new-child/")
    teacher.check()
    page.get_by_label("Given names").fill("Rubi")
    page.get_by_label("Family name").fill("Examplefield")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2012")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector("text=Is it one of these children?")
    teacher.check()
    page = teacher.go(f"/concerns/drafts/{draft.pk}/check/")
    page.get_by_role("button", name="Record concern").click()
    page.wait_for_selector(".govuk-error-summary")
    teacher.check()
    page = teacher.go(f"/concerns/drafts/{draft.pk}/indicators/?q=money")
    teacher.check()
    page = teacher.go(f"/concerns/drafts/{draft.pk}/discard/")
    teacher.check()
