"""Each absence pattern at its threshold's edges, raised once, and acted on: dismissed with a
reason, or turned into a concern in one step. Time is fixed with time-machine (TODAY, noon)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.attendance.marks import NOON, TODAY, imported, school_days, sessions, upn
from tests.factories import child_in, referral_sent
from vigil.attendance.models import AbsenceFlag, FlagState
from vigil.attendance.patterns import Thresholds
from vigil.attendance.services import flag_dismiss, flag_to_concern, flags_raise
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry, EntryKind
from vigil.core.versioning import EditConflictError
from vigil.notifications.models import Notification
from vigil.screening.models import Screening, State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_noon")]


@pytest.fixture
def _noon():
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def pupil(world):
    return child_in(world.school, world["dsl"], upn=upn(1))


def _kinds(flags) -> list[str]:
    return sorted(flag.kind for flag in flags)


def _codes(attending: int, absent: int, not_counted: int = 0) -> str:
    return "/" * attending + "O" * absent + "#" * not_counted


def screened(child, by, level: str, days_ago: int = 10) -> Screening:
    """A final screening of the child at `level` (judged), finalised `days_ago`."""
    when = timezone.now() - timedelta(days=days_ago)
    return Screening.objects.create(
        reference=f"SCR-TEST-{uuid.uuid4().hex[:8]}",
        child=child,
        organisation=child.organisation,
        instrument="cse-1",
        assessed_on=when.date(),
        state=State.FINAL,
        started_by=by,
        started_at=when,
        computed_level=level,
        judged_level=level,
        judged_by=by,
        judged_at=when,
        finalised_at=when,
    )


# Persistent absence: under 90% of the possible sessions among the last 60 with marks.


@pytest.mark.parametrize(
    ("attending", "absent", "not_counted", "flagged"),
    [
        (54, 6, 0, False),  # 90% exactly
        (53, 7, 0, True),  # 88.3%
        (52, 5, 3, False),  # 52 of 57 possible: 91.2%
        (51, 6, 3, True),  # 51 of 57 possible: 89.5%
    ],
)
def test_persistent_absence_at_ninety_percent(
    world, pupil, attending, absent, not_counted, flagged
) -> None:
    codes = _codes(attending, absent, not_counted)
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), codes))
    kinds = _kinds(AbsenceFlag.objects.all())
    assert ("persistent" in kinds) is flagged


def test_persistent_absence_counts_only_the_last_sixty_sessions(world, pupil) -> None:
    # 40 older sessions all absent, then 60 all attended: nothing to flag.
    codes = "O" * 40 + "/" * 60
    imported(world["dsl"], world.school, sessions(upn(1), school_days(50), codes))
    assert not AbsenceFlag.objects.exists()


@pytest.mark.parametrize(("possible", "flagged"), [(19, False), (20, True)])
def test_persistent_absence_needs_twenty_possible_sessions(world, pupil, possible, flagged) -> None:
    codes = "O" * possible + "#" * (20 - possible)
    imported(world["dsl"], world.school, sessions(upn(1), school_days(10), codes))
    assert AbsenceFlag.objects.filter(kind="persistent").exists() is flagged


def test_the_flag_carries_its_numbers(world, pupil) -> None:
    days = school_days(30)
    imported(world["dsl"], world.school, sessions(upn(1), days, _codes(45, 15)))
    flag = AbsenceFlag.objects.get(kind="persistent")
    assert flag.detail == {
        "present": 45,
        "possible": 60,
        "sessions": 60,
        "first": days[0].isoformat(),
        "last": days[-1].isoformat(),
    }
    assert flag.through == days[-1]


# Part-day absences: 3 or more days in the last 28 with one session attended, one absent.


def _split_days(*days_ago: int, pm: str = "N") -> list[tuple[str, str, str, str]]:
    rows = []
    for ago in days_ago:
        day = (TODAY - timedelta(days=ago)).isoformat()
        rows += [(upn(1), day, "AM", "/"), (upn(1), day, "PM", pm)]
    return rows


@pytest.mark.parametrize(
    ("days_ago", "flagged"),
    [
        ((1, 8, 27), True),
        ((1, 8), False),
        ((1, 8, 28), False),  # 28 days ago is outside the 4 weeks
        ((0, 8, 15), True),  # today counts
    ],
)
def test_part_day_absences_in_four_weeks(world, pupil, days_ago, flagged) -> None:
    imported(world["dsl"], world.school, _split_days(*days_ago))
    assert AbsenceFlag.objects.filter(kind="part-day").exists() is flagged


def test_a_whole_day_away_or_a_not_counted_session_is_not_a_part_day(world, pupil) -> None:
    rows = _split_days(1, 2, pm="#")  # not a possible session
    rows += [(upn(1), "2026-11-20", "AM", "N"), (upn(1), "2026-11-20", "PM", "N")]
    imported(world["dsl"], world.school, rows)
    assert not AbsenceFlag.objects.filter(kind="part-day").exists()


def test_an_authorised_absence_is_part_of_a_part_day_too(world, pupil) -> None:
    imported(world["dsl"], world.school, _split_days(2, 3, 4, pm="M"))
    flag = AbsenceFlag.objects.get(kind="part-day")
    assert flag.detail["days"] == 3


# Unexplained absence today, of a child screened medium or high or with a referral open.


def _absent_today(code: str = "N") -> list[tuple[str, str, str, str]]:
    return [(upn(1), TODAY.isoformat(), "AM", code)]


@pytest.mark.parametrize(
    ("level", "flagged"), [("high", True), ("medium", True), ("low", False), ("none", False)]
)
def test_unexplained_absence_today_of_a_child_screened(world, pupil, level, flagged) -> None:
    screened(pupil, world["dsl"], level)
    imported(world["dsl"], world.school, _absent_today())
    flags = AbsenceFlag.objects.filter(kind="unexplained")
    assert flags.exists() is flagged
    if flagged:
        assert (
            flags.get().detail["because"]
            == f"the child was screened {level} at the latest screening"
        )


def test_the_latest_final_screening_decides(world, pupil) -> None:
    screened(pupil, world["dsl"], "high", days_ago=40)
    screened(pupil, world["dsl"], "low", days_ago=5)
    imported(world["dsl"], world.school, _absent_today("O"))
    assert not AbsenceFlag.objects.exists()


def test_unexplained_absence_today_of_a_child_with_a_referral_open(world, pupil) -> None:
    referral_sent(world, child=pupil)
    imported(world["dsl"], world.school, _absent_today("U"))
    flag = AbsenceFlag.objects.get(kind="unexplained")
    assert flag.detail == {
        "date": TODAY.isoformat(),
        "sessions": "AM U",
        "because": "a referral about the child is open",
    }


def test_an_explained_absence_or_yesterday_s_is_not_flagged(world, pupil) -> None:
    screened(pupil, world["dsl"], "high")
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    imported(
        world["dsl"],
        world.school,
        [(upn(1), TODAY.isoformat(), "AM", "I"), (upn(1), yesterday, "AM", "N")],
    )
    assert not AbsenceFlag.objects.exists()


# Raised once, told, on the chronology and the audit log.


def test_a_flag_is_raised_once_however_often_the_file_is_imported(world, pupil) -> None:
    rows = sessions(upn(1), school_days(30), _codes(40, 20))
    first = imported(world["dsl"], world.school, rows)
    again = imported(world["dsl"], world.school, rows)
    assert (first.flags_raised, again.flags_raised) == (1, 0)
    assert AbsenceFlag.objects.count() == 1


def test_after_dismissal_a_flag_comes_back_only_with_later_marks(world, pupil) -> None:
    days = school_days(31)
    imported(world["dsl"], world.school, sessions(upn(1), days[:30], _codes(40, 20)))
    flag = AbsenceFlag.objects.get()
    flag_dismiss(
        actor=world["dsl"],
        flag=flag,
        version=flag.version,
        reason="Known: a hospital stay, agreed with the family.",
    )
    assert flags_raise(actor=world["dsl"], school=world.school) == []
    imported(world["dsl"], world.school, sessions(upn(1), days[30:], "OO"))
    assert AbsenceFlag.objects.filter(state=FlagState.OPEN).count() == 1


def test_a_flag_goes_on_the_chronology_the_audit_log_and_to_the_dsls(world, pupil) -> None:
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), _codes(40, 20)))
    flag = AbsenceFlag.objects.get()
    entry = ChronologyEntry.objects.get(child=pupil, kind=EntryKind.ABSENCE)
    assert entry.source_id == flag.pk
    assert "Attended 40 of 60 possible sessions (66%)" in entry.body
    event = AuditEvent.objects.get(verb="absence-flag.raise")
    assert event.object_id == str(flag.pk)
    told = Notification.objects.filter(kind="absence-flags")
    assert {n.recipient_id for n in told} == {world["dsl"].pk, world["deputy"].pk}
    assert {n.link for n in told} == {"/attendance/flags/"}
    assert all(pupil.family_name not in n.title for n in told)


def test_marks_held_for_matching_raise_no_flag_until_matched(world) -> None:
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), _codes(40, 20)))
    assert not AbsenceFlag.objects.exists()


# Acting on a flag.


@pytest.fixture
def flag(world, pupil):
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), _codes(40, 20)))
    return AbsenceFlag.objects.get()


def test_dismissing_needs_a_reason_and_goes_on_the_chronology(world, flag) -> None:
    with pytest.raises(ValidationError):
        flag_dismiss(actor=world["dsl"], flag=flag, version=flag.version, reason="  no ")
    flag_dismiss(
        actor=world["deputy"],
        flag=flag,
        version=flag.version,
        reason="Referred to the education welfare service today.",
    )
    flag.refresh_from_db()
    assert (flag.state, flag.closed_by) == (FlagState.DISMISSED, world["deputy"])
    assert ChronologyEntry.objects.filter(title__startswith="Absence flag dismissed").exists()


def test_a_flag_changed_meanwhile_is_not_dismissed_twice(world, flag) -> None:
    version = flag.version
    flag_dismiss(
        actor=world["dsl"], flag=flag, version=version, reason="Seen by the DSL today: all well."
    )
    with pytest.raises(EditConflictError):
        flag_dismiss(
            actor=world["deputy"], flag=flag, version=version, reason="Another reason altogether."
        )


def test_a_flag_becomes_a_concern_in_one_step_with_its_sign_suggested(world, flag, pupil) -> None:
    draft = flag_to_concern(actor=world["dsl"], flag=flag, version=flag.version)
    assert draft.data["child_id"] == str(pupil.pk)
    assert draft.data["indicators"] == ["v.not_in_education"]
    assert draft.data["seen_or_heard"].startswith("Persistent absence: Attended 40 of 60")
    flag.refresh_from_db()
    assert (flag.state, flag.draft_id) == (FlagState.CONCERN, draft.pk)


def test_thresholds_are_the_partnership_s(world, pupil) -> None:
    from vigil.attendance.services import absence_settings_change

    absence_settings_change(
        actor=world["admin"], version=1, thresholds=Thresholds(persistent_percent=60)
    )
    imported(world["dsl"], world.school, sessions(upn(1), school_days(30), _codes(40, 20)))
    assert not AbsenceFlag.objects.exists()  # 66% is not under 60%
