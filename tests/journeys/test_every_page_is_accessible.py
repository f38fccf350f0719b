"""A tour of every page this capability has, as the people who use them, with axe-core on each
(WCAG 2.2 AA) and the strict CSP watching; the idle warning driven with the browser's clock."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import build_world, enrol
from tests.journeys.test_admin_creates_a_person import sign_in
from vigil.accounts.models import Role
from vigil.audit.models import AuditEvent
from vigil.core.services.timekeeping import clock_start, clocks_tick
from vigil.notifications.services import notification_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tour(visit, paths: list[str]) -> None:
    for path in paths:
        visit.go(path)
        visit.check()


def test_the_administrators_pages(visit) -> None:
    world = build_world()
    enrol(world["admin"])
    admin = visit()
    sign_in(admin, "admin")
    school, staff = world.school.pk, world["staff"].pk
    tour(
        admin,
        [
            "/administration/",
            "/administration/organisations/",
            "/administration/organisations/?q=Example",
            "/administration/organisations/new/",
            f"/administration/organisations/{school}/",
            f"/administration/organisations/{school}/edit/",
            "/administration/people/",
            "/administration/people/?q=nobody-matches",
            "/administration/people/new/",
            f"/administration/people/{staff}/",
            f"/administration/people/{staff}/edit/",
            f"/administration/people/{staff}/deactivate/",
            f"/administration/people/{staff}/reset-second-factor/",
            "/administration/partnership/",
            "/account/",
            "/account/tokens/new/",
            "/accounts/2fa/",
            "/accounts/password/change/",
            "/notifications/",
            "/deadlines/",
            "/accessibility/",
            "/privacy/",
            f"/administration/people/{uuid.uuid4()}/",  # the not-found page
        ],
    )
    # Errors are summarised and each links to its field.
    page = admin.go("/administration/people/new/")
    page.get_by_role("button", name="Add person").click()
    page.wait_for_selector(".govuk-error-summary")
    admin.check()
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id").startswith("id_")
    # A token, shown once.
    page = admin.go("/account/tokens/new/")
    page.get_by_label("What is this token for?").fill("Case system link")
    page.get_by_role("button", name="Create token").click()
    page.wait_for_selector("text=Copy it now")
    admin.check()


def test_deadlines_notifications_and_the_idle_warning(visit, settings) -> None:
    settings.VIGIL_IDLE_MINUTES = 5
    world = build_world()
    enrol(world["dsl"])
    clock = clock_start(
        actor="system",
        kind="dsl-triage",
        subject_type="concern",
        subject_id=uuid.uuid4(),
        organisation=world.school,
        link="/deadlines/",
        holder_role=Role.DSL,
        start=timezone.now() - timedelta(days=7),
    )
    clocks_tick()
    notification_send(
        recipients=[world["dsl"]],
        kind="t",
        title="A concern is waiting for your decision",
        link="/deadlines/",
        key="journey",
    )
    dsl = visit()
    dsl.page.clock.install()
    sign_in(dsl, "dsl")
    page = dsl.page
    assert "Overdue" in page.locator("main").inner_text()  # on the home page too
    tour(dsl, ["/deadlines/", "/notifications/", "/break-glass/"])
    assert clock.pk
    # Five idle minutes: the warning opens at 80%, focus on "Stay signed in".
    page.clock.fast_forward("04:05")
    page.wait_for_selector("#idle-warning[open]")
    assert page.evaluate("document.activeElement.id") == "idle-warning-stay"
    dsl.check()
    with page.expect_response("**/session/keep-alive/") as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 200
    page.wait_for_selector("#idle-warning", state="hidden")
    assert AuditEvent.objects.filter(verb="auth.idle-timeout").count() == 0


def test_the_auditors_pages(visit) -> None:
    world = build_world()
    enrol(world["auditor"])
    auditor = visit()
    sign_in(auditor, "auditor")
    tour(auditor, ["/audit/", "/audit/?log=audit&verb=auth.", "/break-glass/", "/account/"])
    page = auditor.go("/audit/?since=31/02/2026")
    auditor.check()
    assert page.locator("table").count() in (0, 1)


def test_the_sign_in_pages_for_everyone(visit) -> None:
    build_world()
    anonymous = visit()
    tour(
        anonymous,
        [
            "/accounts/login/",
            "/accounts/password/reset/",
            "/accessibility/",
            "/privacy/",
            "/accounts/password/reset/key/zz-bad-key/",
        ],
    )
    page = anonymous.go("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector(".govuk-error-summary")
    anonymous.check()


def test_the_referral_pages(visit) -> None:
    """Referrals: the referrer's list and a draft, the front door's queue and a referral at
    each of its forms, a partner's request, and the routes' administration."""
    from tests.factories import child_in, referral_sent
    from vigil.referrals import services

    world = build_world()
    for person in ("dsl", "mash", "police", "admin"):
        enrol(world[person])
    sent = referral_sent(world)
    services.referral_acknowledge(
        actor=world["mash"],
        referral=sent,
        version=sent.version,
        rating="amber",
        reason="Medium screening, no immediate harm known.",
    )
    services.referral_decide(
        actor=world["mash"],
        referral=sent,
        version=sent.version,
        decision="mash-enquiry",
        reason="The police may know the adult.",
    )
    request = services.partner_request_send(
        actor=world["mash"],
        referral=sent,
        partner=world.police,
        question="Anything known about the adult seen with the child?",
    )
    draft = services.referral_start(actor=world["dsl"], child=child_in(world.school, world["dsl"]))
    dsl = visit()
    sign_in(dsl, "dsl")
    tour(
        dsl,
        [
            "/referrals/",
            "/referrals/?state=enquiry",
            f"/referrals/{draft.pk}/edit/",
            f"/referrals/{draft.pk}/",
            f"/referrals/{sent.pk}/",
        ],
    )
    page = dsl.go(f"/referrals/{draft.pk}/edit/")
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_selector(".govuk-error-summary")
    dsl.check()
    mash = visit()
    sign_in(mash, "mash")
    tour(mash, ["/mash/", "/mash/?clock=overdue", f"/referrals/{sent.pk}/"])
    police = visit()
    sign_in(police, "officer")
    tour(police, ["/requests/", f"/requests/{request.pk}/"])
    admin = visit()
    sign_in(admin, "admin")
    route = sent.route.pk
    tour(
        admin,
        [
            "/administration/referral-routes/",
            "/administration/referral-routes/new/",
            f"/administration/referral-routes/{route}/",
        ],
    )
