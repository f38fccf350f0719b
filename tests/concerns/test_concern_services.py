"""Recording a concern, the DSL's alert, decisions, confirming the child, closing."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import World
from tests.factories import child_in, concern_data
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry
from vigil.concerns import selectors
from vigil.concerns.models import Concern
from vigil.concerns.services import (
    concern_child_confirm,
    concern_close,
    concern_decide,
    concern_record,
    draft_save,
    draft_start,
)
from vigil.core.models import Clock
from vigil.core.versioning import EditConflictError
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db
MONDAY_MORNING = "2026-11-23T10:00:00+00:00"


def record(world: World, **fields: object) -> Concern:
    child = fields.pop("child", None) or child_in(world.school, world["staff"])
    return concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child, **fields)
    )


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_a_concern_is_recorded_signed_timed_and_on_the_chronology(world: World) -> None:
    concern = record(world)
    assert re.fullmatch(r"CON-2026-\d{6}", concern.reference)
    assert concern.status == "new" and concern.recorder_role == "staff"
    assert concern.recorded_at == timezone.now()
    entry = concern.entry
    assert entry.child == concern.child and entry.kind == "concern"
    assert entry.childs_words == "He said he would buy me a new phone."
    assert timezone.localtime(entry.occurred_at).strftime("%d %H:%M") == "23 15:40"
    assert AuditEvent.objects.filter(verb="concern.record", object_id=str(concern.pk)).exists()


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_the_dsls_are_alerted_at_once_without_case_detail(world: World) -> None:
    concern = record(world)
    alerted = Notification.objects.filter(key=f"concern:{concern.pk}:recorded")
    assert {n.recipient.username for n in alerted} == {"dsl", "deputy"}
    for notification in alerted:
        assert notification.link == f"/concerns/{concern.pk}/"
        assert concern.child.family_name not in notification.title
        assert "car" not in notification.title


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_the_triage_clock_is_urgent_when_the_recorder_said_immediate_risk(world: World) -> None:
    usual, urgent = record(world), record(world, immediate_risk="yes")
    clock = Clock.objects.get(subject_id=usual.pk)
    assert clock.kind == "dsl-triage" and clock.holder_role == "dsl"
    assert timezone.localtime(clock.due_at).strftime("%a %H:%M") == "Tue 17:00"
    fast = Clock.objects.get(subject_id=urgent.pk)
    assert fast.kind == "dsl-triage-urgent"
    assert fast.due_at == timezone.now() + timedelta(hours=1)
    queue = list(selectors.triage_queue(actor=world["dsl"]))
    assert queue == [urgent, usual]


def test_nothing_is_recorded_until_every_step_is_answered(world: World) -> None:
    child = child_in(world.school, world["staff"])
    with pytest.raises(ValidationError) as caught:
        concern_record(
            actor=world["staff"],
            organisation=world.school,
            data=concern_data(child, seen_or_heard="", location=""),
        )
    assert set(caught.value.message_dict) == {"seen_or_heard", "location"}
    assert not Concern.objects.exists() and not ChronologyEntry.objects.exists()


def test_a_child_of_another_organisation_cannot_be_named(world: World) -> None:
    elsewhere = child_in(world.other_school, world["other_dsl"])
    with pytest.raises(ValidationError):
        concern_record(
            actor=world["staff"], organisation=world.school, data=concern_data(elsewhere)
        )
    with pytest.raises(PermissionDenied):
        concern_record(
            actor=world["staff"], organisation=world.other_school, data=concern_data(elsewhere)
        )


def test_a_draft_keeps_what_was_typed_and_refuses_a_stale_save(world: World) -> None:
    draft = draft_start(actor=world["staff"], organisation=world.school)
    draft_save(
        actor=world["staff"], draft=draft, version=1, values={"seen_or_heard": "half a sentence"}
    )
    assert draft.data == {"seen_or_heard": "half a sentence"} and draft.version == 2
    with pytest.raises(EditConflictError):
        draft_save(actor=world["staff"], draft=draft, version=1, values={"location": "x"})
    with pytest.raises(PermissionDenied):
        draft_save(actor=world["dsl"], draft=draft, version=2, values={})
    child = child_in(world.school, world["staff"])
    concern_record(
        actor=world["staff"], organisation=world.school, data=concern_data(child), draft=draft
    )
    assert not selectors.drafts_of(actor=world["staff"]).exists()


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_the_first_decision_stops_the_clock_and_opens_the_concern(world: World) -> None:
    concern = record(world)
    decision = concern_decide(
        actor=world["dsl"],
        concern=concern,
        version=concern.version,
        kind="early-help",
        reason="Family agree to an early help assessment.",
    )
    concern.refresh_from_db()
    assert concern.status == "open" and concern.first_decision_at == timezone.now()
    assert Clock.objects.get(kind="dsl-triage").stopped_at is not None
    assert decision.entry.child == concern.child and "early help" in decision.entry.title


@time_machine.travel(MONDAY_MORNING, tick=False)
def test_monitor_needs_a_review_date_and_puts_it_on_a_clock(world: World) -> None:
    concern = record(world)
    with pytest.raises(ValidationError) as caught:
        concern_decide(
            actor=world["dsl"],
            concern=concern,
            version=1,
            kind="monitor",
            reason="Watch for further signs.",
        )
    assert "review_on" in caught.value.message_dict
    concern_decide(
        actor=world["dsl"],
        concern=concern,
        version=1,
        kind="monitor",
        reason="Watch for further signs.",
        review_on=date(2026, 12, 7),
    )
    review = Clock.objects.get(kind="monitor-review")
    assert review.holder == world["dsl"] and review.stopped_at is None
    assert timezone.localtime(review.due_at).strftime("%Y-%m-%d %H:%M") == "2026-12-07 17:00"


def test_police_contact_needs_the_time_and_log_number(world: World) -> None:
    concern = record(world)
    with pytest.raises(ValidationError) as caught:
        concern_decide(
            actor=world["dsl"],
            concern=concern,
            version=1,
            kind="police",
            reason="Child disclosed an assault.",
        )
    assert set(caught.value.message_dict) == {"police_contacted_at", "police_log_number"}


def test_only_the_organisations_dsls_decide_and_two_at_once_cannot_both_win(world: World) -> None:
    concern = record(world)
    for outsider in ("staff", "manager", "other_dsl", "mash"):
        with pytest.raises(PermissionDenied):
            concern_decide(
                actor=world[outsider],
                concern=concern,
                version=1,
                kind="early-help",
                reason="Not theirs to decide.",
            )
    concern_decide(
        actor=world["dsl"],
        concern=concern,
        version=1,
        kind="early-help",
        reason="Early help assessment agreed.",
    )
    stale = Concern.objects.get(pk=concern.pk)
    stale.version = 1
    with pytest.raises(EditConflictError):
        concern_decide(
            actor=world["deputy"],
            concern=stale,
            version=1,
            kind="refer",
            reason="Refer to the MASH instead.",
        )
    assert concern.decisions.count() == 1


def test_closing_needs_a_decision_first_and_the_four_parts(world: World) -> None:
    concern = record(world)
    with pytest.raises(ValidationError) as caught:
        concern_close(
            actor=world["dsl"],
            concern=concern,
            version=1,
            summary="s",
            action_taken="a",
            outcome="o",
            rationale="r",
        )
    assert "__all__" in caught.value.message_dict
    concern_decide(
        actor=world["dsl"],
        concern=concern,
        version=1,
        kind="no-further-action",
        reason="Explained by a family event; no sign of exploitation.",
    )
    with pytest.raises(ValidationError) as caught:
        concern_close(
            actor=world["dsl"],
            concern=concern,
            version=2,
            summary="",
            action_taken="",
            outcome="x",
            rationale="y",
        )
    assert set(caught.value.message_dict) == {"summary", "action_taken"}
    concern_close(
        actor=world["dsl"],
        concern=concern,
        version=2,
        summary="Lifts were from an uncle.",
        action_taken="Spoke to parents.",
        outcome="No concern remains.",
        rationale="Verified with the family and the child.",
    )
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_by == world["dsl"]
    assert concern.child.entries.filter(kind="closure").count() == 1
    assert not selectors.triage_queue(actor=world["dsl"]).exists()


def test_moving_a_concern_to_the_right_child_keeps_the_original_entry(world: World) -> None:
    wrong = child_in(world.school, world["staff"], given_names="Amy")
    right = child_in(world.school, world["staff"], given_names="Amie")
    concern = record(world, child=wrong)
    original = concern.entry
    concern_child_confirm(
        actor=world["dsl"],
        concern=concern,
        version=1,
        child=right,
        reason="The recorder picked the wrong Amy from the list.",
    )
    concern.refresh_from_db()
    assert concern.child == right and concern.entry.child == right
    assert ChronologyEntry.objects.filter(pk=original.pk, child=wrong).exists()
    assert wrong.entries.get(kind="child-link").corrects == original
    with pytest.raises(EditConflictError):
        concern_child_confirm(actor=world["dsl"], concern=concern, version=1, child=right)


def test_the_recorder_sees_their_concern_and_other_staff_do_not(world: World) -> None:
    from django.http import Http404

    from tests.factories import person_with

    concern = record(world)
    assert selectors.concern_open(actor=world["staff"], concern_id=concern.pk) == concern
    assert selectors.concern_open(actor=world["manager"], concern_id=concern.pk) == concern
    colleague = person_with("staff", world.school, username="colleague")
    for outsider in (colleague, world["other_dsl"], world["admin"], world["auditor"]):
        with pytest.raises(Http404):
            selectors.concern_open(actor=outsider, concern_id=concern.pk)


def test_another_record_can_start_a_concern_about_its_child_with_signs_suggested(world) -> None:
    """An absence flag or a disclosure at a return home interview starts recording in one step:
    the child and the suggested signs are filled in, and the recorder completes the rest."""
    from tests.factories import child_in
    from vigil.concerns.services import draft_start

    child = child_in(world.school, world["dsl"])
    draft = draft_start(
        actor=world["dsl"],
        organisation=world.school,
        about=child,
        indicators=["i.education_disengagement"],
        seen="Absent without explanation on six sessions in two weeks.",
    )
    assert draft.data == {
        "child_id": str(child.pk),
        "indicators": ["i.education_disengagement"],
        "seen_or_heard": "Absent without explanation on six sessions in two weeks.",
    }
    elsewhere = child_in(world.other_school, world["other_dsl"])
    other = draft_start(actor=world["dsl"], organisation=world.school, about=elsewhere)
    assert "child_id" not in other.data
