"""A briefing's Markdown becomes HTML that is safe in a page: no scripts, no event handlers,
no javascript: links, no styles; GOV.UK's classes on what is left."""

from __future__ import annotations

import re

import pytest
from django.utils.safestring import SafeString
from hypothesis import given
from hypothesis import strategies as st

from vigil.briefings.rendering import briefing_html, markdown_to_html

ATTACKS = {
    "script tag": "Hello <script>alert('x')</script> there",
    "script in a block": "<script>\nfetch('/api/v1/me')\n</script>\n\nText",
    "javascript link": "[Click me](javascript:alert(1))",
    "javascript link, upper case": "[Click me](JaVaScRiPt:alert(1))",
    "javascript link in raw html": '<a href="javascript:alert(1)">x</a>',
    "event handler on an image": '<img src="x" onerror="alert(1)">',
    "event handler on a link": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "event handler on a paragraph": '<p onmouseover="alert(1)">x</p>',
    "svg with onload": '<svg onload="alert(1)"><circle r="1"/></svg>',
    "iframe": '<iframe src="https://example.org"></iframe>',
    "style tag": "<style>body{display:none}</style>Text",
    "style attribute": '<p style="color:red">x</p>',
    "data url": "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "form": '<form action="https://example.org"><input name="p"></form>',
    "object": '<object data="x.swf"></object>',
    "vbscript": "[x](vbscript:msgbox(1))",
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_nothing_that_runs_survives(name: str) -> None:
    html = markdown_to_html(ATTACKS[name]).lower()
    assert "<script" not in html and "alert(" not in html.replace("alert(1)</", "")
    assert not re.search(r"\son\w+\s*=", html), html
    for gone in ("javascript:", "vbscript:", "data:", "<iframe", "<style", "style=", "<svg"):
        assert gone not in html, (name, html)
    for gone in ("<img", "<form", "<input", "<object"):
        assert gone not in html, (name, html)


def test_script_contents_are_dropped_not_shown() -> None:
    assert "alert" not in markdown_to_html("<script>alert('x')</script>Hello")


def test_markdown_becomes_govuk_markup() -> None:
    html = markdown_to_html(
        "# Heading\n\nSome **bold** text and [a link](https://example.org).\n\n"
        "- one\n- two\n\n1. first\n2. second\n\n> Quoted\n"
    )
    assert '<h2 class="govuk-heading-m">Heading</h2>' in html  # the page's h1 is the title
    assert '<p class="govuk-body">Some <strong>bold</strong>' in html
    assert 'href="https://example.org"' in html and 'class="govuk-link"' in html
    assert 'rel="noopener noreferrer"' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html
    assert '<blockquote class="govuk-inset-text">' in html


def test_a_writers_own_classes_and_ids_are_replaced() -> None:
    html = markdown_to_html('<p class="govuk-panel" id="main-content">x</p>')
    assert 'class="govuk-body"' in html and "govuk-panel" not in html and "id=" not in html


def test_phone_and_mail_links_are_kept() -> None:
    html = markdown_to_html("[Call](tel:01614960123) or [write](mailto:team@northmoor.example)")
    assert 'href="tel:01614960123"' in html and 'href="mailto:team@northmoor.example"' in html


def test_only_the_sanitised_html_is_marked_safe() -> None:
    rendered = briefing_html("<b onclick='x()'>hi</b>")
    assert isinstance(rendered, SafeString) and "onclick" not in rendered


@given(st.text(max_size=300))
def test_no_text_at_all_yields_a_script_or_a_handler(text: str) -> None:
    html = markdown_to_html(text).lower()
    assert "<script" not in html and "javascript:" not in html
    assert not re.search(r"<[^>]*\son\w+\s*=", html)
