"""Who may record and see missing episodes (vigil/missing/policy.py): by role and by the
relationship to the child's file, on the one resolver."""

from __future__ import annotations

import pytest
import time_machine

from tests.conftest import World
from tests.factories import child_in, referral_sent
from tests.missing.cases import interviewed, reported, returned
from vigil.accounts.break_glass import break_glass_open
from vigil.children import policy as child_policy
from vigil.children.services import share_create
from vigil.missing import policy, rules
from vigil.missing.models import RepeatFlag

pytestmark = pytest.mark.django_db

EVERYONE = (
    "staff",
    "dsl",
    "deputy",
    "manager",
    "other_dsl",
    "mash",
    "mash_manager",
    "analyst",
    "admin",
    "school_admin",
    "auditor",
    "police",
)


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"])


def _who(world: World, may) -> set[str]:
    return {name for name in EVERYONE if may(world[name])}


def test_recording_is_for_the_childs_organisation(world, child) -> None:
    assert _who(world, lambda p: policy.can_record_for(p, child)) == {
        "staff",
        "dsl",
        "deputy",
        "manager",
    }


def test_the_recorder_and_the_case_leads_see_an_episode(world, child) -> None:
    by_staff = reported(world, child, "2026-11-23T20:00:00Z")
    by_dsl = reported(world, child, "2026-11-23T21:00:00Z", by=world["dsl"])
    leads = {"dsl", "deputy", "manager"}
    assert _who(world, lambda p: policy.can_view(p, by_staff)) == leads | {"staff"}
    assert _who(world, lambda p: policy.can_view(p, by_dsl)) == leads
    assert _who(world, lambda p: policy.can_record_return(p, by_staff)) == leads | {"staff"}
    returned(world, by_staff, "2026-11-24T07:00:00Z")
    by_staff.refresh_from_db()
    assert _who(world, lambda p: policy.can_record_return(p, by_staff)) == set()
    assert _who(world, lambda p: policy.can_record_interview(p, by_staff)) == leads


def test_once_held_no_more_interviews_are_recorded(world, child) -> None:
    episode = reported(world, child, "2026-11-23T20:00:00Z")
    returned(world, episode, "2026-11-24T07:00:00Z")
    episode.refresh_from_db()
    interviewed(world, episode, rules.DECLINED, "2026-11-24T08:00:00Z")
    episode.refresh_from_db()
    assert policy.can_record_interview(world["dsl"], episode)  # the child may change their mind
    interviewed(world, episode, rules.DONE, "2026-11-24T09:00:00Z")
    episode.refresh_from_db()
    assert not policy.can_record_interview(world["dsl"], episode)


def test_a_share_names_entries_never_episodes(world, child) -> None:
    episode = reported(world, child, "2026-11-23T20:00:00Z")
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.other_school,
        entries=[episode.entry],
        reason="The other school asked about the child's missing episode last night.",
    )
    assert child_policy.can_view_file(world["other_dsl"], child)
    assert not policy.can_view(world["other_dsl"], episode)


def test_break_glass_opens_the_whole_file_and_its_episodes(world, child) -> None:
    episode = reported(world, child, "2026-11-23T20:00:00Z")
    assert not policy.can_view(world["other_dsl"], episode)
    break_glass_open(
        actor=world["other_dsl"],
        record=child_policy.record_of(child),
        reason="The police ask where the child may be tonight; the school is closed.",
    )
    assert policy.can_view(world["other_dsl"], episode)
    # Seeing is not recording: the file is another organisation's.
    assert not policy.can_record_return(world["other_dsl"], episode)


def test_a_flag_is_for_the_case_leads_and_the_mash_it_was_raised_to(world, child) -> None:
    referral_sent(world, child=child)
    for day in ("01", "10", "20"):
        reported(world, child, f"2026-11-{day}T20:00:00Z")
    flag = RepeatFlag.objects.get()
    assert _who(world, lambda p: policy.can_view_flag(p, flag)) == {
        "dsl",
        "deputy",
        "manager",
        "mash",
        "mash_manager",
    }


def test_only_the_partnerships_administrators_configure(world) -> None:
    assert _who(world, policy.can_configure) == {"admin"}
