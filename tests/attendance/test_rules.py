"""The pure rules: the national codes, UPN check letters, the file reader and the patterns, by
example and by generation."""

from __future__ import annotations

import io
import string
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.attendance import codes
from vigil.attendance.parsing import Mark, Reading, count_lines
from vigil.attendance.patterns import Thresholds, describe, part_days, persistent, unexplained
from vigil.attendance.pupil_numbers import ALPHABET, check_letter, upn_make, upn_problem

TODAY = date(2026, 11, 25)

# The codes ------------------------------------------------------------------------------------


def test_every_code_counts_one_way_and_possible_sessions_are_attending_or_absent() -> None:
    kinds = [codes.ATTENDING, codes.ABSENT, codes.NOT_COUNTED]
    assert sum(len(k) for k in kinds) == len(codes.CODES)
    assert set().union(*kinds) == set(codes.CODES)
    assert codes.POSSIBLE == codes.ATTENDING | codes.ABSENT
    assert codes.in_category(codes.Category.UNAUTHORISED) >= codes.UNEXPLAINED


def test_approved_educational_activity_counts_as_attending() -> None:
    assert {"/", "\\", "L", "K", "V", "P", "W", "B"} == codes.ATTENDING


def test_the_2024_codes_as_the_guidance_counts_them() -> None:
    assert codes.in_category(codes.Category.UNAUTHORISED) == {"G", "N", "O", "U"}
    assert codes.in_category(codes.Category.AUTHORISED) == {
        "C",
        "C1",
        "C2",
        "E",
        "I",
        "J1",
        "M",
        "R",
        "S",
        "T",
    }
    unavoidable = {"Q", *(f"Y{n}" for n in range(1, 8))}
    assert {"D", "X", "Z", "#", *unavoidable} == codes.NOT_COUNTED


def test_retired_codes_say_what_replaced_them() -> None:
    assert "J1" in (codes.code_problem("J") or "")
    assert "use C" in (codes.code_problem("H") or "")
    assert "Y1 to Y7" in (codes.code_problem("Y") or "")
    assert codes.code_problem("N") is None


# UPNs -----------------------------------------------------------------------------------------

rests = st.text(alphabet=string.digits, min_size=11, max_size=11).flatmap(
    lambda digits: st.sampled_from([*string.digits, *ALPHABET]).map(lambda last: digits + last)
)


@given(rests)
def test_a_made_upn_passes_and_any_other_check_letter_fails(rest: str) -> None:
    upn = upn_make(rest)
    assert upn_problem(upn) is None
    for letter in ALPHABET:
        if letter != upn[0]:
            assert "check letter" in (upn_problem(letter + rest) or "")


@given(rests, st.integers(0, 10), st.integers(1, 9))
def test_changing_one_digit_changes_the_check_letter(rest: str, place: int, change: int) -> None:
    changed = rest[:place] + str((int(rest[place]) + change) % 10) + rest[place + 1 :]
    assert check_letter(changed) != check_letter(rest)


def test_upns_that_are_not_upns() -> None:
    assert "not a UPN" in (upn_problem("K99990012600") or "")  # 12 characters
    assert "not a UPN" in (upn_problem("I999900126001") or "")  # I is never a check letter
    assert upn_problem("") == "the UPN is missing"


# The reader -----------------------------------------------------------------------------------

days = st.dates(min_value=date(2024, 9, 1), max_value=TODAY)
marks = st.lists(
    st.tuples(
        st.sampled_from([upn_make(f"99990012600{n}") for n in range(5)]),
        days,
        st.sampled_from(["AM", "PM"]),
        st.sampled_from(sorted(codes.CODES)),
    ),
    max_size=40,
    unique_by=lambda m: (m[0], m[1], m[2]),
)


def _text(mark: tuple[str, date, str, str], uk_date: bool, lower: bool) -> str:
    upn, day, session, code = mark
    shown = f"{day:%d/%m/%Y}" if uk_date else day.isoformat()
    return f"{upn},{shown},{session.lower() if lower else session},{code.lower() if lower and code.isalpha() else code}"


@settings(max_examples=60)
@given(marks, st.booleans(), st.booleans(), st.sampled_from(["\n", "\r\n"]), st.data())
def test_good_files_read_back_as_written(rows, bom, uk_dates, ending, data) -> None:
    lines = ["upn,date,session,code"]
    for row in rows:
        lines.append(_text(row, uk_dates, data.draw(st.booleans())))
    body = ending.join(lines) + ending
    raw = (b"\xef\xbb\xbf" if bom else b"") + body.encode()
    if not rows:
        return
    reading = Reading(io.BytesIO(raw), today=TODAY)
    assert list(reading.marks()) == [Mark(*row) for row in rows]
    assert reading.ok and reading.rows == len(rows)
    assert count_lines([raw[:7], raw[7:]]) == len(lines)


BAD_LINES = [
    ("A999900126001,2026-11-02,AM,/", "check letter"),
    (f"{upn_make('999900126001')},2026-11-31,AM,/", "not a real date"),
    (f"{upn_make('999900126001')},2026-11-02,XX,/", "AM or PM"),
    (f"{upn_make('999900126001')},2026-11-02,AM,ZZ", "not an attendance code"),
    (f"{upn_make('999900126001')},2026-11-02,AM", "3 values"),
]


@settings(max_examples=60)
@given(marks, st.data())
def test_a_bad_line_is_named_by_its_number_wherever_it_is(rows, data) -> None:
    lines = ["upn,date,session,code", *(_text(r, False, False) for r in rows)]
    bad, says = data.draw(st.sampled_from(BAD_LINES))
    place = data.draw(st.integers(1, len(lines)))
    lines.insert(place, bad)
    reading = Reading(io.BytesIO("\n".join(lines).encode()), today=TODAY)
    good = list(reading.marks())
    assert [(p.line, says in p.message) for p in reading.problems] == [(place + 1, True)]
    assert len(good) == len(rows)


# The patterns ---------------------------------------------------------------------------------


def _sessions(codes_: str, until: date = TODAY) -> list[tuple[date, str, str]]:
    out: list[tuple[date, str, str]] = []
    day = until
    for pair in range(0, len(codes_), 2):
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        out += [(day, "PM", codes_[pair + 1 : pair + 2] or "/"), (day, "AM", codes_[pair])]
        day -= timedelta(days=1)
    return out


def test_persistent_absence_by_the_numbers() -> None:
    rules = Thresholds()
    assert persistent(_sessions("O" * 6 + "/" * 54), rules) is None
    found = persistent(_sessions("O" * 7 + "/" * 53), rules)
    assert found is not None and (found.detail["present"], found.detail["possible"]) == (53, 60)
    assert "Attended 53 of 60 possible sessions (88%)" in describe("persistent", found.detail)


def test_part_days_and_unexplained_absence_by_the_numbers() -> None:
    rules = Thresholds()
    split = [
        (TODAY - timedelta(days=d), s, c) for d in (1, 2, 3) for s, c in (("AM", "/"), ("PM", "O"))
    ]
    found = part_days(split, TODAY, rules)
    assert found is not None and found.detail["days"] == 3
    assert "on 3 days in the 28 days" in describe("part-day", found.detail)
    today = unexplained([(TODAY, "PM", "O"), (TODAY, "AM", "N"), (TODAY, "AM", "I")], TODAY)
    assert today is not None and today.detail["sessions"] == "AM N, PM O"
    said = describe(
        "unexplained", {**today.detail, "because": "a referral about the child is open"}
    )
    assert said == (
        "Absent without a known reason on 25 November 2026: the morning marked N (reason for "
        "absence not yet established) and the afternoon marked O (absent in other or unknown "
        "circumstances). Flagged because a referral about the child is open."
    )


def test_thresholds_out_of_range_are_named() -> None:
    assert Thresholds().problems() == {}
    wrong = Thresholds(persistent_percent=100, persistent_sessions=30, persistent_minimum=40)
    assert set(wrong.problems()) == {"persistent_percent", "persistent_minimum"}
