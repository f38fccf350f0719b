"""The pure rules of a referral: the workflow table and its guard, and the form's checks
(PROCESS.md steps 5 and 6). Property-based where the rule has a space of inputs."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.factories import REFERRAL_ANSWERS
from vigil.referrals import form, workflow

BOUNDED = settings(max_examples=200, deadline=None)
TODAY = date(2026, 11, 25)
COMPLETE = {
    **REFERRAL_ANSWERS,
    "referrer_name": "Testdsl Example",
    "given_names": "Testamy",
    "family_name": "Example",
    "date_of_birth": "2012-05-01",
    "gender": "Female",
}
ACTIONS = sorted({m.action for moves in workflow.WORKFLOWS.values() for m in moves})
SIDES: tuple[workflow.Side, ...] = ("referrer", "receiver")


# The workflow -------------------------------------------------------------------------------


@BOUNDED
@given(
    st.sampled_from(sorted(workflow.WORKFLOWS)),
    st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(SIDES)), max_size=30),
)
def test_any_sequence_of_moves_stays_in_the_table(name: str, attempts) -> None:
    """Whatever is tried, a referral only ever moves along the table: never back to a draft,
    never out of closed or withdrawn, never withdrawn after the first decision."""
    state, decided = workflow.DRAFT, False
    for action, side in attempts:
        try:
            move = workflow.move(name, state, action, side)
        except workflow.MoveNotAllowedError:
            continue
        assert state in move.sources and move.side == side
        assert state not in workflow.ENDED
        if action == "withdraw":
            assert not decided
        decided = decided or action in {"decide", "open-enquiry"}
        state = move.target
        assert state in workflow.STATES and state != workflow.DRAFT


def test_only_the_referrer_sends_and_withdraws_and_only_the_front_door_responds() -> None:
    for moves in workflow.WORKFLOWS.values():
        for move in moves:
            referrer = move.action in {"send", "withdraw"}
            assert move.side == ("referrer" if referrer else "receiver"), move


def test_a_direct_route_has_no_enquiry() -> None:
    assert workflow.moves_from("direct", workflow.ACKNOWLEDGED, "receiver")[0].action == "decide"
    with pytest.raises(workflow.MoveNotAllowedError):
        workflow.move("direct", workflow.ACKNOWLEDGED, "open-enquiry", "receiver")


def test_the_refusal_says_why_in_words() -> None:
    with pytest.raises(workflow.MoveNotAllowedError, match="closed cannot be moved"):
        workflow.move("mash", workflow.CLOSED, "feedback", "receiver")


@pytest.mark.parametrize(
    ("level", "rating"), [("high", "red"), ("medium", "amber"), ("low", "green"), (None, "green")]
)
def test_the_screening_on_receipt_suggests_the_rating(level, rating) -> None:
    assert workflow.rating_suggested(level) == rating


def test_every_outcome_of_process_step_6_is_offered() -> None:
    assert list(workflow.OUTCOMES.values()) == [
        "No further action",
        "Advice and signposting",
        "Early help",
        "Child in need assessment (section 17)",
        "Strategy discussion / section 47 enquiry",
        "Police investigation",
        "Referral to the exploitation panel",
    ]


# The form -----------------------------------------------------------------------------------


def test_a_complete_referral_has_no_problems() -> None:
    assert form.problems(COMPLETE, TODAY) == {}


def test_an_empty_referral_names_every_required_field_in_form_order() -> None:
    required = [name for name, spec in form.FIELDS.items() if spec.required]
    assert list(form.problems({}, TODAY)) == required


def test_a_reason_is_needed_only_when_someone_was_not_told() -> None:
    told = {**COMPLETE, "parents_told": "yes", "parents_not_told_reason": ""}
    assert form.problems(told, TODAY) == {}
    other = {**COMPLETE, "parents_not_told_reason": "other"}
    assert form.problems(other, TODAY) == {
        "parents_not_told_other": "Say why the parents or carers have not been told"
    }
    # The "other" text is not needed once the parents have been told after all.
    assert form.problems({**other, "parents_told": "yes"}, TODAY) == {}


def test_other_basis_and_violence_need_their_details() -> None:
    answers = {**COMPLETE, "basis": ["other"], "violence": "yes"}
    assert set(form.problems(answers, TODAY)) == {"basis_other", "violence_details"}


def test_consent_is_not_a_lawful_basis_offered() -> None:
    offered = {key for key, _ in form.FIELDS["lawful_basis"].choices}
    assert "consent" not in offered and form.DEFAULTS["lawful_basis"] == "public-task"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2030-01-01", "Date of birth must be in the past"),
        ("2012-02-30", "Date of birth must be a real date"),
    ],
)
def test_dates_are_checked(value: str, message: str) -> None:
    assert form.problems({**COMPLETE, "date_of_birth": value}, TODAY) == {"date_of_birth": message}


def test_a_draft_keeps_anything_that_could_be_right() -> None:
    assert form.draft_problems({"details": "Half", "basis": []}, TODAY) == {}
    assert form.draft_problems({"placement": "the moon"}, TODAY) == {
        "placement": "Where the child lives: 'the moon' is not one of the choices"
    }


def test_clean_keeps_known_fields_only_stripped_and_once() -> None:
    cleaned = form.clean({"details": "  x  ", "basis": ["peers", "peers"], "evil": "<script>"})
    assert cleaned == {"details": "x", "basis": ["peers"]}


def test_shown_reads_as_people_write() -> None:
    assert form.shown("date_of_birth", "2012-05-01") == "1 May 2012"
    assert form.shown("basis", ["peers", "other"]) == "Peers involved; Other (say below)"
    assert form.shown("placement", "foster") == "Foster care"


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@BOUNDED
@given(st.dictionaries(st.sampled_from(sorted(form.FIELDS)), JSON, max_size=12))
def test_any_answers_get_messages_never_a_crash(answers) -> None:
    found = form.problems(form.clean(answers), TODAY)
    assert all(isinstance(m, str) and m for m in found.values())
    assert set(found) <= set(form.FIELDS)
    form.draft_problems(form.clean(answers), TODAY)
