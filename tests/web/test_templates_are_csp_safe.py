"""Every template works under the strict Content Security Policy and carries no GOV.UK branding.

The policy allows scripts only from our own origin (with the page's nonce) and styles only from
our stylesheet: an inline style attribute, a <style> block, an inline event handler or an inline
script would be silently blocked in the browser, so they must never be written.
"""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest

import vigil.web

TEMPLATES = Path(vigil.web.__file__).parent / "templates"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)


def templates() -> list[Path]:
    found = sorted(TEMPLATES.rglob("*.html"))
    assert found, f"no templates under {TEMPLATES}"
    return found


def markup(path: Path) -> str:
    """The template without its comments (which never reach the browser)."""
    return COMMENTS.sub("", path.read_text(encoding="utf-8"))


def ids(paths: list[Path]) -> list[str]:
    return [str(path.relative_to(TEMPLATES)) for path in paths]


BRANDING = (
    "GOV.UK",
    "govuk-header__logotype",
    "govuk-logo",
    "govuk-footer__crown",
    "govuk-footer__licence",
    "GDS Transport",
)


def problems(text: str) -> list[str]:
    """What in this template's markup the CSP would block, or only GOV.UK may show."""
    found = []
    if re.search(r"\sstyle\s*=", text, re.I):
        found.append("inline style attribute")
    if re.search(r"<style\b", text, re.I):
        found.append("<style> block")
    for tag in re.findall(r"<script\b[^>]*>", text, re.I):
        if 'type="application/json"' in tag:
            continue  # data, never executed
        if "src=" not in tag:
            found.append(f"inline script: {tag}")
        elif 'nonce="{{ CSP_NONCE }}"' not in tag:
            found.append(f"script without the nonce: {tag}")
    if re.search(r"<[^>]+\son[a-z]+\s*=", text, re.I):
        found.append("inline event handler")
    if "javascript:" in text.lower():
        found.append("javascript: URL")
    found.extend(f"branding: {mark}" for mark in BRANDING if mark in text)
    return found


@pytest.mark.parametrize("path", templates(), ids=ids(templates()))
def test_template_is_csp_safe_and_unbranded(path: Path) -> None:
    assert problems(markup(path)) == []


def test_the_scan_finds_what_it_forbids(tmp_path: Path) -> None:
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<style>p{}</style><p style="color:red" onclick="go()">GOV.UK</p>'
        '<script>alert(1)</script><script src="/x.js"></script>'
        '<script type="application/json">{}</script>'
        "{# GDS Transport #}{% comment %}govuk-logo{% endcomment %}"
    )
    assert problems(markup(bad)) == [
        "inline style attribute",
        "<style> block",
        "inline script: <script>",
        'script without the nonce: <script src="/x.js">',
        "inline event handler",
        "branding: GOV.UK",
    ]


def test_every_allauth_element_and_layout_is_overridden() -> None:
    for folder in ("allauth/elements", "allauth/layouts"):
        theirs = {p.name for p in (ALLAUTH_TEMPLATES / folder).glob("*.html")}
        ours = {p.name for p in (TEMPLATES / folder).glob("*.html")}
        assert theirs <= ours, f"not in GOV.UK style: {sorted(theirs - ours)}"


@pytest.mark.parametrize(
    "name",
    [
        "account/login.html",
        "account/logout.html",
        "account/password_reset.html",
        "account/password_reset_done.html",
        "account/password_reset_from_key.html",
        "account/password_reset_from_key_done.html",
        "account/password_change.html",
        "account/account_inactive.html",
        "account/reauthenticate.html",
        "mfa/authenticate.html",
        "mfa/index.html",
        "mfa/reauthenticate.html",
        "mfa/totp/activate_form.html",
        "mfa/totp/deactivate_form.html",
        "mfa/recovery_codes/index.html",
        "mfa/recovery_codes/generate.html",
        "mfa/webauthn/add_form.html",
        "mfa/webauthn/authenticator_list.html",
        "mfa/webauthn/edit_form.html",
        "mfa/webauthn/authenticator_confirm_delete.html",
        "mfa/webauthn/reauthenticate.html",
        "mfa/webauthn/snippets/scripts.html",
        "accounts/locked_out.html",
    ],
)
def test_the_pages_people_see_have_our_own_wording(name: str) -> None:
    assert (TEMPLATES / name).is_file()
