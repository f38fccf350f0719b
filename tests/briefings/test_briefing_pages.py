"""The briefing pages: sign-in takes a person to what they must read without blocking anything
else; reading and confirming; private answers; the read report, its reminders and its export;
the administrators' pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.briefings.publishing import new_version, published
from tests.conftest import enrol, signed_in, totp_code
from tests.factories import PASSWORD, person_with
from vigil.accounts.models import Role
from vigil.audit.models import AuditEvent, Log
from vigil.briefings import services
from vigil.briefings.models import Briefing, ReadReceipt, ReflectiveAnswer
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db


def sign_in(username: str, next_path: str = "") -> str:
    """Sign in with the password and the second factor; where sign-in lands."""
    client = Client()
    login = "/accounts/login/" + (f"?next={next_path}" if next_path else "")
    client.post(login, {"login": username, "password": PASSWORD}, REMOTE_ADDR="198.51.100.9")
    done = client.post(
        "/accounts/2fa/authenticate/", {"code": totp_code()}, REMOTE_ADDR="198.51.100.9"
    )
    assert done.status_code == 302
    return done["Location"]


def test_sign_in_lands_on_briefings_to_read_only_when_one_must_be_read(world) -> None:
    for who in ("staff", "mash", "dsl"):
        enrol(world[who])
    published(world)
    assert sign_in("staff") == "/briefings/"
    assert sign_in("mash") == "/"  # not for the MASH
    # On the way somewhere (back after the idle sign-out, say): straight there.
    assert sign_in("dsl", "/concerns/new/") == "/concerns/new/"


def test_nothing_is_blocked_and_the_home_page_keeps_reminding(world) -> None:
    briefing = published(world)
    client = signed_in(world["staff"])
    home = client.get("/").content.decode()
    assert "You have 1 briefing to read" in home
    assert client.get("/concerns/new/").status_code == 200
    services.briefing_read_confirm(
        actor=world["staff"], briefing=briefing, version_id=briefing.current_id
    )
    assert "briefing to read" not in client.get("/").content.decode()
    new_version(world, briefing)
    assert "You have 1 briefing to read" in client.get("/").content.decode()


def test_other_pages_never_look_at_briefings(world) -> None:
    published(world)
    client = signed_in(world["dsl"])
    for path in ("/deadlines/", "/notifications/", "/concerns/", "/account/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert not [q for q in queries if "briefings_" in q["sql"]], path


def test_reading_and_confirming(world) -> None:
    briefing = published(world, body="## Signs\n\nGoing missing.<script>alert(1)</script>")
    client = signed_in(world["staff"])
    listed = client.get("/briefings/").content.decode()
    assert "Recognising exploitation" in listed and "Must read" in listed
    page = client.get(f"/briefings/{briefing.pk}/").content.decode()
    assert '<h2 class="govuk-heading-m">Signs</h2>' in page and "alert(1)" not in page
    assert "I have read and understood" in page and "Would I notice the signs?" in page
    response = client.post(
        f"/briefings/{briefing.pk}/confirm/", {"version_id": str(briefing.current_id)}
    )
    assert response.status_code == 302 and response["Location"] == "/briefings/"
    receipt = ReadReceipt.objects.get()
    assert receipt.person == world["staff"] and receipt.briefing_version.number == 1
    after = client.get("/briefings/").content.decode()
    assert "You have read every briefing for you" in after and "Thank you" in after
    page = client.get(f"/briefings/{briefing.pk}/").content.decode()
    assert "You confirmed that you read and understood this version" in page
    assert "I have read and understood" not in page


def test_confirming_a_replaced_version_shows_the_new_one(world) -> None:
    briefing = published(world)
    old = briefing.current_id
    new_version(world, briefing, body="The second version's text.")
    client = signed_in(world["staff"])
    response = client.post(f"/briefings/{briefing.pk}/confirm/", {"version_id": str(old)})
    assert response.status_code == 409
    page = response.content.decode()
    assert "A new version of this briefing was published" in page
    assert "The second version&#x27;s text." in page or "The second version's text." in page
    assert not ReadReceipt.objects.exists()


def test_answers_are_private_to_their_author(world) -> None:
    briefing = published(world)
    question = briefing.questions.first()
    client = signed_in(world["staff"])
    url = f"/briefings/questions/{question.pk}/"
    assert client.post(url, {"answer": ""}).status_code == 200  # refused, with its message
    response = client.post(url, {"answer": "A private reflection about Example Lane."})
    assert response["Location"] == "/development-record/"
    record = client.get("/development-record/").content.decode()
    assert "A private reflection about Example Lane." in record
    answer = ReflectiveAnswer.objects.get()
    changed = client.post(url, {"answer": "Changed.", "version": answer.version})
    assert changed.status_code == 302
    stale = client.post(url, {"answer": "Stale tab.", "version": answer.version})
    assert "Someone else changed this" in stale.content.decode()
    assert "Stale tab." in stale.content.decode()  # what was typed is kept
    dsl = signed_in(world["dsl"])
    for path in (
        url,
        "/development-record/",
        f"/briefings/reports/{world.school.pk}/{briefing.pk}/",
        f"/briefings/reports/{world.school.pk}/{briefing.pk}/export.csv",
    ):
        response = dsl.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert b"Changed." not in body and b"private reflection" not in body, path


def test_the_read_report_its_reminders_and_its_export(world) -> None:
    briefing = published(world)
    services.briefing_read_confirm(
        actor=world["deputy"], briefing=briefing, version_id=briefing.current_id
    )
    person_with(Role.STAFF, world.school, username="formula", full_name="=HYPERLINK(1)")
    dsl = signed_in(world["dsl"])
    summary = dsl.get("/briefings/reports/").content.decode()
    assert "Recognising exploitation" in summary and "1 of 5" in summary
    url = f"/briefings/reports/{world.school.pk}/{briefing.pk}/"
    page = dsl.get(url).content.decode()
    assert "1 of 5 people" in page and "Remind those who have not read it" in page
    reminded = dsl.post(url + "remind/", follow=True).content.decode()
    assert "4 people have been reminded" in reminded
    assert Notification.objects.filter(kind="briefing-reminder").count() == 4
    again = dsl.post(url + "remind/", follow=True).content.decode()
    assert "Nobody needed a reminder" in again
    export = dsl.get(url + "export.csv")
    text = b"".join(export.streaming_content).decode("utf-8")
    assert text.startswith("\ufeffName,Role,Read version 1,Version read,Read at (UK time)")
    lines = text.splitlines()
    assert any(line.startswith("'=HYPERLINK(1),Staff,No") for line in lines)
    assert any(
        line.startswith(f"{world['deputy'].full_name},") and ",Yes,1," in line for line in lines
    )
    [event] = AuditEvent.objects.filter(verb="briefing-report.export")
    assert event.log == Log.ACCESS and event.actor == str(world["dsl"].pk)


def test_the_administrators_publish_change_and_withdraw(world) -> None:
    admin = signed_in(world["admin"])
    assert "Briefings" in admin.get("/administration/").content.decode()
    due = timezone.localdate() + timedelta(days=10)
    form = {
        "title": "Online grooming",
        "body": "## What to look for\n\nNew apps, secret phones.",
        "questions": "What apps do our pupils use?\nWho would I tell?",
        "audience_roles": ["staff", "dsl"],
        "audience_kinds": ["school"],
        "must_read_by_day": due.day,
        "must_read_by_month": due.month,
        "must_read_by_year": due.year,
    }
    refused = admin.post("/administration/briefings/new/", {**form, "audience_kinds": []})
    assert "Select the kinds of organisation the briefing is for" in refused.content.decode()
    assert "secret phones" in refused.content.decode()  # nothing typed is lost
    done = admin.post("/administration/briefings/new/", form, follow=True)
    assert "has been published" in done.content.decode()
    briefing = Briefing.objects.get()
    assert briefing.must_read_by == due and briefing.questions.count() == 2
    edit = f"/administration/briefings/{briefing.pk}/"
    assert "What apps do our pupils use?" in admin.get(edit).content.decode()
    changed = {**form, "body": form["body"] + " Gifts.", "version": briefing.version}
    saved = admin.post(edit, changed, follow=True).content.decode()
    assert "Version 2 of “Online grooming” has been published" in saved
    stale = admin.post(edit, {**changed, "title": "Stale title"}).content.decode()
    assert "Someone else changed this" in stale and "Stale title" in stale
    briefing.refresh_from_db()
    withdrawn = admin.post(edit + "withdraw/", {"version": briefing.version}, follow=True)
    assert "has been withdrawn" in withdrawn.content.decode()
    assert admin.get(edit + "withdraw/").status_code == 404  # once is enough


def test_the_pages_render_a_briefing_due_today(world) -> None:
    briefing = published(world, must_read_by=timezone.localdate())
    assert signed_in(world["admin"]).get("/administration/briefings/").status_code == 200
    assert signed_in(world["staff"]).get(f"/briefings/{briefing.pk}/").status_code == 200
