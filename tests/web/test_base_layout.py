"""The layout every page extends: a partnership service, not GOV.UK, working signed in or not."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context, engines
from django.template.loader import get_template
from django.test import RequestFactory

PAGE = engines["django"].from_string(
    '{% extends "web/base.html" %}{% block title %}Home{% endblock %}'
    "{% block content %}<h1>Home</h1>{% endblock %}"
)


class SignedIn:
    is_authenticated = True


def signed_in_context(**extra: object) -> dict[str, object]:
    context: dict[str, object] = {
        "request": RequestFactory().get("/deadlines/"),
        "user": SignedIn(),
        "service_name": "Testshire Safeguarding Partnership",
        "product_name": "Vigil",
        "navigation": [
            {"label": "Home", "url": "/", "active": False},
            {"label": "Deadlines", "url": "/deadlines/", "active": True},
        ],
        "unread_notifications": 3,
        "idle_seconds": 1800,
        "emergency_instruction": "If a child is at immediate risk of harm, call 999.",
        "front_door": {
            "name": "Testshire Front Door",
            "phone": "0113 496 0000",
            "out_of_hours_phone": "0113 496 0999",
        },
        "CSP_NONCE": "n0nce",
        "csrf_token": "csrf-value",
    }
    context.update(extra)
    return context


def test_signed_in_page() -> None:
    html = PAGE.render(signed_in_context())
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert "<title>Home \N{EN DASH} Testshire Safeguarding Partnership</title>" in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'data-idle-seconds="1800"' in html
    assert 'data-keepalive-url="/session/keep-alive/"' in html
    assert '<meta name="csrf-token" content="csrf-value">' in html
    assert '<dialog class="vigil-dialog" id="idle-warning"' in html
    assert 'href="/deadlines/" aria-current="page"' in html
    assert 'href="/account/">Your account</a>' in html
    assert 'href="/accounts/logout/">Sign out</a>' in html


def test_unread_count_badge_is_said_in_words() -> None:
    html = PAGE.render(signed_in_context())
    badge = re.search(r'<span class="vigil-count-badge">(.*?)</span></span>', html)
    assert badge
    spoken = re.sub(r"<[^>]+>", "", badge.group(1) + "</span>")
    assert spoken == ", 3 unread"
    assert "vigil-count-badge" not in PAGE.render(signed_in_context(unread_notifications=0))


def test_every_script_is_external_and_carries_the_nonce() -> None:
    html = PAGE.render(signed_in_context())
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert len(scripts) == 2
    for script in scripts:
        assert 'src="/static/' in script
        assert 'nonce="n0nce"' in script
    assert '<script type="module" src="/static/vigil/vigil.js"' in html


def test_signed_out_page_has_no_navigation_and_no_idle_warning() -> None:
    html = PAGE.render(
        {
            "request": RequestFactory().get("/"),
            "user": AnonymousUser(),
            "service_name": "Testshire Safeguarding Partnership",
        }
    )
    assert 'class="govuk-service-navigation__service-name"' in html
    assert "Testshire Safeguarding Partnership" in html
    assert "govuk-service-navigation__list" not in html
    assert "Sign out" not in html
    assert "data-idle-seconds" not in html
    assert "idle-warning" not in html
    assert "csrf-token" not in html


def test_no_crown_no_logotype_no_gov_uk() -> None:
    html = PAGE.render(signed_in_context())
    assert "GOV.UK" not in html
    assert "crown" not in html.lower()
    assert "govuk-logo" not in html
    assert "govuk-header__logotype" not in html
    assert "Crown copyright" not in html
    assert "Open Government Licence" not in html
    assert "<svg" not in html


def test_emergency_line_and_footer_links() -> None:
    html = PAGE.render(signed_in_context())
    line = re.search(r'<p class="vigil-emergency">(.*?)</p>', html, re.S)
    assert line
    text = " ".join(re.sub(r"<[^>]+>", "", line.group(1)).split())
    assert text == (
        "If a child is at immediate risk of harm, call 999. Otherwise, to talk to Testshire "
        "Front Door, call 0113 496 0000; out of hours, call 0113 496 0999."
    )
    assert 'href="tel:01134960000"' in html
    assert 'href="/accessibility/">Accessibility statement</a>' in html
    assert 'href="/privacy/">Privacy notice</a>' in html


def test_emergency_line_is_there_even_without_configuration() -> None:
    html = PAGE.render({})
    assert "If a child is at immediate risk of harm, call 999." in html


def test_messages_are_notification_banners() -> None:
    messages = [
        Message(constants.SUCCESS, "Concern recorded."),
        Message(constants.WARNING, "Someone else changed this."),
    ]
    html = PAGE.render(signed_in_context(messages=messages))
    success = re.search(
        r'<div class="govuk-notification-banner govuk-notification-banner--success"[^>]*>', html
    )
    assert success
    assert 'role="alert"' in success.group(0)
    neutral = re.search(r'<div class="govuk-notification-banner" role="region"[^>]*>', html)
    assert neutral
    assert html.index("Concern recorded.") > html.index('id="main-content"')


def test_title_says_error_when_the_form_has_errors() -> None:
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()

    form = Form(data={})
    form.is_valid()
    html = PAGE.render(signed_in_context(form=form))
    assert "<title>Error: Home \N{EN DASH} Testshire Safeguarding Partnership</title>" in html


def test_back_link_is_in_a_landmark_only_when_given() -> None:
    page = engines["django"].from_string(
        '{% extends "web/base.html" %}{% block title %}Edit{% endblock %}'
        '{% block back_link %}<a href="/x/" class="govuk-back-link">Back</a>{% endblock %}'
    )
    html = page.render(signed_in_context())
    assert '<nav aria-label="Back"><a href="/x/" class="govuk-back-link">Back</a></nav>' in html
    assert 'aria-label="Back"' not in PAGE.render(signed_in_context())


def anonymous_request() -> object:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_500_page_renders_with_no_context_and_no_database() -> None:
    # No django_db mark: pytest-django makes any query here fail the test.
    html = get_template("500.html").template.render(Context({}))
    assert "Sorry, there is a problem with the service" in html
    assert "call 999" in html


@pytest.mark.parametrize(
    ("template", "heading"),
    [
        ("404.html", "Page not found"),
        ("403.html", "You cannot use this page"),
        ("400.html", "Sorry, there is a problem with that request"),
        ("429.html", "Too many attempts"),
        ("403_csrf.html", "The form has expired"),
        ("web/accessibility.html", "Accessibility statement for Vigil"),
        ("web/privacy.html", "Privacy notice"),
    ],
)
@pytest.mark.django_db  # the context processors read the partnership's settings
def test_error_and_content_pages_render_signed_out(template: str, heading: str) -> None:
    html = get_template(template).render({}, anonymous_request())
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html


@pytest.mark.django_db
def test_not_found_gives_the_same_advice_for_missing_and_forbidden() -> None:
    html = get_template("404.html").render({}, anonymous_request())
    assert "If you typed the web address, check it is correct." in html
    assert "contact your designated safeguarding lead or administrator" in html
