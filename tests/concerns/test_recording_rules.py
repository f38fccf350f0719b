"""The pure rules of what a concern must say (vigil/concerns/recording.py)."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from vigil.concerns import recording
from vigil.concerns.language import PHRASES, wording_prompts

TODAY = date(2026, 11, 25)
CHILD = str(uuid.uuid4())


def answers(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "immediate_risk": "yes",
        "child_id": CHILD,
        "seen_or_heard": "She said an older man gives her lifts.",
        "happened_on_day": "23",
        "happened_on_month": "11",
        "happened_on_year": "2026",
        "location": "Bus station",
    }
    data.update(fields)
    return data


def test_a_complete_concern_checks_out_with_its_values() -> None:
    value, errors = recording.check(answers(indicators=["i.going_missing"]), today=TODAY)
    assert errors == {}
    assert value is not None
    assert value.immediate_risk is True
    assert value.happened_on == date(2026, 11, 23)
    assert value.happened_time is None
    assert value.indicators == ("i.going_missing",)


def test_every_missing_answer_is_named_with_what_to_do() -> None:
    value, errors = recording.check({}, today=TODAY)
    assert value is None
    assert set(errors) == {"immediate_risk", "child_id", "seen_or_heard", "happened_on", "location"}
    assert errors["immediate_risk"].startswith("Select yes")


def test_a_date_in_the_future_or_not_a_date_is_refused() -> None:
    _, future = recording.check(answers(happened_on_day="26"), today=TODAY)
    assert future["happened_on"] == "The date it happened must be today or in the past"
    _, nonsense = recording.check(answers(happened_on_day="31", happened_on_month="2"), today=TODAY)
    assert "for example" in nonsense["happened_on"]


def test_a_time_is_optional_but_must_be_a_time() -> None:
    value, _ = recording.check(answers(happened_time="9.05"), today=TODAY)
    assert value is not None and value.happened_time == time(9, 5)
    _, errors = recording.check(answers(happened_time="25:00"), today=TODAY)
    assert "hours and minutes" in errors["happened_time"]


def test_one_step_is_checked_on_its_own() -> None:
    value, errors = recording.check({"immediate_risk": "no"}, today=TODAY, steps=("risk",))
    assert value is None and errors == {}
    assert recording.first_incomplete({"immediate_risk": "no"}, today=TODAY) == "child"
    assert recording.first_incomplete(answers(), today=TODAY) == "check"


def test_signs_not_in_the_catalogue_are_refused_and_repeats_count_once() -> None:
    _, errors = recording.check(answers(indicators=["i.not_a_sign"]), today=TODAY)
    assert errors["indicators"] == "Choose signs from the list"
    value, _ = recording.check(answers(indicators=["e.images", "e.images"]), today=TODAY)
    assert value is not None and value.indicators == ("e.images",)


def test_an_unknown_time_is_midday_so_the_date_never_moves() -> None:
    value, _ = recording.check(answers(), today=TODAY)
    assert value is not None
    assert recording.happened_moment(value) == (datetime(2026, 11, 23, 12, 0), False)


@given(
    st.dictionaries(
        st.sampled_from([*sorted(recording.POSTED["when"]), "immediate_risk", "indicators"]),
        st.text(max_size=30),
    )
)
def test_any_typed_text_gives_values_or_messages_never_an_exception(
    data: dict[str, object],
) -> None:
    value, errors = recording.check(data, today=TODAY)
    assert value is None or errors == {}
    assert all(isinstance(message, str) and message for message in errors.values())


def test_wording_help_prompts_on_each_listed_phrase_with_a_better_way() -> None:
    text = "She is putting herself at risk and is in a relationship with a 24 year old; he is her boyfriend."
    found = wording_prompts({"seen_or_heard": text})
    assert {m.found.lower() for m in found} == {
        "putting herself at risk",
        "boyfriend",
        "in a relationship with",
    }
    assert all(m.field == "seen_or_heard" and m.suggestion for m in found)
    assert len(PHRASES) >= 14


def test_wording_help_stays_quiet_on_ordinary_words() -> None:
    assert (
        wording_prompts({"seen_or_heard": "She chose a seat near the door. Consensus was reached."})
        == []
    )
