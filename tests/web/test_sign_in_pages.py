"""allauth's pages in Vigil's words and layout: signing in, the second step, sign-in security."""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.forms import LoginForm
from django import forms
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.template.loader import render_to_string
from django.test import RequestFactory

SUPPORTED = ["totp", "recovery_codes", "webauthn"]


def login_request() -> object:
    request = RequestFactory().get("/accounts/login/")
    request.session = SessionStore()
    return request


class CodeForm(forms.Form):
    code = forms.CharField(label="Code", widget=forms.TextInput(attrs={"placeholder": "Code"}))


class CredentialForm(forms.Form):
    credential = forms.JSONField(widget=forms.HiddenInput)


def test_sign_in_has_no_sign_up_and_offers_a_password_reset() -> None:
    form = LoginForm(request=login_request())
    html = render_to_string("account/login.html", {"form": form, "redirect_field": ""})
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in html
    assert not re.search(r"sign[ -]?up", html, re.I)
    assert 'href="/accounts/password/reset/">Forgotten your password?</a>' in html
    assert 'for="id_login">Username</label>' in html


def test_sign_in_errors_are_summarised() -> None:
    form = LoginForm(data={"login": "someone", "password": ""}, request=login_request())
    assert not form.is_valid()
    html = render_to_string("account/login.html", {"form": form, "redirect_field": ""})
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_password">This field is required.</a>' in html


@pytest.mark.django_db
def test_sign_in_page_is_served_with_the_policy_nonce(client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Forgotten your password?" in html
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(f'nonce="{nonce}"' in script for script in scripts)


def authenticate_page(allowed: list[object]) -> str:
    form = CodeForm()
    context = {
        "form": form,
        "webauthn_form": CredentialForm(),
        "js_data": {"request_options": {"publicKey": {"allowCredentials": allowed}}},
        "MFA_SUPPORTED_TYPES": SUPPORTED,
        "CSP_NONCE": "n0nce",
    }
    return render_to_string("mfa/authenticate.html", context)


def test_second_step_asks_for_the_code_as_the_page_heading() -> None:
    html = authenticate_page([])
    assert re.search(
        r'<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" '
        r'for="id_code">Enter the 6-digit code from your authenticator app</label></h1>',
        html,
    )
    assert "recovery codes in the box instead" in html
    assert "placeholder" not in html


def test_security_key_is_offered_only_to_someone_who_has_one() -> None:
    without = authenticate_page([])
    assert "security key" not in without.lower()
    assert "webauthn.js" not in without
    with_key = authenticate_page([{"type": "public-key", "id": "abc"}])
    assert 'id="mfa_webauthn_authenticate"' in with_key
    assert '<script src="/static/mfa/js/webauthn.js" nonce="n0nce"></script>' in with_key
    assert 'data-allauth-onload="allauth.webauthn.forms.authenticateForm"' in with_key
    assert '<script id="js_data" type="application/json">' in with_key


class RecoveryCodes:
    def generate_codes(self) -> list[str]:
        return ["a"] * 10

    def get_unused_codes(self) -> list[str]:
        return ["a"] * 7


def security_page(*, passkeys_offered: bool) -> str:
    context = {
        "authenticators": {"totp": object(), "recovery_codes": RecoveryCodes()},
        "MFA_SUPPORTED_TYPES": SUPPORTED,
        "is_mfa_enabled": True,
        "passkeys_offered": passkeys_offered,
    }
    return render_to_string("mfa/index.html", context)


def test_sign_in_security_page() -> None:
    html = security_page(passkeys_offered=False)
    assert '<h1 class="govuk-heading-l">Sign-in security</h1>' in html
    assert "You have 7 of 10 recovery codes left." in html
    assert 'href="/accounts/2fa/recovery-codes/generate/"' in html
    assert "Security keys" not in html
    assert "Security keys and passkeys" in security_page(passkeys_offered=True)


def test_authenticator_set_up_shows_the_qr_code_and_the_key_as_text() -> None:
    form = CodeForm()
    form.secret = "JBSWY3DPEHPK3PXPJBSWY3DP"
    html = render_to_string(
        "mfa/totp/activate_form.html",
        {
            "form": form,
            "totp_svg_data_uri": "data:image/svg+xml;base64,AAAA",
            "totp_url": "otpauth://x",
        },
    )
    image = re.search(r"<img [^>]*>", html).group(0)
    assert 'src="data:image/svg+xml;base64,AAAA"' in image
    assert re.search(r'alt="QR code to add your account to an authenticator app[^"]+"', image)
    assert "JBSW Y3DP EHPK 3PXP JBSW Y3DP" in html
    assert 'inputmode="numeric"' in html


def test_lock_out_page_reveals_nothing_about_the_account() -> None:
    html = render_to_string(
        "accounts/locked_out.html",
        {"username": "dsl.example", "cooloff_timedelta": datetime.timedelta(minutes=15)},
    )
    assert "dsl.example" not in html
    assert "Wait 15 minutes, then try again." in html
    assert "call 999" in html


class Passwords(forms.Form):
    password1 = forms.CharField(widget=forms.PasswordInput)
    password2 = forms.CharField(widget=forms.PasswordInput)


def test_password_from_link_reads_right_for_a_new_account_and_a_reset() -> None:
    """A new person's set-up link and a reset link both arrive at this page."""
    context = {"form": Passwords(), "action_url": "/accounts/x/"}
    html = render_to_string("account/password_reset_from_key.html", context)
    assert '<h1 class="govuk-heading-l">Choose your password</h1>' in html
    assert "reset" not in html.lower()
    failed = render_to_string("account/password_reset_from_key.html", {"token_fail": True})
    assert '<h1 class="govuk-heading-l">This link does not work</h1>' in failed
    assert "ask for a new link" in failed
    assert "set up your new account" in failed


@pytest.mark.django_db
def test_sign_in_security_page_is_served(world, client_for) -> None:
    response = client_for(world["dsl"]).get("/accounts/2fa/")
    assert response.status_code == 200
    assert "Sign-in security" in response.content.decode()
