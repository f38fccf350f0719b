"""Briefings at sign-in and on the home page, and nowhere else.

After signing in, a person with a must-read briefing they have not read (in its current
version) is taken to "Briefings to read" instead of the home page; the home page reminds them
until they have read it. This is a nudge, deliberately not a block: every other page keeps
working, because a teacher who signs in to record an urgent concern about a child must never
be stopped by a reading task. A sign-in that was on its way somewhere (`?next=`) goes there.

The check costs a few small queries, at sign-in and on the home page only: no middleware and
no context processor runs it on every request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from vigil.accounts.models import Person
from vigil.briefings.policy import report_organisations
from vigil.briefings.selectors import must_read_count


def after_sign_in(request: HttpRequest, default: str) -> str:
    """Where sign-in lands: "Briefings to read" when one must be read, else `default`."""
    person = request.user
    if isinstance(person, Person) and person.is_active and must_read_count(actor=person):
        return reverse("briefings:list")
    return default


def home_context(person: Person) -> dict[str, Any]:
    """The home page's reminder and shortcuts."""
    return {
        "briefings_must_read": must_read_count(actor=person),
        "briefing_reports": bool(report_organisations(person)),
    }
