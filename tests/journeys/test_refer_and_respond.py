"""Refer and Respond (issue 6), as the people do it in a real browser.

A DSL refers a child screened high, the parents not told because telling them could increase
the risk, and downloads the PDF; a MASH practitioner acknowledges, rates red, opens an enquiry,
asks the police, decides a strategy discussion and feeds back; the DSL reads the feedback.
Then a member of staff refers directly, and their DSL is told at once. axe-core runs on every
page visited, and the strict CSP watches."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.conftest import World, build_world, enrol
from tests.factories import child_in, concern_data
from tests.journeys.test_admin_creates_a_person import sign_in
from vigil.concerns.services import concern_record
from vigil.referrals.models import PartnerRequest, Referral
from vigil.screening import selectors as screenings
from vigil.screening import services as screening_services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _screened_high(world: World):
    """Ruby, with three dated concerns and a final screening: high."""
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
    dsl = world["dsl"]
    screening = screening_services.screening_start(actor=dsl, child=child)
    picks = [
        (s.indicator.id, s.observed_on, s.entry_id) for s in screenings.suggestions_for(screening)
    ]
    screening_services.observations_confirm(
        actor=dsl, screening=screening, version=screening.version, picks=picks
    )
    screening.refresh_from_db()
    screening_services.screening_compute(
        actor=dsl, screening=screening, version=screening.version, immediate_risk=False
    )
    screening.refresh_from_db()
    screening_services.screening_judge(
        actor=dsl,
        screening=screening,
        version=screening.version,
        level="high",
        reason="The signs and the older adult's gifts agree with the computed level.",
    )
    return child


def _fill_the_rest(page) -> None:
    """What the file and the account could not answer."""
    page.get_by_label("Your job title").fill("Designated safeguarding lead")
    page.get_by_label("Your phone number").fill("0161 496 0123")
    page.get_by_label("Address", exact=True).fill("1 Example Road, Testtown")
    page.get_by_label("Parents and carers").fill(
        "Testparent Examplefield (mother), same address, 0161 496 0456."
    )
    page.get_by_label("A relationship with an older person").check()
    page.get_by_label("Going missing").check()
    page.get_by_role("group", name="Has the child experienced violence?").get_by_label(
        "Not known"
    ).check()
    page.get_by_label("Details of the concern").fill(
        "Seen getting into a car with an older man after school three times; missing overnight "
        "once; a new phone and clothes she cannot explain."
    )
    page.get_by_role("group", name=re.compile("young person been told")).get_by_label("Yes").check()
    page.get_by_label("The young person's view").fill(
        "She says he is her friend and she does not want anyone to get into trouble."
    )


def _click(visit, page, name: str) -> None:
    page.get_by_role("button", name=name).click()
    page.wait_for_load_state()
    visit.check()


def test_a_dsl_refers_the_mash_responds_and_the_dsl_sees_the_feedback(visit, tmp_path) -> None:
    world = build_world()
    for person in ("dsl", "mash", "police"):
        enrol(world[person])
    child = _screened_high(world)

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.go(f"/children/{child.pk}/")
    dsl.check()
    _click(dsl, page, "Refer this child")
    assert page.get_by_label("Given names").input_value() == "Ruby"
    assert "judged high risk" in page.get_by_test_id("screening-attached").inner_text()
    # Sending too soon names what is missing and loses nothing typed.
    page.get_by_label("Your phone number").fill("0161 496 0123")
    _click(dsl, page, "Send the referral")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter the details of the concern" in summary
    assert "Select whether the parents or carers have been told" in summary
    assert page.get_by_label("Your phone number").input_value() == "0161 496 0123"
    _fill_the_rest(page)
    parents = page.get_by_role("group", name=re.compile("parents or carers been told"))
    parents.get_by_label("No").check()
    page.get_by_role("group", name="Why the parents or carers have not been told").get_by_label(
        "Telling them could increase the risk to the child"
    ).check()
    _click(dsl, page, "Send the referral")
    referral = Referral.objects.get(child=child)
    assert referral.reference and referral.reference in page.locator("h1").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("pdf-link").click()
    saved = tmp_path / "referral.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    mash = visit()
    sign_in(mash, "mash")
    page = mash.go("/mash/")
    mash.check()
    page.get_by_role("link", name=referral.reference).click()
    page.wait_for_load_state()
    mash.check()
    # The screening on receipt suggests red.
    assert page.get_by_label(re.compile("^Red")).is_checked()
    page.get_by_label("Why do you rate it so?").fill(
        "High screening, a missing episode overnight and an older adult giving gifts."
    )
    _click(mash, page, "Acknowledge")
    page.get_by_label("A MASH enquiry").check()
    page.get_by_label("Why?").fill("Police information is needed before deciding.")
    _click(mash, page, "Record the decision")
    page.get_by_label("Which partner agency?").select_option(label=world.police.name)
    page.get_by_label("What are you asking?").fill(
        "Any missing reports or intelligence about Ruby or the adult seen with her?"
    )
    _click(mash, page, "Send the request")
    assert PartnerRequest.objects.filter(referral=referral, partner=world.police).exists()
    page.get_by_label("Strategy discussion / section 47 enquiry").check()
    page.get_by_label("Why?").fill("The police hold intelligence about the adult.")
    _click(mash, page, "Record the outcome")
    page.get_by_label("Feedback to the referrer").fill(
        "A strategy discussion is arranged for tomorrow at 10:00; the social worker will call you."
    )
    _click(mash, page, "Send feedback")

    page = dsl.go(f"/referrals/{referral.pk}/")
    dsl.check()
    shown = page.locator("main").inner_text()
    assert "A strategy discussion is arranged for tomorrow at 10:00" in shown
    assert "Red" in shown and "Strategy discussion / section 47 enquiry" in shown


def test_a_member_of_staff_refers_directly_and_the_dsl_is_told(visit) -> None:
    world = build_world()
    for person in ("staff", "dsl"):
        enrol(world[person])
    child = child_in(
        world.school, world["staff"], given_names="Testjay", family_name="Examplestone"
    )
    concern = concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child)
    )

    staff = visit()
    sign_in(staff, "staff")
    page = staff.go(f"/concerns/{concern.pk}/")
    staff.check()
    page.locator("summary", has_text="Refer the child yourself").click()
    _click(staff, page, "Start the referral")
    _fill_the_rest(page)
    page.get_by_label("Your job title").fill("Form tutor")
    page.get_by_role("group", name=re.compile("parents or carers been told")).get_by_label(
        "Yes"
    ).check()
    _click(staff, page, "Send the referral")
    referral = Referral.objects.get(child=child)
    assert referral.reference and referral.sent_without_dsl
    assert referral.reference in page.locator("h1").inner_text()

    dsl = visit()
    sign_in(dsl, "dsl")
    page = dsl.go("/notifications/")
    dsl.check()
    page.get_by_role(
        "button", name="A member of staff has made a referral to the front door"
    ).click()
    page.wait_for_load_state()
    dsl.check()
    assert referral.reference in page.locator("main").inner_text()
