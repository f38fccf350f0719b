"""Screening a child: observations citing the chronology, the stored computation, judgement,
sign-off and the review clock (SCREENING.md sections 2 to 5; issue 5)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests.conftest import World
from tests.factories import child_in, concern_data
from vigil.audit.models import AuditEvent
from vigil.children.models import ChronologyEntry
from vigil.concerns.services.recording import concern_record
from vigil.core.models import Clock, Partnership
from vigil.core.versioning import EditConflictError
from vigil.screening import selectors
from vigil.screening.contract import answer_case
from vigil.screening.models import State
from vigil.screening.services import (
    observation_add,
    observation_remove,
    screening_compute,
    screening_judge,
    screening_sign_off,
    screening_start,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_24_november():
    with time_machine.travel("2026-11-24T10:00:00+00:00", tick=False):
        yield


def recorded(world: World, child, happened_on: str, indicators: list[str]):
    data = concern_data(child, happened_on=happened_on, indicators=indicators)
    return concern_record(actor=world["staff"], organisation=world.school, data=data)


def confirmed(world: World, screening, *, actor=None):
    """Confirm every suggestion, as the DSL does on the page."""
    for suggestion in selectors.suggestions_for(screening):
        screening.refresh_from_db()
        observation_add(
            actor=actor or world["dsl"],
            screening=screening,
            version=screening.version,
            indicator=suggestion.indicator.id,
            observed_on=suggestion.observed_on,
            entry_id=suggestion.entry_id,
        )
    screening.refresh_from_db()
    return screening


@pytest.fixture
def child(world: World):
    return child_in(world.school, world["staff"], date_of_birth=date(2012, 5, 1))


def test_concerns_suggest_their_indicators_with_the_dates_they_happened(world, child) -> None:
    recorded(world, child, "2026-10-01", ["i.going_missing"])
    recorded(world, child, "2026-11-02", ["i.older_risky_adults", "v.girl"])
    screening = screening_start(actor=world["dsl"], child=child)
    suggested = [(s.indicator.id, s.observed_on) for s in selectors.suggestions_for(screening)]
    # Uncounted monitoring items are never offered as signs.
    assert suggested == [
        ("i.going_missing", date(2026, 10, 1)),
        ("i.older_risky_adults", date(2026, 11, 2)),
    ]
    confirmed(world, screening)
    assert selectors.suggestions_for(screening) == []


def test_the_stored_result_is_what_vigil_screen_computes_from_the_stored_input(
    world, child
) -> None:
    recorded(world, child, "2026-10-01", ["i.going_missing"])
    recorded(world, child, "2026-11-02", ["i.older_risky_adults"])
    screening = confirmed(world, screening_start(actor=world["dsl"], child=child))
    screening_compute(
        actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=False
    )
    assert screening.computed_level == "high"
    assert screening.result == answer_case(screening.case)
    assert screening.result["rules"] == ["H3", "M1"]
    assert screening.case["child"]["statuses"] == ["v.girl"]  # from the record's gender
    assert screening.result["context"] == ["v.girl"]
    assert screening.result["review_by"] == "2026-12-22"


def test_an_observation_cites_an_entry_or_a_new_dated_note(world, child) -> None:
    screening = screening_start(actor=world["dsl"], child=child)
    with pytest.raises(ValidationError) as refused:
        observation_add(
            actor=world["dsl"],
            screening=screening,
            version=screening.version,
            indicator="v.girl",
            observed_on=date(2026, 12, 1),
        )
    assert set(refused.value.message_dict) == {"indicator", "observed_on", "note"}
    observation = observation_add(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        indicator="g.gifts_substances",
        observed_on=date(2026, 11, 20),
        basis="concern",
        note="Came in with a new phone and would not say who gave it.",
    )
    note = ChronologyEntry.objects.get(pk=observation.entry_id)
    assert note.child == child and note.occurred_at.date() == date(2026, 11, 20)
    assert "Came in with a new phone" in note.body
    with pytest.raises(EditConflictError):  # the version moved on with the observation
        observation_remove(
            actor=world["dsl"],
            screening=screening,
            version=1,
            observation_id=observation.pk,
        )


def test_a_judgement_below_the_computed_level_waits_for_another_persons_sign_off(
    world, child
) -> None:
    recorded(world, child, "2026-10-01", ["i.going_missing"])
    recorded(world, child, "2026-11-02", ["i.older_risky_adults"])
    screening = confirmed(world, screening_start(actor=world["dsl"], child=child))
    screening_compute(
        actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=False
    )
    with pytest.raises(ValidationError) as refused:
        screening_judge(
            actor=world["dsl"],
            screening=screening,
            version=screening.version,
            level="medium",
            reason="",
        )
    assert "reason" in refused.value.message_dict
    screening_judge(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        level="medium",
        reason="A safety plan is in place and the adult is known to police.",
    )
    assert screening.state == State.AWAITING_SIGN_OFF
    assert not Clock.objects.filter(kind="screening-review").exists()
    with pytest.raises(PermissionDenied):  # never the person who judged
        screening_sign_off(
            actor=world["dsl"],
            screening=screening,
            version=screening.version,
            agree=True,
            note="I agree with my own judgement.",
        )
    screening_sign_off(
        actor=world["manager"],
        screening=screening,
        version=screening.version,
        agree=True,
        note="Agreed in supervision today.",
    )
    assert screening.state == State.FINAL and screening.judged_level == "medium"
    # The review follows the more cautious level: high, 28 days, on a clock.
    assert screening.review_by == date(2026, 12, 22)
    clock = Clock.objects.get(kind="screening-review", subject_id=screening.pk)
    assert clock.due_at.isoformat() == "2026-12-22T17:00:00+00:00"
    titles = list(
        ChronologyEntry.objects.filter(child=child, kind="screening").values_list(
            "title", flat=True
        )
    )
    assert titles == [
        f"CSE screening {screening.reference}: judged medium risk, awaiting sign-off",
        f"CSE screening {screening.reference}: medium risk, signed off",
    ]
    verbs = set(
        AuditEvent.objects.filter(object_id=str(screening.pk)).values_list("verb", flat=True)
    )
    assert {"screening.judge", "screening.sign-off", "screening.final"} <= verbs
    with pytest.raises(PermissionDenied):  # final: never changed again
        screening_compute(
            actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=True
        )


def test_a_rescreen_meets_the_earlier_review_and_the_instrument_is_the_partnerships(
    world, child
) -> None:
    recorded(world, child, "2026-11-02", ["g.online_special"])
    first = confirmed(world, screening_start(actor=world["dsl"], child=child))
    screening_compute(
        actor=world["dsl"], screening=first, version=first.version, immediate_risk=False
    )
    screening_judge(
        actor=world["dsl"], screening=first, version=first.version, level="medium", reason=""
    )
    assert first.state == State.FINAL and first.review_by == date(2027, 1, 5)
    Partnership.objects.update(screening_instrument="cse-scored-1")
    second = confirmed(
        world, screening_start(actor=world["deputy"], child=child), actor=world["deputy"]
    )
    assert second.instrument == "cse-scored-1"
    screening_compute(
        actor=world["deputy"], screening=second, version=second.version, immediate_risk=True
    )
    assert (second.score, second.band, second.computed_level) == (5, 1, "high")  # F5
    assert second.result["actions"][0] == "call-999"
    screening_judge(
        actor=world["deputy"], screening=second, version=second.version, level="high", reason=""
    )
    reviews = Clock.objects.filter(kind="screening-review")
    assert reviews.get(subject_id=first.pk).stopped_at is not None
    assert reviews.get(subject_id=second.pk).stopped_at is None
    first.refresh_from_db()
    assert first.instrument == "cse-screening-1" and first.result["rules"] == ["M2"]
    assert selectors.latest_final(child.pk) == second


def test_only_the_childs_own_case_leads_see_screenings_and_only_dsls_screen(world, child) -> None:
    screening = screening_start(actor=world["dsl"], child=child)
    for outsider in ("staff", "other_dsl", "mash", "analyst", "admin", "auditor"):
        with pytest.raises(Http404):
            selectors.screening_open(actor=world[outsider], screening_id=screening.pk)
    assert selectors.screening_open(actor=world["manager"], screening_id=screening.pk)
    for not_dsl in ("staff", "manager", "other_dsl"):
        with pytest.raises(PermissionDenied):
            screening_start(actor=world[not_dsl], child=child)
    assert AuditEvent.objects.filter(verb="screening.view", log="access").count() == 1


def test_a_review_comes_due_in_the_dsls_queue_and_escalates_to_the_manager_when_overdue(
    world, child
) -> None:
    from vigil.core.services.timekeeping import clocks_tick

    recorded(world, child, "2026-11-02", ["g.online_special"])
    screening = confirmed(world, screening_start(actor=world["dsl"], child=child))
    screening_compute(
        actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=False
    )
    screening_judge(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        level="medium",
        reason="",
    )
    assert screening.review_by == date(2027, 1, 5)  # medium: 42 days
    assert selectors.reviews_due(actor=world["dsl"]) == []  # not yet within two weeks
    with time_machine.travel("2026-12-28T10:00:00+00:00", tick=False):
        (due,) = selectors.reviews_due(actor=world["dsl"])
        assert due.screening == screening and not due.overdue
    with time_machine.travel("2027-01-06T10:00:00+00:00", tick=False):
        (due,) = selectors.reviews_due(actor=world["deputy"])
        assert due.overdue
        clocks_tick()
        told = world["manager"].notifications.filter(link=f"/screenings/{screening.pk}/")
        assert told.count() == 1
        assert selectors.reviews_due(actor=world["manager"]) == []  # the DSLs' queue


def test_a_change_to_the_observations_asks_for_the_level_to_be_computed_again(world, child) -> None:
    recorded(world, child, "2026-11-02", ["g.online_special"])
    screening = confirmed(world, screening_start(actor=world["dsl"], child=child))
    screening_compute(
        actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=False
    )
    assert screening.computed_level == "medium"
    observation_add(
        actor=world["dsl"],
        screening=screening,
        version=screening.version,
        indicator="e.disclosure",
        observed_on=date(2026, 11, 20),
        note="Told her form tutor what the man makes her do in exchange for the phone.",
    )
    screening.refresh_from_db()
    assert screening.computed_level == "" and screening.result is None
    with pytest.raises(ValidationError) as refused:  # judging the stale level is refused
        screening_judge(
            actor=world["dsl"],
            screening=screening,
            version=screening.version,
            level="medium",
            reason="",
        )
    assert "__all__" in refused.value.message_dict
    screening_compute(
        actor=world["dsl"], screening=screening, version=screening.version, immediate_risk=False
    )
    assert screening.computed_level == "high" and screening.result["rules"][0] == "H1"
