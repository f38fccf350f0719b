"""Repeated missing episodes: 3 or more within 90 days (the partnership's rule) are flagged to
the child's DSLs, and to the MASH only when the child has an open referral to it or a share
with it (issue 7). The rule's edges are counted in calendar days in London, both ends in."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tests.conftest import World
from tests.factories import child_in, referral_sent
from tests.missing.cases import reported
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry
from vigil.children.services import share_create
from vigil.missing import rules
from vigil.missing.models import Episode, RepeatFlag
from vigil.missing.services import missing_settings_update
from vigil.notifications.models import Notification
from vigil.referrals import services as referrals

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_2026():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["dsl"], given_names="Testrae", family_name="Example")


def _episodes(world, child, *days: str):
    return [reported(world, child, f"{day}T20:00:00+00:00") for day in days]


def _told(kind: str = "missing-flag") -> set[str]:
    return {n.recipient.username for n in Notification.objects.filter(kind=kind)}


# The pure rule ----------------------------------------------------------------------------


D = date


@pytest.mark.parametrize(
    ("days", "found"),
    [
        ([D(2026, 1, 1), D(2026, 2, 1)], None),
        # 1 January to 31 March is 90 days, both ends in: flagged.
        ([D(2026, 1, 1), D(2026, 2, 15), D(2026, 3, 31)], (D(2026, 1, 1), D(2026, 3, 31))),
        # To 1 April is 91 days: not.
        ([D(2026, 1, 1), D(2026, 2, 15), D(2026, 4, 1)], None),
        # Any run of three, not only the first three.
        (
            [D(2025, 6, 1), D(2026, 1, 1), D(2026, 2, 15), D(2026, 3, 1)],
            (D(2026, 1, 1), D(2026, 3, 1)),
        ),
        # Recorded out of order, the same.
        ([D(2026, 3, 31), D(2026, 1, 1), D(2026, 2, 15)], (D(2026, 1, 1), D(2026, 3, 31))),
        # Two on the same day count twice.
        ([D(2026, 5, 2), D(2026, 5, 2), D(2026, 5, 3)], (D(2026, 5, 2), D(2026, 5, 3))),
    ],
)
def test_the_window_of_the_rule(days, found) -> None:
    assert rules.repeated_window(days, episodes=3, within_days=90) == found


# Flags as the service raises them ---------------------------------------------------------


def test_two_episodes_are_not_flagged_and_the_third_within_90_days_is(world, child) -> None:
    _episodes(world, child, "2026-08-27", "2026-10-01")
    assert not RepeatFlag.objects.exists()
    third = reported(world, child, "2026-11-24T08:00:00+00:00")
    flag = RepeatFlag.objects.get()
    assert (flag.episodes, flag.within_days) == (3, 90)
    assert (flag.first_day, flag.last_day) == (date(2026, 8, 27), date(2026, 11, 24))
    assert flag.mash is None and flag.organisation == world.school
    third.refresh_from_db()
    assert third.flag == flag
    # On the chronology, the audit log; the DSLs told with a link only; not the MASH.
    entry = ChronologyEntry.objects.get(source_type="missing-flag", source_id=flag.pk)
    assert entry.title == "Repeated missing episodes: 3 within 90 days"
    assert AuditEvent.objects.filter(verb="missing-flag.raise", object_id=str(flag.pk))
    assert _told() == {"dsl", "deputy"}
    assert {n.link for n in Notification.objects.filter(kind="missing-flag")} == {
        f"/missing/flags/{flag.pk}/"
    }


def test_the_third_on_the_91st_day_is_not_flagged(world, child) -> None:
    # 25 August to 23 November: 91 days, both ends in.
    _episodes(world, child, "2026-08-25", "2026-10-01", "2026-11-23")
    assert not RepeatFlag.objects.exists()


def test_a_day_is_londons_day(world, child) -> None:
    # 23:30 on 25 August in London is 22:30 UTC: the 25th, 91 days to 23 November.
    reported(world, child, "2026-08-25T22:30:00+00:00")
    _episodes(world, child, "2026-10-01", "2026-11-23")
    assert not RepeatFlag.objects.exists()
    # 00:30 on 26 August in London is 23:30 UTC on the 25th: 90 days, flagged.
    other = child_in(world.school, world["dsl"], given_names="Testroe", family_name="Example")
    reported(world, other, "2026-08-25T23:30:00+00:00")
    _episodes(world, other, "2026-10-01", "2026-11-23")
    assert RepeatFlag.objects.get().first_day == date(2026, 8, 26)


def test_each_flag_stands_for_a_new_run(world, child) -> None:
    _episodes(world, child, "2026-06-01", "2026-06-10", "2026-06-20")
    assert RepeatFlag.objects.count() == 1
    # The fourth is in the flagged run's 90 days: no second flag for the same run.
    _episodes(world, child, "2026-07-01", "2026-07-15")
    assert RepeatFlag.objects.count() == 1
    _episodes(world, child, "2026-08-01")
    second = RepeatFlag.objects.order_by("raised_at", "last_day").last()
    assert RepeatFlag.objects.count() == 2
    assert (second.first_day, second.last_day) == (date(2026, 7, 1), date(2026, 8, 1))


def test_the_rule_is_the_partnerships(world, child) -> None:
    missing_settings_update(actor=world["admin"], version=1, repeat_episodes=2, repeat_days=30)
    _episodes(world, child, "2026-10-01")
    assert not RepeatFlag.objects.exists()
    _episodes(world, child, "2026-10-30")
    flag = RepeatFlag.objects.get()
    assert (flag.episodes, flag.within_days) == (2, 30)
    assert AuditEvent.objects.filter(verb="missing-settings.update").exists()


def test_only_the_partnerships_administrators_change_the_rule(world) -> None:
    from django.core.exceptions import PermissionDenied, ValidationError

    for person in ("school_admin", "dsl", "manager"):
        with pytest.raises(PermissionDenied):
            missing_settings_update(
                actor=world[person], version=1, repeat_episodes=2, repeat_days=30
            )
    with pytest.raises(ValidationError) as refused:
        missing_settings_update(actor=world["admin"], version=1, repeat_episodes=1, repeat_days=0)
    assert set(refused.value.message_dict) == {"repeat_episodes", "repeat_days"}


# The MASH ---------------------------------------------------------------------------------


def _third_episode(world, child) -> RepeatFlag:
    _episodes(world, child, "2026-11-01", "2026-11-10", "2026-11-20")
    return RepeatFlag.objects.get(child=child)


def test_the_mash_is_told_when_the_child_has_an_open_referral_to_it(world, child) -> None:
    referral_sent(world, child=child)
    flag = _third_episode(world, child)
    assert flag.mash == world.mash
    assert _told() == {"dsl", "deputy", "mash", "mashmanager"}
    assert "and the MASH" in flag.entry.body


def test_not_when_the_referral_is_withdrawn(world, child) -> None:
    referral = referral_sent(world, child=child)
    referrals.referral_withdraw(
        actor=world["dsl"], referral=referral, version=referral.version, reason="Wrong child."
    )
    assert _third_episode(world, child).mash is None
    assert _told() == {"dsl", "deputy"}


def test_not_when_the_referral_is_only_a_draft(world, child) -> None:
    referrals.referral_start(actor=world["dsl"], child=child)
    assert _third_episode(world, child).mash is None


def test_the_mash_is_told_when_the_file_was_shared_with_it(world, child) -> None:
    first = reported(world, child, "2026-10-01T20:00:00+00:00")
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.mash,
        entries=[first.entry],
        reason="The MASH asked what we know about the child's missing episodes.",
    )
    _episodes(world, child, "2026-10-15", "2026-11-01")
    assert RepeatFlag.objects.get().mash == world.mash
    assert "mash" in _told()


def test_not_when_the_file_was_shared_with_someone_else(world, child) -> None:
    first = reported(world, child, "2026-10-01T20:00:00+00:00")
    share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.police,
        entries=[first.entry],
        reason="The police asked what we know about the child's missing episodes.",
    )
    _episodes(world, child, "2026-10-15", "2026-11-01")
    assert RepeatFlag.objects.get().mash is None
    assert _told() == {"dsl", "deputy"}


def test_another_childs_referral_does_not_count(world, child) -> None:
    referral_sent(world)
    assert _third_episode(world, child).mash is None
    assert Episode.objects.filter(child=child).count() == 3
