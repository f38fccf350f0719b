"""The briefings journey of issue 7: the administrator publishes a briefing for schools; a
teacher signs in, is taken to it, reads it, confirms "I have read and understood" and answers
a reflective question for their own record; the DSL's read report shows the teacher as read,
reminds the others, and exports the list. axe-core runs on every page, the strict CSP watches
throughout."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.briefings.publishing import new_version, published
from tests.conftest import build_world, enrol, totp_code
from tests.factories import PASSWORD
from vigil.briefings.models import Briefing, ReadReceipt, ReflectiveAnswer
from vigil.notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "## What it is\n\nChild sexual exploitation is child sexual abuse. It can happen to any "
    "child, online or in person.\n\n## Signs\n\n- Going missing\n- Gifts that cannot be "
    "explained\n\n**If a child is in danger now, call 999.**"
)


def sign_in_to(visit, username: str, landing: str):
    """Sign in with the password and the code, and land where Vigil sends the person."""
    page = visit.go("/accounts/login/")
    visit.check()
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    visit.check()
    page.fill("input[name=code]", totp_code())
    page.get_by_role("button", name=re.compile("Continue|Sign in|Verify")).click()
    page.wait_for_url(visit.base_url + landing)
    visit.check()
    return page


def click(visit, page, role: str, name: str | re.Pattern[str]):
    page.get_by_role(role, name=name).first.click()
    page.wait_for_load_state()
    visit.check()
    return page


def publish(visit) -> None:
    page = sign_in_to(visit, "admin", "/")
    click(visit, page, "link", "Administration")
    click(visit, page, "link", "Briefings")
    assert "has not published any briefings yet" in page.locator("main").inner_text()
    click(visit, page, "button", "Publish a briefing")
    page.get_by_label("Title").fill("Recognising child sexual exploitation")
    page.get_by_label("Text").fill(BODY)
    page.get_by_label("Reflective questions (optional)").fill(
        "Would I notice the signs?\nWho would I tell first?"
    )
    for role in ("Staff", "Designated safeguarding lead", "Deputy designated safeguarding lead"):
        page.get_by_role("group", name="Who is it for?").get_by_label(role, exact=True).check()
    # Published without the kinds of organisation: refused, and everything typed is kept.
    click(visit, page, "button", "Publish")
    assert "Select the kinds of organisation" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Title").input_value() == "Recognising child sexual exploitation"
    page.get_by_role("group", name="At which kinds of organisation?").get_by_label(
        "School", exact=True
    ).check()
    due = timezone.localdate() + timedelta(days=14)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    click(visit, page, "button", "Publish")
    assert "has been published" in page.locator(".govuk-notification-banner").inner_text()
    click(visit, page, "link", "Recognising child sexual exploitation")
    assert page.get_by_test_id("briefing-versions").inner_text().count("Version 1") == 1


def test_a_teacher_reads_the_briefing_and_the_dsl_sees_it_read(visit, tmp_path) -> None:
    world = build_world()
    for person in ("admin", "staff", "dsl"):
        enrol(world[person])
    publish(visit())
    briefing = Briefing.objects.get()

    teacher = visit()
    page = sign_in_to(teacher, "staff", "/briefings/")
    assert page.locator("h1").inner_text() == "Briefings to read"
    assert "Must read" in page.get_by_test_id("briefings-waiting").inner_text()
    click(teacher, page, "link", "Recognising child sexual exploitation")
    assert page.locator("main h2").first.inner_text() == "What it is"
    assert "Version 1" in page.get_by_test_id("briefing-version").inner_text()
    click(teacher, page, "button", "I have read and understood")
    assert "you have confirmed you read" in page.locator(".govuk-notification-banner").inner_text()
    assert (
        "You have read every briefing" in page.get_by_test_id("briefings-none-waiting").inner_text()
    )
    receipt = ReadReceipt.objects.get(person=world["staff"])
    assert receipt.briefing_version == briefing.current
    # A reflective question, answered for the teacher's own record.
    click(teacher, page, "link", "Recognising child sexual exploitation")
    assert "You confirmed that you read" in page.get_by_test_id("briefing-confirmed").inner_text()
    click(teacher, page, "link", re.compile(r"Answer this question\W+Would I notice"))
    page.get_by_label("Your answer").fill("Mostly; I will look again at Know the signs.")
    click(teacher, page, "button", "Save your answer")
    assert page.locator("h1").inner_text() == "My development record"
    assert "Know the signs." in page.get_by_test_id("reflective-answers").inner_text()
    click(teacher, page, "link", re.compile(r"exploitation\W+version 1 as you read it"))
    assert "exactly as it was published" in page.locator("main").inner_text()
    page = teacher.go("/")
    teacher.check()
    assert page.get_by_test_id("briefings-reminder").count() == 0

    dsl = visit()
    page = sign_in_to(dsl, "dsl", "/briefings/")  # the DSL has not read it yet either
    page = dsl.go("/")
    dsl.check()
    assert "You have 1 briefing to read" in page.get_by_test_id("briefings-reminder").inner_text()
    click(dsl, page, "link", "Who has read the briefings")
    assert "1 of 3" in page.get_by_test_id("briefing-summaries").inner_text()
    click(dsl, page, "link", re.compile(r"exploitation\W+who has read it"))
    rows = page.get_by_test_id("report-rows")
    teacher_row = rows.locator("tr", has_text=world["staff"].full_name)
    assert "Read" in teacher_row.inner_text() and "Not read" not in teacher_row.inner_text()
    assert "Not read" in rows.locator("tr", has_text=world["dsl"].full_name).inner_text()
    click(dsl, page, "button", "Remind those who have not read it")
    assert "2 people have been reminded" in page.locator(".govuk-notification-banner").inner_text()
    assert Notification.objects.filter(kind="briefing-reminder").count() == 2
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export this list as CSV")).click()
    saved = tmp_path / "report.csv"
    download.value.save_as(saved)
    table = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert table[0][:3] == ["Name", "Role", "Read version 1"]
    assert [world["staff"].full_name, "Staff", "Yes", "1"] == table_row(table, world["staff"])
    # Nobody but the teacher ever sees the teacher's answer.
    assert "Know the signs." not in page.content()
    assert ReflectiveAnswer.objects.get().person == world["staff"]


def table_row(table: list[list[str]], person) -> list[str]:
    return next(row[:4] for row in table if row[0] == person.full_name)


def test_without_javascript_on_a_phone(visit) -> None:
    world = build_world()
    enrol(world["staff"])
    briefing = published(world, body=BODY)
    teacher = visit(
        java_script_enabled=False,
        viewport={"width": 320, "height": 640},
        is_mobile=True,
        has_touch=True,
    )
    page = sign_in_to(teacher, "staff", "/briefings/")
    click(teacher, page, "link", briefing.title)
    fits_the_screen(page)
    click(teacher, page, "button", "I have read and understood")
    assert page.get_by_test_id("briefings-read").inner_text().count(briefing.title) == 1
    fits_the_screen(page)
    assert ReadReceipt.objects.filter(person=world["staff"]).count() == 1
    page = teacher.go(f"/briefings/questions/{briefing.questions.first().pk}/")
    teacher.check()
    page.get_by_label("Your answer").fill("I would look for gifts and lifts.")
    click(teacher, page, "button", "Save your answer")
    fits_the_screen(page)


def fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"{page.url} scrolls sideways on a 320 px screen ({width} px)"


def test_the_other_briefing_pages_are_accessible(visit) -> None:
    """Empty states, a briefing changed since it was read, the report of an older version,
    and the administrator's change, error and withdraw pages."""
    world = build_world()
    for person in ("admin", "staff", "dsl"):
        enrol(world[person])
    dsl = visit()
    sign_in_to(dsl, "dsl", "/")
    for path in ("/briefings/", "/development-record/", "/briefings/reports/"):
        dsl.go(path)
        dsl.check()
    briefing = published(world, body=BODY)
    confirm = dsl.go(f"/briefings/{briefing.pk}/")
    click(dsl, confirm, "button", "I have read and understood")
    new_version(world, briefing)
    page = dsl.go(f"/briefings/{briefing.pk}/")
    dsl.check()
    assert "This briefing has changed since you read version 1" in page.locator("main").inner_text()
    page = dsl.go(f"/briefings/reports/{world.school.pk}/{briefing.pk}/?version=1")
    dsl.check()
    assert "has read version 1." in page.get_by_test_id("report-count").inner_text()

    admin = visit()
    page = sign_in_to(admin, "admin", "/")
    for path in ("/administration/briefings/", f"/briefings/{briefing.pk}/"):
        admin.go(path)
        admin.check()
    page = admin.go(f"/administration/briefings/{briefing.pk}/")
    admin.check()
    page.get_by_label("Title").fill("")
    click(admin, page, "button", "Save changes")
    assert "Enter the briefing's title" in page.locator(".govuk-error-summary").inner_text()
    click(admin, page, "button", "Withdraw this briefing")
    click(admin, page, "button", "Withdraw the briefing")
    assert "has been withdrawn" in page.locator(".govuk-notification-banner").inner_text()
    admin.go(f"/administration/briefings/{briefing.pk}/")
    admin.check()
