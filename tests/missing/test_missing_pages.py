"""The missing-episode pages as people use them: immediate risk first (999 before anything
else), the child, the episode; the return and the interview keep what was typed on an error;
the lists; the child's file; the access log."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.conftest import World, signed_in
from tests.factories import child_in
from tests.missing.cases import interviewed, reported, returned
from vigil.audit.models import AuditEvent, Log
from vigil.concerns.models import Draft
from vigil.missing import rules
from vigil.missing.models import Episode, MissingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"], given_names="Testnia", family_name="Example")


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


DETAILS = {
    "missing_on_day": "23",
    "missing_on_month": "11",
    "missing_on_year": "2026",
    "missing_time": "21:30",
    "missing_from": "Her foster placement, 2 Sample Road",
    "reported_by": "Sam Example, foster carer",
    "police_reference": "",
    "note": "Last seen near the Example Lane bus stop.",
}


def test_immediate_risk_shows_999_and_the_front_doors_numbers_first(world, child) -> None:
    staff = signed_in(world["staff"])
    asked = staff.get(f"/missing/new/?child={child.pk}")
    assert asked.status_code == 200 and "Could the child be at immediate risk" in _text(asked)
    refused = staff.post(f"/missing/new/?child={child.pk}", {})
    assert refused.status_code == 422
    assert "Select yes if the child could be at immediate risk of harm" in _text(refused)
    answered = staff.post(f"/missing/new/?child={child.pk}", {"immediate_risk": "yes"})
    assert answered["Location"] == f"/missing/new/emergency/?child={child.pk}"
    page = _text(staff.get(answered["Location"]))
    main = page.split('id="main-content"')[1]
    # The instruction and the numbers come before anything else the page asks.
    first_999 = main.index("Call 999 now")
    assert first_999 < main.index("0161 496 0456") < main.index("Continue recording")
    assert "0161 496 0457" in main  # out of hours
    assert f'href="/missing/new/{child.pk}/?risk=yes"' in main


def test_no_immediate_risk_goes_to_picking_the_child(world, child) -> None:
    staff = signed_in(world["staff"])
    answered = staff.post("/missing/new/", {"immediate_risk": "no"})
    assert answered["Location"] == "/missing/new/child/?risk=no"
    found = _text(staff.get("/missing/new/child/?risk=no&q=Testnia"))
    assert f'href="/missing/new/{child.pk}/?risk=no"' in found
    nothing = _text(staff.get("/missing/new/child/?risk=no&q=Nobody"))
    assert "No child of Example Primary School matches" in nothing
    # Without the first question answered, it is asked first.
    assert staff.get("/missing/new/child/")["Location"] == "/missing/new/"
    assert staff.get(f"/missing/new/{child.pk}/")["Location"] == f"/missing/new/?child={child.pk}"


def test_an_error_keeps_everything_typed(world, child) -> None:
    staff = signed_in(world["staff"])
    typed = {**DETAILS, "immediate_risk": "no", "missing_on_day": "31", "missing_on_month": "2"}
    refused = staff.post(f"/missing/new/{child.pk}/?risk=no", typed)
    assert refused.status_code == 422
    page = _text(refused)
    assert "There is a problem" in page and "as a real date" in page
    assert 'value="Her foster placement, 2 Sample Road"' in page
    assert "Last seen near the Example Lane bus stop." in page
    future = staff.post(
        f"/missing/new/{child.pk}/?risk=no",
        {**DETAILS, "immediate_risk": "no", "missing_on_day": "25"},
    )
    assert future.status_code == 422 and "must be now or in the past" in _text(future)
    assert not Episode.objects.exists()


def test_staff_record_an_episode_and_see_it(world, child) -> None:
    staff = signed_in(world["staff"])
    done = staff.post(f"/missing/new/{child.pk}/?risk=yes", {**DETAILS, "immediate_risk": "yes"})
    episode = Episode.objects.get()
    assert done["Location"] == f"/missing/episodes/{episode.pk}/"
    assert (
        episode.immediate_risk and episode.missing_since.isoformat() == "2026-11-23T21:30:00+00:00"
    )
    page = _text(staff.get(done["Location"]))
    assert "The missing episode has been recorded" in page
    assert "Monday 23 November 2026, 21:30" in page and "Recorded as at immediate risk" in page
    assert "Record the child's return" in page
    opened = AuditEvent.objects.filter(log=Log.ACCESS, verb="missing-episode.view")
    assert opened.filter(object_id=str(episode.pk), actor=str(world["staff"].pk)).exists()
    listed = _text(staff.get("/missing/"))
    assert episode.reference in listed and "Return home interviews due" not in listed


def test_the_return_and_the_interview_keep_what_was_typed(world, child) -> None:
    episode = reported(world, child, "2026-11-23T21:30:00+00:00")
    staff, dsl = signed_in(world["staff"]), signed_in(world["dsl"])
    url = f"/missing/episodes/{episode.pk}/return/"
    typed = {
        "version": "1",
        "returned_on_day": "24",
        "returned_on_month": "11",
        "returned_on_year": "2026",
        "returned_time": "7.15",
        "found_at": "Brought home by police from Example Park",
        "returned_with": "",
        "condition": "",
    }
    refused = staff.post(url, typed)
    assert refused.status_code == 422
    assert "Enter the child&#x27;s condition and health on return" in _text(refused)
    assert 'value="Brought home by police from Example Park"' in _text(refused)
    done = staff.post(url, {**typed, "condition": "Cold and tired; no injuries seen."})
    assert done["Location"] == f"/missing/episodes/{episode.pk}/"
    assert staff.get(url).status_code == 404  # recorded: nothing more to record here
    # The member of staff does not record the interview; the DSL does.
    assert staff.get(f"/missing/episodes/{episode.pk}/interview/").status_code == 404
    interview = {
        "version": "2",
        "outcome": "done",
        "happened_on_day": "24",
        "happened_on_month": "11",
        "happened_on_year": "2026",
        "happened_time": "09:00",
        "interviewer": "Robin Sample",
        "interviewer_role": "Return home interview worker, Example Children's Charity",
        "childs_words": "I just wanted to be with my mates.",
        "push_factors": ["other"],
        "push_other": "",
        "pull_factors": ["friends"],
        "disclosures": "A man called Testjay Sample gives her lifts and money.",
    }
    refused = dsl.post(f"/missing/episodes/{episode.pk}/interview/", interview)
    assert refused.status_code == 422 and "Say what the other factor is" in _text(refused)
    assert "I just wanted to be with my mates." in _text(refused)
    done = dsl.post(
        f"/missing/episodes/{episode.pk}/interview/", {**interview, "push_other": "Worries at home"}
    )
    assert done.status_code == 302
    page = _text(dsl.get(done["Location"]))
    assert "The return home interview has been recorded" in page
    assert "Worries at home" in page and "Wanting to be with friends" in page
    assert "Record a concern from this disclosure" in page
    assert "Done in time" in page


def test_a_disclosure_starts_a_concern_and_opens_its_first_step(world, child) -> None:
    episode = reported(world, child, "2026-11-23T21:30:00+00:00")
    returned(world, episode, "2026-11-24T07:15:00+00:00")
    held = interviewed(
        world, episode, rules.DONE, "2026-11-24T09:00:00+00:00", disclosures="Given money."
    )
    answer = signed_in(world["dsl"]).post(f"/missing/interviews/{held.pk}/concern/")
    draft = Draft.objects.get()
    assert answer["Location"] == f"/concerns/drafts/{draft.pk}/risk/"
    assert draft.data["indicators"] == ["i.going_missing"]


def test_the_interviews_due_come_overdue_first_with_the_time_left(world, child) -> None:
    late = reported(world, child, "2026-11-19T20:00:00+00:00")
    returned(world, late, "2026-11-20T08:00:00+00:00")
    other = child_in(world.school, world["staff"], given_names="Testoli", family_name="Example")
    soon = reported(world, other, "2026-11-23T20:00:00+00:00")
    returned(world, soon, "2026-11-24T08:00:00+00:00")
    page = _text(signed_in(world["dsl"]).get("/missing/interviews/"))
    rows = page.split('data-testid="interviews-due"')[1]
    assert rows.index(late.reference) < rows.index(soon.reference)
    assert "Overdue</strong> Overdue by 1 day 2 hours" in rows
    assert "2 days 22 hours left" in rows
    assert signed_in(world["staff"]).get("/missing/interviews/").status_code == 404
    empty = _text(signed_in(world["other_dsl"]).get("/missing/interviews/"))
    assert "No return home interview is waiting" in empty


def test_the_childs_file_lists_the_episodes_in_one_query(world, child) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    dsl = signed_in(world["dsl"])
    reported(world, child, "2026-11-01T20:00:00+00:00")
    dsl.get(f"/children/{child.pk}/")  # the session's first request does more
    with CaptureQueriesContext(connection) as one:
        dsl.get(f"/children/{child.pk}/")
    for day in ("05", "10", "15", "20"):
        reported(world, child, f"2026-11-{day}T20:00:00+00:00")
    with CaptureQueriesContext(connection) as five:
        page = _text(dsl.get(f"/children/{child.pk}/"))
    assert len(five.captured_queries) == len(one.captured_queries)
    section = page.split('data-testid="child-missing-episodes"')[1].split("</table>")[0]
    assert section.count("/missing/episodes/") == 5
    assert section.count("/missing/flags/") == 1
    assert "Repeated: 3 within 90 days" in section
    episode_queries = [q for q in five.captured_queries if "missing_episode" in q["sql"]]
    assert len(episode_queries) == 1
    assert "Record a missing episode" in page


def test_the_flag_for_the_dsl_and_for_the_mash(world, child) -> None:
    from tests.factories import referral_sent

    referral_sent(world, child=child)
    for day in ("01", "10", "20"):
        reported(world, child, f"2026-11-{day}T20:00:00+00:00")
    listed = _text(signed_in(world["dsl"]).get("/missing/flags/"))
    assert "Testnia Example" in listed and "3 within 90 days" in listed
    flag_url = re.search(r'href="(/missing/flags/[0-9a-f-]+/)"', listed).group(1)
    for_dsl = _text(signed_in(world["dsl"]).get(flag_url))
    assert for_dsl.count('href="/missing/episodes/') == 3
    mash = signed_in(world["mash"])
    assert "Testnia Example" in _text(mash.get("/missing/flags/"))
    for_mash = _text(mash.get(flag_url))
    assert "Testshire MASH" in for_mash and 'href="/missing/episodes/' not in for_mash
    assert signed_in(world["other_dsl"]).get(flag_url).status_code == 404


def test_the_partnership_sets_the_rule(world) -> None:
    admin = signed_in(world["admin"])
    page = _text(admin.get("/administration/missing-episodes/"))
    assert 'value="3"' in page and 'value="90"' in page
    refused = admin.post(
        "/administration/missing-episodes/",
        {"version": "1", "repeat_episodes": "1", "repeat_days": "90"},
    )
    assert refused.status_code == 422 and "from 2 to 20" in _text(refused)
    saved = admin.post(
        "/administration/missing-episodes/",
        {"version": "1", "repeat_episodes": "4", "repeat_days": "60"},
    )
    assert saved.status_code == 302
    assert MissingSettings.objects.get().repeat_episodes == 4
    stale = admin.post(
        "/administration/missing-episodes/",
        {"version": "1", "repeat_episodes": "5", "repeat_days": "60"},
    )
    assert stale.status_code == 422 and "Someone else changed this" in _text(stale)
    assert 'value="5"' in _text(stale)


def test_the_chronology_links_each_entry_to_its_episode(world, child) -> None:
    episode = reported(world, child, "2026-11-23T21:30:00+00:00")
    returned(world, episode, "2026-11-24T07:15:00+00:00")
    page = _text(signed_in(world["dsl"]).get(f"/children/{child.pk}/?kind=missing"))
    chronology = page.split('<ol class="vigil-chronology')[1].split("</ol>")[0]
    assert chronology.count(f'href="/missing/episodes/{episode.pk}/">Open the missing episode') == 2
