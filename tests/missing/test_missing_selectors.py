"""Reading missing episodes, scoped to the person (vigil/missing/selectors.py)."""

from __future__ import annotations

import uuid

import pytest
import time_machine
from django.http import Http404

from tests.conftest import World
from tests.factories import child_in, referral_sent
from tests.missing.cases import interviewed, reported, returned
from vigil.audit.models import AuditEvent, Log
from vigil.children import selectors as children
from vigil.children.services import share_create
from vigil.missing import rules, selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"], given_names="Testzoe", family_name="Example")


def test_opening_an_episode_is_on_the_access_log(world, child) -> None:
    episode = reported(world, child, "2026-11-23T20:00:00Z")
    found = selectors.episode_open(actor=world["deputy"], episode_id=episode.pk)
    assert found.episode == episode and found.interviews == [] and found.clock is None
    logged = AuditEvent.objects.get(log=Log.ACCESS, verb="missing-episode.view")
    assert logged.actor == str(world["deputy"].pk) and logged.object_id == str(episode.pk)


def test_an_episode_one_may_not_see_is_as_one_that_does_not_exist(world, child) -> None:
    episode = reported(world, child, "2026-11-23T20:00:00Z", by=world["dsl"])
    for person, episode_id in (
        (world["staff"], episode.pk),  # recorded by someone else
        (world["other_dsl"], episode.pk),
        (world["dsl"], uuid.uuid4()),
    ):
        with pytest.raises(Http404):
            selectors.episode_open(actor=person, episode_id=episode_id)
    assert not AuditEvent.objects.filter(log=Log.ACCESS).exists()


def test_the_lists_are_scoped(world, child) -> None:
    mine = reported(world, child, "2026-11-23T20:00:00Z")
    theirs = reported(world, child, "2026-11-23T21:00:00Z", by=world["dsl"])
    elsewhere = reported(
        world,
        child_in(world.other_school, world["other_dsl"]),
        "2026-11-23T22:00:00Z",
        by=world["other_dsl"],
    )
    assert list(selectors.episodes_visible_to(actor=world["staff"])) == [mine]
    assert list(selectors.episodes_visible_to(actor=world["manager"])) == [theirs, mine]
    assert list(selectors.episodes_visible_to(actor=world["other_dsl"])) == [elsewhere]
    assert list(selectors.episodes_visible_to(actor=world["mash"])) == []


def test_interviews_due_overdue_first_until_declined_or_held(world, child) -> None:
    first = reported(world, child, "2026-11-18T20:00:00Z")
    returned(world, first, "2026-11-19T08:00:00Z")
    second = reported(world, child, "2026-11-22T20:00:00Z")
    returned(world, second, "2026-11-23T08:00:00Z")
    third = reported(world, child, "2026-11-20T20:00:00Z")
    returned(world, third, "2026-11-21T08:00:00Z")
    still_missing = reported(world, child, "2026-11-24T06:00:00Z")
    due = list(selectors.interviews_due(actor=world["dsl"]))
    assert due == [first, third, second] and still_missing not in due
    assert due[0].due_at.isoformat() == "2026-11-22T08:00:00+00:00"
    overdue = selectors.interviews_due(actor=world["dsl"], overdue_only=True)
    assert list(overdue) == [first, third]
    interviewed(world, first, rules.OFFERED, "2026-11-20T09:00:00Z")
    assert first in selectors.interviews_due(actor=world["dsl"])  # an offer is not the end
    interviewed(world, first, rules.DECLINED, "2026-11-21T09:00:00Z")
    interviewed(world, third, rules.DONE, "2026-11-22T09:00:00Z")
    assert list(selectors.interviews_due(actor=world["manager"])) == [second]
    assert list(selectors.interviews_due(actor=world["staff"])) == []


def test_the_file_section_is_one_query_and_none_through_a_share(
    world, child, django_assert_num_queries
) -> None:
    for day in range(1, 13):
        reported(world, child, f"2026-11-{day:02d}T20:00:00Z")
    file = children.child_file_check(actor=world["dsl"], child_id=child.pk)
    with django_assert_num_queries(1):
        shown = selectors.episodes_on_file(actor=world["dsl"], file=file)
        flagged = [e.flag.episodes for e in shown if e.flag]
    assert len(shown) == selectors.ON_FILE + 1 and flagged == [3, 3, 3, 3]
    assert shown[0].missing_since.day == 12
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.other_school,
        entries=[shown[0].entry],
        reason="The other school asked about the child's missing episodes this month.",
    )
    shared = children.child_file_check(actor=world["other_dsl"], child_id=child.pk)
    assert (
        shared.shared_only
        and selectors.episodes_on_file(actor=world["other_dsl"], file=shared) == []
    )


def test_a_childs_episodes_for_the_files_readers_only(world, child) -> None:
    reported(world, child, "2026-11-23T20:00:00Z")
    assert selectors.episodes_of_child(actor=world["dsl"], child_id=child.pk).count() == 1
    for person in ("staff", "other_dsl", "mash"):
        with pytest.raises(Http404):
            selectors.episodes_of_child(actor=world[person], child_id=child.pk)


def test_flags_for_the_dsls_and_the_mash_they_were_raised_to(world, child) -> None:
    referral_sent(world, child=child)
    for day in ("01", "10", "20"):
        reported(world, child, f"2026-11-{day}T20:00:00Z")
    other = child_in(world.school, world["staff"], given_names="Testuma", family_name="Example")
    for day in ("02", "11", "21"):
        reported(world, other, f"2026-11-{day}T20:00:00Z")
    assert selectors.flags_visible_to(actor=world["deputy"]).count() == 2
    (to_mash,) = selectors.flags_visible_to(actor=world["mash"])
    assert to_mash.child == child
    assert selectors.flags_visible_to(actor=world["other_dsl"]).count() == 0
    page = selectors.flag_open(actor=world["mash"], flag_id=to_mash.pk)
    assert len(page.episodes) == 3 and not page.episode_links
    assert AuditEvent.objects.filter(log=Log.ACCESS, verb="missing-flag.view").exists()
    with pytest.raises(Http404):
        selectors.flag_open(
            actor=world["mash"],
            flag_id=selectors.flags_visible_to(actor=world["dsl"]).exclude(pk=to_mash.pk).get().pk,
        )
