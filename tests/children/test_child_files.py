"""The child's file: adding children, likely duplicates, who sees what, the chronology, shares."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.conftest import World
from tests.factories import child_in
from vigil.accounts.break_glass import break_glass_open
from vigil.audit.models import AuditEvent
from vigil.children import selectors
from vigil.children.identifiers import nhs_number_valid
from vigil.children.models import EntryKind
from vigil.children.services import (
    NewEntry,
    child_update,
    entry_append,
    entry_correct,
    share_create,
)
from vigil.core.versioning import EditConflictError

pytestmark = pytest.mark.django_db


def note(world: World, child, title: str, at=None):
    return entry_append(
        actor=world["dsl"],
        role="dsl",
        organisation=world.school,
        child=child,
        entry=NewEntry(kind=EntryKind.NOTE, title=title, occurred_at=at or timezone.now()),
    )


def test_staff_add_a_child_to_their_own_organisation_only(world: World) -> None:
    child = child_in(world.school, world["staff"], given_names="  Amelia   Rose ")
    assert child.given_names == "Amelia Rose"
    assert child.sound_key
    with pytest.raises(PermissionDenied):
        child_in(world.other_school, world["staff"])
    with pytest.raises(PermissionDenied):
        child_in(world.school, world["admin"])


def test_identity_is_checked_with_messages_that_say_what_to_do(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        child_in(
            world.school,
            world["staff"],
            family_name=" ",
            date_of_birth=timezone.localdate() + timedelta(days=1),
            nhs_number="1234567890",
        )
    errors = caught.value.message_dict
    assert errors["family_name"] == ["Enter the child's family name"]
    assert errors["date_of_birth"] == ["Date of birth must be today or in the past"]
    assert "NHS number" in errors["nhs_number"][0]
    assert nhs_number_valid("9434765919") and not nhs_number_valid("9434765918")


def test_statuses_come_from_the_record(world: World) -> None:
    child = child_in(
        world.school,
        world["dsl"],
        looked_after_basis="s31",
        immigration_status="uasc",
        learning_disability=True,
        ethnicity="white-british",
    )
    assert child.statuses == {"v.in_care", "v.refugee_uasc", "v.learning_difficulty"}
    assert "v.bme_community" in child_in(world.school, world["dsl"], ethnicity="roma").statuses


def test_staff_pick_by_name_and_date_of_birth_and_see_nothing_else(world: World) -> None:
    child_in(world.school, world["dsl"], given_names="Poppy", family_name="Testwood")
    child_in(world.other_school, world["other_dsl"], given_names="Poppy", family_name="Elsewhere")
    rows = selectors.children_to_pick(
        actor=world["staff"], organisation_id=world.school.pk, query="pop"
    )
    assert [r["family_name"] for r in rows] == ["Testwood"]
    assert set(rows[0]) == {"id", "given_names", "family_name", "known_as", "date_of_birth"}
    assert (
        selectors.children_to_pick(actor=world["staff"], organisation_id=world.other_school.pk)
        == []
    )


@pytest.mark.parametrize(
    ("given", "family", "born", "reason"),
    [
        ("Jayden", "Testington", date(2011, 3, 4), "same name"),
        ("Jaden", "Testingten", date(2011, 3, 4), "sounds the same"),
        ("Jayden", "Testingtn", date(2011, 4, 3), "day and month swapped"),
        ("Jayden", "Testington", date(2011, 9, 30), "date of birth close"),
    ],
)
def test_likely_duplicates_catch_sound_alike_misspelt_and_mistyped(
    world: World, given: str, family: str, born: date, reason: str
) -> None:
    existing = child_in(
        world.school,
        world["dsl"],
        given_names="Jayden",
        family_name="Testington",
        date_of_birth=date(2011, 3, 4),
    )
    found = selectors.likely_duplicates(
        actor=world["staff"],
        organisation_id=world.school.pk,
        given_names=given,
        family_name=family,
        born=born,
    )
    assert [d.child["id"] for d in found] == [existing.pk]
    assert reason in found[0].reasons


def test_different_children_and_other_organisations_are_not_duplicates(world: World) -> None:
    child_in(
        world.school,
        world["dsl"],
        given_names="Jayden",
        family_name="Testington",
        date_of_birth=date(2011, 3, 4),
    )
    child_in(
        world.other_school,
        world["other_dsl"],
        given_names="Mia",
        family_name="Examplesson",
        date_of_birth=date(2011, 3, 4),
    )
    assert (
        selectors.likely_duplicates(
            actor=world["staff"],
            organisation_id=world.school.pk,
            given_names="Mia",
            family_name="Examplesson",
            born=date(2011, 3, 4),
        )
        == []
    )
    assert (
        selectors.likely_duplicates(
            actor=world["staff"],
            organisation_id=world.school.pk,
            given_names="Jayden",
            family_name="Testington",
            born=date(2014, 3, 4),
        )
        == []
    )


def test_opening_a_file_is_for_case_leads_and_is_logged(world: World) -> None:
    child = child_in(world.school, world["staff"])
    opened = selectors.child_file_open(actor=world["dsl"], child_id=child.pk)
    assert opened.child == child and not opened.shared_only
    logged = AuditEvent.objects.filter(verb="child.view", object_id=str(child.pk))
    assert logged.count() == 1 and logged.get().log == "access"
    for outsider in ("staff", "other_dsl", "admin", "auditor", "analyst", "mash"):
        with pytest.raises(Http404):
            selectors.child_file_open(actor=world[outsider], child_id=child.pk)


def test_entries_keep_the_order_things_happened_then_the_order_recorded(world: World) -> None:
    child = child_in(world.school, world["staff"])
    moment = timezone.now() - timedelta(days=2)
    later = note(world, child, "second, happened later", at=moment + timedelta(hours=1))
    first = note(world, child, "first at the moment", at=moment)
    second = note(world, child, "second at the same moment", at=moment)
    file = selectors.child_file_open(actor=world["dsl"], child_id=child.pk)
    titles = [e.title for e in selectors.chronology_for(actor=world["dsl"], file=file)]
    assert titles == [first.title, second.title, later.title]


def test_a_correction_is_a_new_linked_entry_and_the_original_stays(world: World) -> None:
    child = child_in(world.school, world["staff"])
    original = note(world, child, "Seen at the bus station on Monday")
    fixed = entry_correct(
        actor=world["dsl"], entry=original, correction="It was Tuesday, not Monday."
    )
    original.refresh_from_db()
    assert original.title == "Seen at the bus station on Monday"
    assert fixed.corrects == original and fixed.kind == "correction"
    with pytest.raises(PermissionDenied):
        entry_correct(actor=world["staff"], entry=original, correction="Someone else's entry.")


def test_identity_edits_never_silently_overwrite_each_other(world: World) -> None:
    child = child_in(world.school, world["staff"])
    child_update(actor=world["dsl"], child=child, version=1, known_as="Mel")
    with pytest.raises(EditConflictError):
        child_update(actor=world["deputy"], child=child, version=1, known_as="Millie")
    child.refresh_from_db()
    assert child.known_as == "Mel" and child.version == 2
    with pytest.raises(PermissionDenied):
        child_update(actor=world["staff"], child=child, version=2, known_as="X")


def test_a_share_shows_the_named_entries_only_to_the_other_organisations_leads(
    world: World,
) -> None:
    child = child_in(world.school, world["staff"])
    shared, private = note(world, child, "shared entry"), note(world, child, "private entry")
    with pytest.raises(Http404):
        selectors.child_file_open(actor=world["other_dsl"], child_id=child.pk)
    share = share_create(
        actor=world["dsl"],
        child=child,
        to_organisation=world.other_school,
        entries=[shared],
        reason="The child is moving to your school next week and this is relevant.",
    )
    file = selectors.child_file_open(actor=world["other_dsl"], child_id=child.pk)
    assert file.shared_only
    assert [e.title for e in selectors.chronology_for(actor=world["other_dsl"], file=file)] == [
        "shared entry"
    ]
    # Recorded on both sides: the child's chronology, and the receiving organisation's list.
    own = selectors.child_file_open(actor=world["dsl"], child_id=child.pk)
    kinds = [e.kind for e in selectors.chronology_for(actor=world["dsl"], file=own)]
    assert kinds.count("share") == 1 and private.title
    assert list(selectors.shares_with_me(actor=world["other_dsl"])) == [share]
    assert world["other_dsl"].notifications.filter(kind="share").exists()


def test_sharing_is_a_dsls_decision_with_a_reason(world: World) -> None:
    child = child_in(world.school, world["staff"])
    entry = note(world, child, "entry")
    with pytest.raises(PermissionDenied):
        share_create(
            actor=world["manager"],
            child=child,
            to_organisation=world.other_school,
            entries=[entry],
            reason="x" * 30,
        )
    with pytest.raises(ValidationError) as caught:
        share_create(
            actor=world["dsl"],
            child=child,
            to_organisation=world.school,
            entries=[],
            reason="short",
        )
    assert set(caught.value.message_dict) == {"to_organisation", "entries", "reason"}


def test_break_glass_opens_the_whole_file(world: World) -> None:
    child = child_in(world.school, world["staff"])
    note(world, child, "an entry")
    from vigil.children.policy import record_of

    break_glass_open(
        actor=world["mash"],
        record=record_of(child),
        reason="The child is missing tonight and the police need the history.",
    )
    file = selectors.child_file_open(actor=world["mash"], child_id=child.pk)
    assert not file.shared_only
    assert selectors.chronology_for(actor=world["mash"], file=file).count() == 1
