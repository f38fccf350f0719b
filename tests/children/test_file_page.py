"""The chronology as the child's file page shows it: every part of an entry, escaped, in London
time, with the links each reader may follow (vigil/children/chronology_html.py)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import World, signed_in
from tests.factories import child_in
from vigil.children.models import EntryKind
from vigil.children.services import NewEntry, entry_append, entry_correct, share_create

pytestmark = pytest.mark.django_db


def entry(world: World, child, title: str, at: datetime, **fields):
    return entry_append(
        actor=world["dsl"],
        role="dsl",
        organisation=world.school,
        child=child,
        entry=NewEntry(kind=EntryKind.NOTE, title=title, occurred_at=at, **fields),
    )


def item(page: str, entry_id) -> str:
    found = re.search(
        rf'<li class="vigil-chronology__entry" id="entry-{entry_id}">(.*?)</li>', page, re.S
    )
    assert found, f"entry {entry_id} is not on the page"
    return found.group(1)


def test_an_entry_shows_when_what_who_and_the_childs_own_words_escaped(world: World) -> None:
    child = child_in(world.school, world["staff"])
    summer = entry(
        world,
        child,
        "Seen <b>at</b> the station",
        datetime(2026, 7, 1, 23, 30, tzinfo=UTC),  # 00:30 on 2 July in London (BST)
        body="First line\nsecond line\n\n<script>alert(1)</script>",
        childs_words='He said "it is fine" & laughed',
    )
    winter = entry(world, child, "Winter note", datetime(2026, 1, 5, 9, 5, tzinfo=UTC))
    page = signed_in(world["dsl"]).get(f"/children/{child.pk}/").content.decode()
    shown = item(page, summer.pk)
    assert "2 July 2026, 00:30: Seen &lt;b&gt;at&lt;/b&gt; the station</h3>" in shown
    assert '<strong class="govuk-tag govuk-tag--grey">Note</strong>' in shown
    assert f"by {world['dsl'].full_name} (dsl, {world.school.name})" in shown
    assert "<p>First line<br>second line</p>" in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<script>" not in shown
    assert "The child's own words:</p><p>He said &quot;it is fine&quot; &amp; laughed</p>" in shown
    assert "5 January 2026, 09:05: Winter note" in item(page, winter.pk)
    # In the order things happened.
    assert page.index(f"entry-{winter.pk}") < page.index(f"entry-{summer.pk}")


def test_a_correction_links_to_the_entry_it_corrects_which_stays(world: World) -> None:
    child = child_in(world.school, world["staff"])
    original = entry(world, child, "Seen on Monday", datetime(2026, 11, 2, 10, tzinfo=UTC))
    fixed = entry_correct(actor=world["dsl"], entry=original, correction="It was Tuesday.")
    page = signed_in(world["dsl"]).get(f"/children/{child.pk}/").content.decode()
    assert "Seen on Monday" in item(page, original.pk)
    assert f'Corrects <a class="govuk-link" href="#entry-{original.pk}">Seen on Monday</a>' in item(
        page, fixed.pk
    )


def test_the_links_beside_an_entry_depend_on_who_reads_and_how(world: World) -> None:
    child = child_in(world.school, world["staff"])
    concern = entry(
        world,
        child,
        "Concern CON-2026-000001",
        datetime(2026, 11, 2, 10, tzinfo=UTC),
        source_type="concern",
        source_id=child.pk,  # any id: the link is built from it
    )
    correct = f"/children/{child.pk}/entries/{concern.pk}/correct/"
    dsl = signed_in(world["dsl"])
    shown = item(dsl.get(f"/children/{child.pk}/").content.decode(), concern.pk)
    assert f'href="/concerns/{child.pk}/">Open the concern' in shown and correct in shown
    printed = item(dsl.get(f"/children/{child.pk}/?print=1").content.decode(), concern.pk)
    assert "Open the concern" in printed and correct not in printed
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.other_school,
        entries=[concern],
        reason="The child is moving to your school next week and this is relevant.",
    )
    other = signed_in(world["other_dsl"]).get(f"/children/{child.pk}/").content.decode()
    shared = item(other, concern.pk)
    assert "Concern CON-2026-000001" in shared
    assert "Open the concern" not in shared and "Correct this entry" not in shared
