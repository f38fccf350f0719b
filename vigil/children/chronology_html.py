"""The chronology's entries as HTML for the child's file, rendered in Python.

The file shows up to 100 entries a page. Through Django's template engine they were most of the
page's time (about 2,000 variable lookups and 200 `date` filters a page: bench/README.md), so
the entry, the one part repeated a hundred times, is built here with `format_html`, which
escapes every value as the template engine would; the rest of the page stays a template. The
markup is the same as before (GOV.UK classes; each entry an `<li>` with its anchor) and
tests/children/test_file_page.py holds it to that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.utils.html import format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from vigil.children.models import ChronologyEntry, EntryKind
from vigil.core.calendar import LONDON

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
KIND_LABELS = dict(EntryKind.choices)


@dataclass(frozen=True)
class Showing:
    """What the page offers beside each entry."""

    child_id: object
    concern_links: bool  # "Open the concern" (not on shared-only files)
    corrections: bool  # "Correct this entry" (not when printing)


def london(moment: datetime) -> str:
    """`24 November 2026, 09:05` in London time: the page's `j F Y, H:i`."""
    local = moment.astimezone(LONDON)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def entries_html(entries: Iterable[ChronologyEntry], showing: Showing) -> SafeString:
    return mark_safe("\n".join(_entry(entry, showing) for entry in entries))  # noqa: S308


def _entry(entry: ChronologyEntry, showing: Showing) -> str:
    parts: list[str] = [
        format_html(
            '<li class="vigil-chronology__entry" id="entry-{}">'
            '<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{}: {}</h3>'
            '<p class="govuk-body-s govuk-!-margin-bottom-1">'
            '<strong class="govuk-tag govuk-tag--grey">{}</strong> Recorded {} by {} ({}, {})</p>',
            entry.pk,
            london(entry.occurred_at),
            entry.title,
            KIND_LABELS.get(entry.kind, entry.kind),
            london(entry.recorded_at),
            entry.recorded_by.full_name,
            entry.recorder_role,
            entry.organisation.name,
        )
    ]
    if entry.corrects_id:
        parts.append(
            format_html(
                '<p class="govuk-body-s">Corrects <a class="govuk-link" href="#entry-{}">{}</a>,'
                " which stays as it was recorded.</p>",
                entry.corrects_id,
                entry.corrects.title if entry.corrects else "",
            )
        )
    if entry.body:
        parts.append(format_html('<div class="govuk-body">{}</div>', _paragraphs(entry.body)))
    if entry.childs_words:
        parts.append(
            format_html(
                '<blockquote class="vigil-childs-words"><p class="govuk-body-s '
                "govuk-!-margin-bottom-1\">The child's own words:</p>{}</blockquote>",
                _paragraphs(entry.childs_words),
            )
        )
    if entry.source_type == "concern" and entry.source_id and showing.concern_links:
        parts.append(
            format_html(
                '<p class="govuk-body-s vigil-no-print"><a class="govuk-link" '
                'href="/concerns/{}/">Open the concern</a></p>',
                entry.source_id,
            )
        )
    if showing.corrections:
        parts.append(
            format_html(
                '<p class="govuk-body-s vigil-no-print"><a class="govuk-link" '
                'href="/children/{}/entries/{}/correct/">Correct this entry'
                '<span class="govuk-visually-hidden">: {}</span></a></p>',
                showing.child_id,
                entry.pk,
                entry.title,
            )
        )
    parts.append("</li>")
    return "".join(parts)


def _paragraphs(text: str) -> SafeString:
    """The template's `linebreaks`: paragraphs and line breaks, escaped."""
    return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308
