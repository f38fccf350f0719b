"""A briefing's Markdown as HTML that is safe to put in a page.

The administrator writes Markdown; `markdown` turns it into HTML (passing any raw HTML in it
through), and `nh3` then keeps only the few tags a briefing needs, with GOV.UK's classes set on
them: no scripts or styles, no event handlers, no `style` or `class` of the writer's, and links
only to http(s), mailto and tel addresses. Only nh3's output is ever marked safe. The page's
Content Security Policy forbids inline scripts and styles as well.

A level-one heading (`#`) becomes a level-two heading: the page's own heading is the title.
"""

from __future__ import annotations

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

_CLASSES = {
    "h2": "govuk-heading-m",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "a": "govuk-link",
    "blockquote": "govuk-inset-text",
    "hr": "govuk-section-break govuk-section-break--m govuk-section-break--visible",
}
TAGS = frozenset({*_CLASSES, "li", "strong", "em", "code", "pre", "br"})
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
# Removed with everything inside them, not just their tags.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "noscript"})
_LEVEL_ONE = re.compile(r"<(/?)h1\b", re.IGNORECASE)


def markdown_to_html(text: str) -> str:
    """The Markdown as sanitised HTML (a plain string: see `briefing_html` for templates)."""
    raw = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return nh3.clean(
        _LEVEL_ONE.sub(r"<\1h2", raw),
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={"a": {"href"}},
        set_tag_attribute_values={tag: {"class": names} for tag, names in _CLASSES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def briefing_html(text: str) -> SafeString:
    """For a template: the sanitised HTML, and only that, marked safe."""
    # nh3 has removed everything but the tags and attributes listed above.
    return mark_safe(markdown_to_html(text))  # noqa: S308  # nosec B308 B703
