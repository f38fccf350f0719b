"""The JSON contract of SCREENING.md section 6: every error code, the order of the checks, the
messages, strict JSON, echoing the caller's id, and no input that makes it fail."""

from __future__ import annotations

import json
from copy import deepcopy

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.screening.screening_cases import case
from vigil.core.json_documents import InputRejectedError
from vigil.screening.contract import CODES, answer_case, respond

GOOD = case(("i.going_missing", 10))


def changed(*edits: tuple[str, object], base: dict[str, object] = GOOD) -> dict[str, object]:
    """A copy of the case with fields set (a path like "child.statuses"), or removed (...)."""
    built = deepcopy(base)
    for path, value in edits:
        *parents, name = path.split(".")
        target = built
        for parent in parents:
            target = target[parent] if not parent.isdigit() else target[int(parent)]
        if value is ...:
            del target[name]
        else:
            target[name] = value
    return built


def error_of(given: object) -> tuple[str, str]:
    result = answer_case(given)
    assert set(result) == {"id", "error"}, result
    return result["error"]["code"], result["error"]["message"]


# Each code, each check


@pytest.mark.parametrize(
    ("edits", "code", "named"),
    [
        ((("instrument", "cse-screening-2"),), "unknown-instrument", "instrument: 'cse-screening-2'"),
        ((("instrument", 1),), "unknown-instrument", "instrument: 1"),
        ((("instrument", ""),), "unknown-instrument", "instrument: ''"),
        ((("assessed_on", ...),), "missing-field", "assessed_on"),
        ((("assessed_on", None),), "missing-field", "assessed_on"),
        ((("assessed_on", "2026-13-01"),), "invalid-date", "assessed_on: '2026-13-01'"),
        ((("assessed_on", "2027-02-29"),), "invalid-date", "assessed_on: '2027-02-29'"),
        ((("assessed_on", 20261124),), "invalid-date", "assessed_on: 20261124"),
        ((("child", ...),), "missing-field", "child"),
        ((("child", None),), "missing-field", "child"),
        ((("child", ["2012-05-01"]),), "invalid-value", "child: [\"2012-05-01\"]"),
        ((("child.date_of_birth", ...),), "missing-field", "child.date_of_birth"),
        ((("child.date_of_birth", "1 May 2012"),), "invalid-date", "child.date_of_birth: '1 May"),
        ((("child.date_of_birth", "2026-11-25"),), "invalid-date", "child.date_of_birth: '2026-11-25'"),
        ((("child.learning_disability", "no"),), "invalid-value", "child.learning_disability: 'no'"),
        ((("child.learning_disability", 0),), "invalid-value", "child.learning_disability: 0"),
        ((("child.statuses", "v.in_care"),), "invalid-value", "child.statuses: 'v.in_care'"),
        ((("child.statuses", ["v.in_care", "v.pet"]),), "unknown-indicator", "child.statuses[1]: 'v.pet'"),
        ((("child.statuses", [None]),), "unknown-indicator", "child.statuses[0]: null"),
        ((("child.statuses", ["e.images"]),), "invalid-value", "child.statuses[0]: 'e.images'"),
        ((("child.date_of_birth", "2008-11-24"),), "not-a-child", "child.date_of_birth: '2008-11-24'"),
        ((("immediate_risk", "false"),), "invalid-value", "immediate_risk: 'false'"),
        ((("immediate_risk", 1),), "invalid-value", "immediate_risk: 1"),
        ((("observations", {"indicator": "e.images"}),), "invalid-value", "observations: {"),
        ((("observations", [GOOD["observations"][0], 7]),), "invalid-value", "observations[1]: 7"),
        ((("observations.0.indicator", ...),), "missing-field", "observations[0].indicator"),
        ((("observations.0.indicator", "i.gone"),), "unknown-indicator", "observations[0].indicator: 'i.gone'"),
        ((("observations.0.indicator", ["i.going_missing"]),), "unknown-indicator", "observations[0].indicator: ["),
        ((("observations.0.observed_on", None),), "missing-field", "observations[0].observed_on"),
        ((("observations.0.observed_on", "2026-11-24T09:00"),), "invalid-date", "observations[0].observed_on: '2026-11-24T09:00'"),
        ((("observations.0.observed_on", "2026-11-25"),), "observation-in-future", "observations[0].observed_on: '2026-11-25'"),
        ((("observations.0.basis", "rumour"),), "invalid-value", "observations[0].basis: 'rumour'"),
        ((("observations.0.basis", True),), "invalid-value", "observations[0].basis: true"),
    ],
)  # fmt: skip
def test_each_fault_gets_its_code_and_a_message_naming_field_and_value(edits, code, named) -> None:
    found, message = error_of(changed(*edits))
    assert found == code
    assert named in message


@pytest.mark.parametrize("given", [[], "case", 3, None, True])
def test_a_case_that_is_not_an_object_is_invalid_value_with_a_null_id(given) -> None:
    assert answer_case(given) == {
        "id": None,
        "error": {"code": "invalid-value", "message": answer_case(given)["error"]["message"]},
    }
    assert error_of(given)[0] == "invalid-value"


def test_every_code_of_the_contract_is_produced() -> None:
    assert set(CODES) == {
        "unknown-instrument",
        "unknown-indicator",
        "invalid-date",
        "missing-field",
        "observation-in-future",
        "not-a-child",
        "invalid-value",
    }


# The order of the checks: with two faults, the one checked first is the error


@pytest.mark.parametrize(
    ("edits", "code", "named"),
    [
        ((("instrument", "x"), ("assessed_on", ...)), "unknown-instrument", "instrument"),
        ((("assessed_on", "bad"), ("child", ...)), "invalid-date", "assessed_on"),
        ((("assessed_on", ...), ("child", 3)), "missing-field", "assessed_on"),
        ((("child", 3), ("immediate_risk", "x")), "invalid-value", "child:"),
        ((("child.date_of_birth", "bad"), ("child.learning_disability", "x")), "invalid-date", "date_of_birth"),
        ((("child.learning_disability", "x"), ("child.statuses", ["v.nope"])), "invalid-value", "learning_disability"),
        ((("child.statuses", ["e.images", "v.nope"]),), "invalid-value", "statuses[0]"),
        ((("child.statuses", ["v.nope", "e.images"]),), "unknown-indicator", "statuses[0]"),
        ((("child.statuses", ["v.nope"]), ("child.date_of_birth", "1990-01-01")), "unknown-indicator", "statuses"),
        ((("child.date_of_birth", "1990-01-01"), ("immediate_risk", "x")), "not-a-child", "date_of_birth"),
        ((("immediate_risk", "x"), ("observations", "x")), "invalid-value", "immediate_risk"),
        ((("observations.0.indicator", "x.y"), ("observations.0.observed_on", ...)), "unknown-indicator", "indicator"),
        ((("observations.0.observed_on", "2030-01-01"), ("observations.0.basis", "x")), "observation-in-future", "observed_on"),
        ((("observations", [{"indicator": "x"}, 5]),), "unknown-indicator", "observations[0]"),
    ],
)  # fmt: skip
def test_the_first_fault_in_the_order_of_section_6_is_the_error(edits, code, named) -> None:
    found, message = error_of(changed(*edits))
    assert (found, named in message) == (code, True), message


def test_absent_and_null_optional_fields_take_their_defaults() -> None:
    given = changed(
        ("instrument", None),
        ("immediate_risk", None),
        ("child.learning_disability", None),
        ("child.statuses", None),
        ("observations.0.basis", None),
        ("id", ...),
    )
    result = answer_case(given)
    assert result["id"] is None
    assert result["instrument"] == "cse-screening-1"
    assert result["immediate_risk"] is False
    assert answer_case(changed(("observations", None)))["level"] == "none"


def test_fields_not_in_the_contract_are_ignored() -> None:
    given = changed(("name", "Not a name"), ("child.postcode", "ZZ99 9ZZ"))
    assert answer_case(given) == answer_case(GOOD)


def test_the_basis_is_recorded_but_never_changes_the_result() -> None:
    assert answer_case(changed(("observations.0.basis", "concern"))) == answer_case(GOOD)


def test_a_29_february_date_exists_only_in_leap_years() -> None:
    assert "error" not in answer_case(changed(("observations.0.observed_on", "2024-02-29")))
    assert error_of(changed(("observations.0.observed_on", "2025-02-29")))[0] == "invalid-date"


@pytest.mark.parametrize(
    "text",
    [
        "2026-1-01",
        "20261124",
        " 2026-11-24",
        "2026-11-24 ",
        "\uff12\uff10\uff12\uff16-11-24",
        "0000-01-01",
    ],
)
def test_dates_are_strictly_yyyy_mm_dd_with_ascii_digits(text) -> None:
    assert error_of(changed(("assessed_on", text)))[0] == "invalid-date"


def test_a_review_date_past_9999_is_an_error_not_a_crash() -> None:
    given = changed(("assessed_on", "9999-12-20"), ("child.date_of_birth", "9990-01-01"))
    given["observations"] = []
    given["immediate_risk"] = True
    assert error_of(given)[0] == "invalid-date"
    given["immediate_risk"] = False  # the level is none: no review date to compute
    assert answer_case(given)["review_by"] is None


# Documents, ids, strict JSON


def test_an_array_answers_in_order_with_errors_in_place() -> None:
    response = respond(json.dumps([GOOD, {"id": 2}, changed(("id", "three"))]))
    results = json.loads(response.text)
    assert response.exit_code == 1
    assert [r["id"] for r in results] == ["synthetic-1", 2, "three"]
    assert results[0]["level"] == results[2]["level"] == "medium"
    assert results[1]["error"]["code"] == "missing-field"


def test_all_evaluated_exits_0_and_an_empty_array_is_an_empty_answer() -> None:
    assert respond(json.dumps(GOOD)).exit_code == 0
    assert (respond("[]").exit_code, respond("[]").text) == (0, "[]")


@pytest.mark.parametrize(
    "written",
    ['"x"', "1.50", "1e400", "-0", "123456789012345678901234567890", '{"a": [1.0, null]}', "true"],
)
def test_the_callers_id_is_echoed_exactly_as_written(written) -> None:
    text = json.dumps(GOOD).replace('"synthetic-1"', written)
    assert respond(text).text.startswith('{"id":' + written.replace(" ", "") + ",")


@pytest.mark.parametrize(
    "raw", ["NaN", "[Infinity]", '{"id": -Infinity}', "not json", "", '"case"', "42", "null"]
)
def test_input_that_is_not_strict_json_or_not_an_object_or_array_is_rejected(raw) -> None:
    with pytest.raises(InputRejectedError):
        respond(raw)


def test_invalid_utf8_is_rejected_not_a_crash() -> None:
    with pytest.raises(InputRejectedError):
        respond(b'{"id": "\xff"}')


# Nothing makes it fail

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "id",
    "instrument",
    "assessed_on",
    "child",
    "child.date_of_birth",
    "child.learning_disability",
    "child.statuses",
    "observations",
    "observations.0",
    "observations.0.indicator",
    "observations.0.observed_on",
    "observations.0.basis",
    "immediate_risk",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(FIELDS), JSON), min_size=1, max_size=3))
def test_any_json_value_in_any_field_gives_a_result_or_an_error_result(edits) -> None:
    given = deepcopy(GOOD)
    for path, value in edits:
        try:
            given = changed((path, value), base=given)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed the place of this one
    # Round-trip through JSON text, as a caller sends it.
    response = respond(json.dumps([given, GOOD]))
    first, second = json.loads(response.text)
    assert second["level"] == "medium"  # the other case of the batch is still evaluated
    if "error" in first:
        assert first["error"]["code"] in CODES and first["error"]["message"]
        assert response.exit_code == 1
    else:
        assert first["level"] in {"none", "low", "medium", "high"}


@settings(max_examples=200, deadline=None)
@given(JSON)
def test_any_json_document_is_answered_or_rejected_never_a_crash(document) -> None:
    try:
        response = respond(json.dumps(document))
    except InputRejectedError:
        assert not isinstance(document, dict | list)
        return
    assert response.exit_code in {0, 1}
    json.loads(response.text)
