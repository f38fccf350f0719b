"""The child's file pages with a share: the receiving DSLs read what was shared and nothing
more; they cannot change, share on or correct another organisation's file."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import World, signed_in
from tests.factories import child_in
from vigil.children.models import EntryKind
from vigil.children.services import NewEntry, entry_append, share_create

pytestmark = pytest.mark.django_db


def test_shared_is_a_relationship_of_its_own_in_the_pages(world: World) -> None:
    child = child_in(world.school, world["staff"])
    entries = [
        entry_append(
            actor=world["dsl"],
            role="dsl",
            organisation=world.school,
            child=child,
            entry=NewEntry(kind=EntryKind.NOTE, title=title, occurred_at=timezone.now()),
        )
        for title in ("Shared note", "Private note")
    ]
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.other_school,
        entries=entries[:1],
        reason="Moving to your school; you need the history.",
    )
    other = signed_in(world["other_dsl"])
    page = other.get(f"/children/{child.pk}/").content.decode()
    assert "Shared note" in page and "Private note" not in page
    assert "shared some entries of this file" in page
    for path in ("edit/", "share/", f"entries/{entries[0].pk}/correct/"):
        assert other.get(f"/children/{child.pk}/{path}").status_code == 404
    listing = other.get("/children/").content.decode()
    assert child.full_name in listing  # under "Shared with your organisation"
    # The school's own manager still sees everything; staff still see nothing of the file.
    assert (
        "Private note" in signed_in(world["manager"]).get(f"/children/{child.pk}/").content.decode()
    )
    assert signed_in(world["staff"]).get(f"/children/{child.pk}/").status_code == 404
