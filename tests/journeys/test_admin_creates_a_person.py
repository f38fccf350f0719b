"""The journey of issue 3: the administrator signs in with a code, adds a member of staff at a
school; that person chooses a password from their e-mail and enrols an authenticator app at
first sign-in; the auditor sees both events on the audit log."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.conftest import TOTP_SECRET, build_world, enrol, totp_code
from tests.factories import PASSWORD
from vigil.accounts.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-long-and-private-passphrase-2026"


def sign_in(visit, username: str, password: str = PASSWORD, secret: str = TOTP_SECRET) -> None:
    page = visit.go("/accounts/login/")
    visit.check()
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    visit.check()
    page.fill("input[name=code]", totp_code(secret))
    page.get_by_role("button", name=re.compile("Continue|Sign in|Verify")).click()
    page.wait_for_url(visit.base_url + "/")
    visit.check()


def test_admin_adds_staff_who_enrols_and_the_auditor_sees_it(visit) -> None:
    world = build_world()
    for person in (world["admin"], world["auditor"]):
        enrol(person)

    admin = visit()
    sign_in(admin, "admin")
    page = admin.page
    page.get_by_role("link", name="Administration").first.click()
    admin.check()
    page.get_by_role("link", name="People").first.click()
    admin.check()
    page.get_by_role("button", name="Add a person").click()
    admin.check()
    page.get_by_label("Full name").fill("Nova Example")
    page.get_by_label("Username").fill("nova.example")
    page.get_by_label("Work e-mail address").fill("nova.example@testshire.example")
    page.get_by_label("Organisation").select_option(label=world.school.name)
    page.get_by_label("Staff", exact=True).check()
    page.get_by_role("button", name="Add person").click()
    page.wait_for_selector("text=has been added")
    admin.check()
    nova = Person.objects.get(username="nova.example")

    # Nova chooses a password from the set-up e-mail.
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", message.body).group(0)
    staff = visit(viewport={"width": 320, "height": 640})
    page = staff.page
    page.goto(staff.base_url + link.split("127.0.0.1:8000", 1)[-1])
    staff.check()
    page.locator("input[name=password1]").fill(NEW_PASSWORD)
    page.locator("input[name=password2]").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    staff.check()

    # First sign-in: password, then setting up the authenticator app.
    page = staff.go("/accounts/login/")
    page.fill("input[name=login]", "nova.example")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    staff.check()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text().replace(" ", "")
    page.fill("input[name=code]", totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert "/accounts/2fa/totp/activate/" not in page.url, page.locator("main").inner_text()
    staff.check()
    page = staff.go("/")
    assert "Nova Example" in page.content()
    staff.check()

    # The auditor sees both events: the person's creation and their new second factor.
    auditor = visit()
    sign_in(auditor, "auditor")
    page = auditor.page
    page.get_by_role("link", name="Audit").first.click()
    auditor.check()
    page = auditor.go(f"/audit/?object_id={nova.pk}")
    auditor.check()
    rows = page.locator("table tbody tr").all_inner_texts()
    assert any("person.create" in row and "Test Person" in row for row in rows), rows
    assert any("auth.factor-added" in row for row in rows), rows
