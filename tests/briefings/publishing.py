"""Briefings for tests: published through the services, as an administrator would."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.conftest import World
from vigil.briefings.models import Briefing
from vigil.briefings.services import briefing_publish, briefing_update

BODY = (
    "## What it is\n\nChild sexual exploitation is child sexual abuse.\n\n"
    "- Going missing\n- Gifts that cannot be explained\n"
)
QUESTIONS = ["Would I notice the signs?", "Who is our DSL today?"]


def published(world: World, **fields: object) -> Briefing:
    """A must-read briefing for everyone working in schools, unless `fields` say otherwise."""
    values: dict[str, object] = {
        "title": "Recognising exploitation",
        "body": BODY,
        "questions": QUESTIONS,
        "audience_roles": ["staff", "dsl", "deputy-dsl", "manager"],
        "audience_kinds": ["school"],
        "must_read_by": timezone.localdate() + timedelta(days=14),
    }
    values.update(fields)
    return briefing_publish(actor=world["admin"], **values)  # type: ignore[arg-type]


def new_version(world: World, briefing: Briefing, body: str = BODY + "\nA new paragraph.\n"):
    briefing.refresh_from_db()
    return briefing_update(
        actor=world["admin"], briefing=briefing, version=briefing.version, body=body
    )
