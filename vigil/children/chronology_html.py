"""The chronology's entries as HTML for the child's file, rendered in Python.

The file shows up to 100 entries a page. Through Django's template engine they were most of the
page's time (about 2,000 variable lookups and 200 `date` filters a page: bench/README.md), so
the entry, the one part repeated a hundred times, is built here, every value escaped as the
template engine escapes it; the rest of the page stays a template. The
markup is the same as before (GOV.UK classes; each entry an `<li>` with its anchor) and
tests/children/test_file_page.py holds it to that.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from html import escape

from django.utils.html import linebreaks
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
# The record an entry is about, by its source type: where to open it, and the link's words.
SOURCE_LINKS = {
    "concern": ("/concerns/{}/", "Open the concern"),
    "missing-episode": ("/missing/episodes/{}/", "Open the missing episode"),
    "missing-return": ("/missing/episodes/{}/", "Open the missing episode"),
    "missing-flag": ("/missing/flags/{}/", "Open the flag"),
}


@dataclass(frozen=True)
class Showing:
    """What the page offers beside each entry."""

    child_id: object
    concern_links: bool  # "Open the concern", the episode... (not on shared-only files)
    corrections: bool  # "Correct this entry" (not when printing)


def london(moment: datetime) -> str:
    """`24 November 2026, 09:05` in London time: the page's `j F Y, H:i`."""
    local = moment.astimezone(LONDON)
    return f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"


def entries_html(entries: Iterable[ChronologyEntry], showing: Showing) -> SafeString:
    # Safe: `_entry` escapes every value it puts in its markup.
    return mark_safe("\n".join(_entry(entry, showing) for entry in entries))  # noqa: S308  # nosec B308 B703


def _entry(entry: ChronologyEntry, showing: Showing) -> str:
    """One entry; every value through `escape` (the standard library's, which Django's own
    `escape` calls, without its lazy-string wrapper: it runs a thousand times a page)."""
    title = escape(entry.title)
    parts = [
        f'<li class="vigil-chronology__entry" id="entry-{entry.pk}">'
        f'<h3 class="govuk-heading-s govuk-!-margin-bottom-1">{london(entry.occurred_at)}: '
        f"{title}</h3>"
        '<p class="govuk-body-s govuk-!-margin-bottom-1"><strong class="govuk-tag '
        f'govuk-tag--grey">{escape(KIND_LABELS.get(entry.kind, entry.kind))}</strong> Recorded '
        f"{london(entry.recorded_at)} by {escape(entry.recorded_by.full_name)} "
        f"({escape(entry.recorder_role)}, {escape(entry.organisation.name)})</p>"
    ]
    if entry.corrects_id:
        corrected = escape(entry.corrects.title) if entry.corrects else ""
        parts.append(
            f'<p class="govuk-body-s">Corrects <a class="govuk-link" '
            f'href="#entry-{entry.corrects_id}">{corrected}</a>, which stays as it was '
            "recorded.</p>"
        )
    if entry.body:
        parts.append(f'<div class="govuk-body">{linebreaks(entry.body, autoescape=True)}</div>')
    if entry.childs_words:
        parts.append(
            '<blockquote class="vigil-childs-words"><p class="govuk-body-s '
            "govuk-!-margin-bottom-1\">The child's own words:</p>"
            f"{linebreaks(entry.childs_words, autoescape=True)}</blockquote>"
        )
    link = SOURCE_LINKS.get(entry.source_type)
    if link and entry.source_id and showing.concern_links:
        parts.append(
            '<p class="govuk-body-s vigil-no-print"><a class="govuk-link" '
            f'href="{link[0].format(entry.source_id)}">{link[1]}</a></p>'
        )
    if showing.corrections:
        parts.append(
            '<p class="govuk-body-s vigil-no-print"><a class="govuk-link" '
            f'href="/children/{showing.child_id}/entries/{entry.pk}/correct/">Correct this '
            f'entry<span class="govuk-visually-hidden">: {title}</span></a></p>'
        )
    parts.append("</li>")
    return "".join(parts)
