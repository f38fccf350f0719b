"""The referrer's pages (PROCESS.md steps 5 and 7): the draft keeps everything typed, sending
names each answer missing and keeps what was typed, the sent referral shows each person what
they may see, withdrawing and following up, the list, and referring from the child's file and
from a concern."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine

from tests.conftest import World, signed_in
from tests.factories import REFERRAL_ANSWERS, child_in, concern_data, referral_sent
from vigil.concerns.services import concern_decide, concern_record
from vigil.referrals import services
from vigil.referrals.models import Challenge, Referral

pytestmark = pytest.mark.django_db

# Monday 23 November 2026, 10:00 in London (GMT).
MONDAY = "2026-11-23T10:00:00+00:00"
REASON = "The referral was sent about the wrong child: a new one follows today."


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(MONDAY, tick=False):
        yield


def _start(world: World, who: str = "dsl", child=None, **data: str) -> Referral:
    child = child or child_in(world.school, world["dsl"])
    response = signed_in(world[who]).post(f"/children/{child.pk}/referrals/new/", data)
    referral = Referral.objects.get(child=child)
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/edit/"
    return referral


def _posted(referral: Referral, action: str = "save", **answers: Any) -> dict[str, Any]:
    """What the draft page posts: its answers as typed, a date as day, month and year."""
    data: dict[str, Any] = {"version": referral.version, "route": "mash", "action": action}
    for name, value in answers.items():
        if name == "date_of_birth":
            year, month, day = value.split("-")
            data.update(date_of_birth_day=day, date_of_birth_month=month, date_of_birth_year=year)
        else:
            data[name] = value
    return data


def _complete(referral: Referral) -> dict[str, Any]:
    return {**referral.answers, **REFERRAL_ANSWERS}


def _checked(page: str, name: str, value: str) -> bool:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*value="{value}"[^>]*>', page)
    return bool(found and "checked" in found.group(0))


# The draft


def test_a_get_does_not_start_a_referral(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    response = signed_in(world["dsl"]).get(f"/children/{child.pk}/referrals/new/")
    assert response.status_code == 405
    assert not Referral.objects.exists()


def test_the_draft_page_is_prefilled_with_the_route_and_the_lawful_basis(world: World) -> None:
    referral = _start(world)
    page = signed_in(world["dsl"]).get(f"/referrals/{referral.pk}/edit/").content.decode()
    assert 'value="Testchild"' in page  # given names, from the file
    assert 'name="date_of_birth_day" value="1"' in page
    assert _checked(page, "route", "mash") and "Received by Testshire MASH" in page
    assert _checked(page, "lawful_basis", "public-task")
    assert "consent is not the basis for sharing" in page
    # Every section is a fieldset with its heading; conditional questions say when needed.
    assert page.count('<h2 class="govuk-fieldset__heading">') == 7  # the route and 6 sections
    assert "Needed when the parents or carers have not been told." in page
    assert "Needed when the child has experienced violence." in page
    assert "The child has no final CSE screening: none will be attached." in page
    assert "Save as draft" in page and "Send the referral" in page


def test_saving_the_draft_keeps_everything_typed(world: World) -> None:
    referral = _start(world)
    typed = {
        "details": "Seen getting into a car with an older man after school.",
        "date_of_birth": "2012-05-01",
        "basis": ["older-person", "going-missing"],
        "placement": "foster",
        "parents_told": "no",
        "referrer_phone": "0161 496 0123",
    }
    dsl = signed_in(world["dsl"])
    response = dsl.post(f"/referrals/{referral.pk}/edit/", _posted(referral, **typed))
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/{referral.pk}/edit/"
    referral.refresh_from_db()
    assert referral.state == "draft" and referral.reference == ""
    for name, value in typed.items():
        assert referral.answers[name] == value
    page = dsl.get(response["Location"]).content.decode()
    assert "Your draft has been saved. It has not been sent." in page
    assert "Seen getting into a car with an older man after school." in page
    assert _checked(page, "basis", "older-person") and _checked(page, "basis", "going-missing")
    assert _checked(page, "placement", "foster") and _checked(page, "parents_told", "no")
    # Unticking every box keeps none ticked (an unticked box is not in the post at all).
    dsl.post(f"/referrals/{referral.pk}/edit/", _posted(referral, placement="foster"))
    referral.refresh_from_db()
    assert referral.answers["basis"] == []


def test_a_date_that_is_not_one_is_refused_and_the_typing_kept(world: World) -> None:
    referral = _start(world)
    typed = _posted(referral, details="Missing overnight twice this month.")
    typed.update(date_of_birth_day="31", date_of_birth_month="2", date_of_birth_year="2012")
    response = signed_in(world["dsl"]).post(f"/referrals/{referral.pk}/edit/", typed)
    page = response.content.decode()
    assert response.status_code == 422
    assert '<a href="#id_date_of_birth_0">Date of birth must be a real date</a>' in page
    assert "Missing overnight twice this month." in page
    assert 'value="31"' in page
    referral.refresh_from_db()
    assert "details" not in referral.answers


def test_sending_with_answers_missing_names_each_one_and_keeps_the_typing(world: World) -> None:
    referral = _start(world)
    typed = {
        **{k: v for k, v in _complete(referral).items() if k not in {"referrer_phone", "basis"}},
        "violence": "yes",
        "details": "Seen twice getting into a car with an older man.",
    }
    response = signed_in(world["dsl"]).post(
        f"/referrals/{referral.pk}/edit/", _posted(referral, action="send", **typed)
    )
    page = response.content.decode()
    assert response.status_code == 422
    start = page.index("govuk-error-summary")
    summary = page[start : page.index("</ul>", start)]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_referrer_phone", "Enter a phone number the front door can call you on"),
        ("id_basis_0", "Select at least one basis of concern"),
        ("id_violence_details", "Describe the violence the child has experienced"),
    ]
    # Each message is beside its question too.
    assert 'id="id_violence_details-error"' in page
    assert "Seen twice getting into a car with an older man." in page
    assert "What you typed has been saved in the draft." in page
    referral.refresh_from_db()
    assert referral.state == "draft"
    assert referral.answers["details"] == "Seen twice getting into a car with an older man."
    # The page carries the draft's new version: sending again after putting it right works.
    assert f'name="version" value="{referral.version}"' in page


def test_sending_a_complete_referral_shows_its_reference(world: World) -> None:
    referral = _start(world)
    dsl = signed_in(world["dsl"])
    response = dsl.post(
        f"/referrals/{referral.pk}/edit/", _posted(referral, action="send", **_complete(referral))
    )
    referral.refresh_from_db()
    assert referral.state == "sent" and referral.reference.startswith("REF-2026-")
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    page = dsl.get(response["Location"]).content.decode()
    assert f"Its reference is {referral.reference}." in page
    assert f"Referral {referral.reference}</h1>" in page
    assert f'href="/referrals/{referral.pk}/pdf/"' in page
    assert "Seen twice getting into a car with an older man after school" in page
    # A sent referral's edit page is the referral's page.
    again = dsl.get(f"/referrals/{referral.pk}/edit/")
    assert again.status_code == 302 and again["Location"] == f"/referrals/{referral.pk}/"


def test_a_stale_draft_page_is_told_and_keeps_the_typing(world: World) -> None:
    referral = _start(world)
    stale = _posted(referral, details="Typed in a second window, on an older page.")
    services.referral_update(
        actor=world["dsl"], referral=referral, version=referral.version, answers={}
    )
    response = signed_in(world["dsl"]).post(f"/referrals/{referral.pk}/edit/", stale)
    page = response.content.decode()
    assert response.status_code == 409
    assert "Someone else changed this while you were editing it." in page
    assert "Typed in a second window, on an older page." in page
    referral.refresh_from_db()
    assert f'name="version" value="{referral.version}"' in page  # saving again is deliberate


def test_the_author_sees_a_draft_summary_and_nobody_else_sees_the_draft(world: World) -> None:
    referral = _start(world)
    page = signed_in(world["dsl"]).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Draft referral</h1>" in page and "Continue the draft" in page
    assert "still needed before you can send it" in page and "Your phone number" in page
    for other in ("deputy", "manager", "mash"):
        assert signed_in(world[other]).get(f"/referrals/{referral.pk}/").status_code == 404
        assert signed_in(world[other]).get(f"/referrals/{referral.pk}/edit/").status_code == 404


# The sent referral


def _feedback_after_enquiry(world: World, referral: Referral) -> Referral:
    mash = world["mash"]
    steps = [
        (services.referral_acknowledge, {"rating": "amber", "reason": "Matches the screening."}),
        (services.referral_decide, {"decision": "mash-enquiry", "reason": "Police view needed."}),
    ]
    for move, arguments in steps:
        referral = move(actor=mash, referral=referral, version=referral.version, **arguments)
    services.partner_request_send(
        actor=mash,
        referral=referral,
        partner=world.police,
        question="What do the police know of the car seen after school?",
    )
    referral.refresh_from_db()
    referral = services.referral_conclude(
        actor=mash,
        referral=referral,
        version=referral.version,
        outcome="strategy-discussion",
        reason="Police intelligence links the car to other children.",
    )
    return services.referral_feedback(
        actor=mash,
        referral=referral,
        version=referral.version,
        feedback="A strategy discussion is being held on Wednesday; you are invited.",
    )


def test_staff_see_the_state_and_the_feedback_but_not_the_enquiry(world: World) -> None:
    referral = _feedback_after_enquiry(world, referral_sent(world, by=world["staff"]))
    staff = signed_in(world["staff"]).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Feedback sent</strong>" in staff
    assert "A strategy discussion is being held on Wednesday; you are invited." in staff
    assert "Strategy discussion / section 47 enquiry" in staff
    assert 'class="govuk-tag govuk-tag--orange">Amber</strong>' in staff  # a word, not a colour
    assert "What do the police know" not in staff
    assert "Police intelligence links the car" not in staff  # the outcome's reasons
    assert "A partner agency asked" not in staff  # the history, filtered
    dsl = signed_in(world["dsl"]).get(f"/referrals/{referral.pk}/").content.decode()
    assert "What do the police know of the car seen after school?" in dsl
    assert "Police intelligence links the car to other children." in dsl
    assert "A partner agency asked for information" in dsl


def test_the_front_door_sees_its_panel_on_the_referral_page(world: World) -> None:
    referral = referral_sent(world)
    page = signed_in(world["mash"]).get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="mash-panel"' in page and "Acknowledge the referral" in page
    assert "Withdraw the referral" not in page and "Follow up or challenge" not in page
    dsl = signed_in(world["dsl"]).get(f"/referrals/{referral.pk}/").content.decode()
    assert 'data-testid="mash-panel"' not in dsl
    assert "Withdraw the referral" in dsl and "Follow up or challenge" in dsl


def test_withdrawing_needs_a_reason_and_keeps_the_typing(world: World) -> None:
    referral = referral_sent(world)
    dsl = signed_in(world["dsl"])
    url = f"/referrals/{referral.pk}/withdraw/"
    response = dsl.post(url, {"version": referral.version, "reason": "Wrong"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Say why, in a sentence or more" in page
    assert "Wrong</textarea>" in page
    assert '<a href="#withdraw-reason">' in page
    response = dsl.post(url, {"version": referral.version, "reason": REASON})
    assert response.status_code == 302 and response["Location"] == f"/referrals/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.state == "withdrawn" and referral.withdrawn_reason == REASON
    page = dsl.get(response["Location"]).content.decode()
    assert "The referral has been withdrawn. The front door has been told." in page
    assert "Withdraw the referral" not in page  # nothing left to withdraw


def test_a_withdrawal_after_the_referral_moved_is_told(world: World) -> None:
    referral = referral_sent(world)
    shown = referral.version
    services.referral_acknowledge(
        actor=world["mash"], referral=referral, version=shown, rating="green", reason=REASON
    )
    response = signed_in(world["dsl"]).post(
        f"/referrals/{referral.pk}/withdraw/", {"version": shown, "reason": REASON}
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "The referral changed while you were writing" in page and REASON in page


def test_following_up_goes_to_the_front_doors_managers(world: World) -> None:
    referral = referral_sent(world, by=world["staff"])
    staff = signed_in(world["staff"])
    url = f"/referrals/{referral.pk}/challenge/"
    response = staff.post(url, {"reason": "No news"})
    assert response.status_code == 422
    assert "No news</textarea>" in response.content.decode()
    reason = "No outcome has arrived and the child went missing again last night."
    response = staff.post(url, {"reason": reason})
    assert response.status_code == 302
    assert Challenge.objects.get(referral=referral).reason == reason
    page = staff.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Your follow-up has been sent to the front door&#x27;s managers." in page
    # Only the referrer's side may: the front door, and other schools, answer 404.
    for other in ("mash", "other_dsl"):
        assert signed_in(world[other]).post(url, {"reason": reason}).status_code == 404


# The list, the child's file and the concern


def test_the_list_filters_by_state_and_paginates(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    sent = referral_sent(world, child=child)
    for _ in range(25):
        services.referral_start(actor=world["dsl"], child=child)
    dsl = signed_in(world["dsl"])
    first = dsl.get("/referrals/").content.decode()
    assert "26 referrals" in first
    assert first.count('<tr class="govuk-table__row">') == 26  # the header and 25 rows
    assert 'href="?page=2"' in first
    second = dsl.get("/referrals/?page=2").content.decode()
    assert second.count('<tr class="govuk-table__row">') == 2
    only_sent = dsl.get("/referrals/?state=sent").content.decode()
    assert "1 referral: Sent" in only_sent and sent.reference in only_sent
    assert "Draft<span" not in only_sent
    none = dsl.get("/referrals/?state=closed").content.decode()
    assert "No referral is in the state “Closed”" in none
    empty = signed_in(world["other_dsl"]).get("/referrals/").content.decode()
    assert "You have no referrals yet." in empty


def test_the_childs_file_offers_to_refer_and_lists_the_referrals(world: World) -> None:
    child = child_in(world.school, world["dsl"])
    referral = referral_sent(world, child=child)
    page = signed_in(world["manager"]).get(f"/children/{child.pk}/").content.decode()
    assert f'action="/children/{child.pk}/referrals/new/"' in page and "Refer this child" in page
    table = page[page.index('data-testid="child-referrals"') :]
    assert referral.reference in table and "Testshire MASH" in table and "Sent</strong>" in table


def test_a_decision_to_refer_offers_to_start_the_referral(world: World) -> None:
    child = child_in(world.school, world["staff"])
    concern = concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child)
    )
    dsl = signed_in(world["dsl"])
    assert "Start the referral" not in dsl.get(f"/concerns/{concern.pk}/").content.decode()
    concern_decide(
        actor=world["dsl"],
        concern=concern,
        version=concern.version,
        kind="refer",
        reason="Going missing with an older man: the MASH needs to know today.",
    )
    page = dsl.get(f"/concerns/{concern.pk}/").content.decode()
    assert "Start the referral" in page and f'value="{concern.pk}"' in page
    referral = _start(world, child=child, concern=str(concern.pk))
    assert referral.concern_id == concern.pk
    # The recorder may refer the child themselves (anyone can refer).
    staff = signed_in(world["staff"]).get(f"/concerns/{concern.pk}/").content.decode()
    assert "Refer the child yourself" in staff
