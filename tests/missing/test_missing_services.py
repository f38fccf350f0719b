"""Recording a missing episode, the return and the return home interview through the
services: the chronology, the audit log, the clock, the notifications and every refusal
(PROCESS.md: a return home interview within 72 hours of the return; the child may decline)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import World
from tests.factories import child_in
from tests.missing.cases import interviewed, moment, reported, returned
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry, EntryKind
from vigil.concerns.models import Draft
from vigil.core.models import Clock
from vigil.core.versioning import EditConflictError
from vigil.missing import rules
from vigil.missing.models import Episode
from vigil.missing.services import interview_concern_start
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db

NOW = "2026-11-24T10:00:00+00:00"


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"], given_names="Testmia", family_name="Example")


def _entries(child, kind: str) -> list[ChronologyEntry]:
    return list(ChronologyEntry.objects.filter(child=child, kind=kind).order_by("position"))


def test_staff_record_an_episode_on_the_chronology_and_the_dsls_are_told(world, child) -> None:
    episode = reported(world, child, "2026-11-23T21:30:00+00:00", immediate_risk=True)
    assert episode.reference.startswith("MIS-2026-")
    assert episode.organisation == world.school and episode.recorder_role == "staff"
    (entry,) = _entries(child, EntryKind.MISSING)
    assert entry.occurred_at == datetime(2026, 11, 23, 21, 30, tzinfo=UTC)
    assert entry.source_type == "missing-episode" and entry.source_id == episode.pk
    assert "Home, 1 Example Road" in entry.body and "NP-2026-0001" in entry.body
    assert AuditEvent.objects.filter(verb="missing-episode.record", object_id=str(episode.pk))
    told = Notification.objects.filter(kind="missing-episode")
    assert {n.recipient.username for n in told} == {"dsl", "deputy"}
    assert all(n.link == f"/missing/episodes/{episode.pk}/" for n in told)
    # No case detail in what goes into e-mail.
    assert all("Testmia" not in n.title for n in told)
    assert told.first().title == "A child reported missing may be at immediate risk"


def test_every_problem_is_named_at_once(world, child) -> None:
    with pytest.raises(ValidationError) as refused:
        reported(
            world,
            child,
            "2026-11-25T10:00:00+00:00",
            missing_from=" ",
            reported_by="x" * 201,
            police_reference="y" * 41,
        )
    assert set(refused.value.message_dict) == {
        "missing_since",
        "missing_from",
        "reported_by",
        "police_reference",
    }
    assert "now or in the past" in refused.value.message_dict["missing_since"][0]
    assert not Episode.objects.exists()


def test_only_the_childs_organisation_records(world, child) -> None:
    for outsider in ("other_dsl", "mash", "admin", "auditor", "analyst", "police"):
        with pytest.raises(PermissionDenied):
            reported(world, child, "2026-11-23T21:30:00+00:00", by=world[outsider])


def test_the_return_starts_the_72_hour_clock_from_the_return_itself(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    clock = Clock.objects.get(subject_id=episode.pk, kind="return-home-interview")
    assert clock.started_at == datetime(2026, 11, 23, 7, 15, tzinfo=UTC)
    assert clock.due_at == clock.started_at + timedelta(hours=72)
    assert clock.warn_at == clock.started_at + timedelta(hours=54)
    assert clock.organisation == world.school and clock.holder_role == "dsl"
    assert clock.link == f"/missing/episodes/{episode.pk}/"
    entries = _entries(child, EntryKind.MISSING)
    assert [e.source_type for e in entries] == ["missing-episode", "missing-return"]
    assert "Tired and hungry" in entries[-1].body
    assert Notification.objects.filter(kind="missing-return", recipient=world["dsl"]).exists()


def test_a_return_before_going_missing_or_in_the_future_is_refused(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    for when, problem in (
        ("2026-11-22T17:59:00+00:00", "after they went missing"),
        ("2026-11-24T10:01:00+00:00", "now or in the past"),
    ):
        with pytest.raises(ValidationError) as refused:
            returned(world, episode, when, condition="")
        assert problem in refused.value.message_dict["returned_at"][0]
        assert "condition" in refused.value.message_dict
    assert not Clock.objects.exists()


def test_a_return_recorded_twice_is_a_conflict(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    stale = Episode.objects.get(pk=episode.pk)
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    with pytest.raises(EditConflictError):
        returned(world, stale, "2026-11-23T08:00:00+00:00")
    assert Clock.objects.filter(subject_id=episode.pk).count() == 1


def test_staff_see_and_return_only_what_they_recorded(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00", by=world["dsl"])
    with pytest.raises(PermissionDenied):
        returned(world, episode, "2026-11-23T07:15:00+00:00", by=world["staff"])
    returned(world, episode, "2026-11-23T07:15:00+00:00", by=world["deputy"])


def test_an_offer_keeps_the_clock_and_declined_stops_it(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    interviewed(world, episode, rules.OFFERED, "2026-11-23T16:00:00+00:00")
    clock = Clock.objects.get(subject_id=episode.pk)
    assert clock.stopped_at is None
    interviewed(
        world,
        episode,
        rules.DECLINED,
        "2026-11-24T09:00:00+00:00",
        childs_words="I don't want to talk to anyone about it.",
    )
    clock.refresh_from_db()
    assert clock.stopped_at is not None and clock.stop_reason.startswith("Return home interview")
    episode.refresh_from_db()
    assert episode.interview == rules.DECLINED
    entries = _entries(child, EntryKind.RETURN_INTERVIEW)
    assert [e.title.split(" (")[0] for e in entries] == [
        "Return home interview offered",
        "Return home interview declined by the child",
    ]
    assert entries[-1].childs_words == "I don't want to talk to anyone about it."


def test_an_interview_held_records_the_factors_and_stops_the_clock(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    held = interviewed(
        world,
        episode,
        rules.DONE,
        "2026-11-24T09:00:00+00:00",
        childs_words="There's always shouting at home so I went to my mate's.",
        push_factors=["conflict-at-home", "other"],
        push_other="Worried about a younger brother",
        pull_factors=["friends", "older-person"],
        disclosures="An older man gave her a phone and asked her to keep it secret.",
    )
    assert held.push_labels == [
        rules.PUSH_FACTORS["conflict-at-home"],
        "Worried about a younger brother",
    ]
    assert Clock.objects.get(subject_id=episode.pk).stopped_at is not None
    (entry,) = _entries(child, EntryKind.RETURN_INTERVIEW)
    assert "Pull factors: Wanting to be with friends" in entry.body
    assert "Disclosures: An older man gave her a phone" in entry.body
    assert AuditEvent.objects.filter(verb="return-interview.record", object_id=str(held.pk))
    # Held is the end: nothing more is recorded on it.
    with pytest.raises(ValidationError) as refused:
        interviewed(world, episode, rules.OFFERED, "2026-11-24T09:30:00+00:00")
    assert "held already" in refused.value.message_dict["outcome"][0]


def test_factors_are_recorded_when_held_and_other_needs_its_words(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    with pytest.raises(ValidationError) as refused:
        interviewed(
            world, episode, rules.OFFERED, "2026-11-23T09:00:00+00:00", push_factors=["bullying"]
        )
    assert "when the interview is held" in refused.value.message_dict["push_factors"][0]
    with pytest.raises(ValidationError) as refused:
        interviewed(
            world,
            episode,
            rules.DONE,
            "2026-11-23T06:00:00+00:00",
            pull_factors=["other", "made-up"],
            interviewer="",
        )
    assert set(refused.value.message_dict) == {"happened_at", "pull_factors", "interviewer"}


def test_the_interview_waits_for_the_return_and_is_the_case_leads(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    with pytest.raises(ValidationError) as refused:
        interviewed(world, episode, rules.OFFERED, "2026-11-23T09:00:00+00:00")
    assert "return first" in refused.value.message_dict["outcome"][0]
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    with pytest.raises(PermissionDenied):
        interviewed(world, episode, rules.OFFERED, "2026-11-23T09:00:00+00:00", by=world["staff"])
    interviewed(world, episode, rules.OFFERED, "2026-11-23T09:00:00+00:00", by=world["manager"])


def test_a_concurrent_interview_record_is_a_conflict(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    stale = Episode.objects.get(pk=episode.pk)
    interviewed(world, episode, rules.DECLINED, "2026-11-23T09:00:00+00:00")
    from vigil.missing.services import interview_record

    with pytest.raises(EditConflictError):
        interview_record(
            actor=world["deputy"],
            episode=stale,
            version=stale.version,
            outcome=rules.OFFERED,
            happened_at=moment("2026-11-23T09:05:00+00:00"),
            interviewer="Robin Sample",
            interviewer_role="Example Children's Charity",
        )


def test_a_disclosure_starts_a_concern_in_one_step(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    held = interviewed(
        world,
        episode,
        rules.DONE,
        "2026-11-24T09:00:00+00:00",
        disclosures="She said a man in a silver car drives her to parties.",
    )
    draft = interview_concern_start(actor=world["dsl"], interview=held)
    assert isinstance(draft, Draft) and draft.author == world["dsl"]
    assert draft.data["child_id"] == str(child.pk)
    assert draft.data["indicators"] == ["i.going_missing"]
    assert "a man in a silver car drives her to parties" in draft.data["seen_or_heard"]
    assert episode.reference in draft.data["seen_or_heard"]
    with pytest.raises(PermissionDenied):
        interview_concern_start(actor=world["other_dsl"], interview=held)


def test_without_a_disclosure_there_is_no_concern_to_start(world, child) -> None:
    episode = reported(world, child, "2026-11-22T18:00:00+00:00")
    returned(world, episode, "2026-11-23T07:15:00+00:00")
    held = interviewed(world, episode, rules.DONE, "2026-11-24T09:00:00+00:00")
    with pytest.raises(PermissionDenied):
        interview_concern_start(actor=world["dsl"], interview=held)
