"""The chain's seals and verification as pure functions: every kind of tampering is named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.audit import chain

KEY = chain.key_bytes("a test key that is long enough to matter")
START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


def build(count: int, key: bytes = KEY) -> list[chain.EventRow]:
    rows: list[chain.EventRow] = []
    head = chain.GENESIS
    for seq in range(1, count + 1):
        moment = START + timedelta(seconds=seq)
        fields = ("audit", "actor-1", "person.update", "person", f"id-{seq}", "{}")
        stamp = chain.timestamp(moment)
        mac = chain.seal(key, seq, head, (stamp, *fields))
        rows.append((seq, stamp, *fields, head, mac))
        head = mac
    return rows


def with_field(row: chain.EventRow, index: int, value: object) -> chain.EventRow:
    values = list(row)
    values[index] = value
    return tuple(values)  # type: ignore[return-value]


def test_an_untouched_chain_verifies() -> None:
    result = chain.verify(build(50), KEY)
    assert result.failure is None
    assert result.count == 50
    assert result.head == build(50)[-1][9]


def test_an_empty_chain_verifies_to_genesis() -> None:
    result = chain.verify([], KEY)
    assert (result.count, result.head, result.failure) == (0, chain.GENESIS, None)


@pytest.mark.parametrize("index", [1, 2, 3, 4, 5, 6, 7])
def test_altering_any_sealed_field_is_named_at_that_event(index: int) -> None:
    rows = build(10)
    value = chain.timestamp(START) if index == 1 else "tampered"
    rows[4] = with_field(rows[4], index, value)
    result = chain.verify(rows, KEY)
    assert result.failure is not None
    assert result.failure.seq == 5
    assert "does not match its seal" in result.failure.problem


def test_removing_an_event_is_named_at_the_gap() -> None:
    rows = build(10)
    del rows[3]
    failure = chain.verify(rows, KEY).failure
    assert failure is not None and failure.seq == 4 and "missing" in failure.problem


def test_swapping_two_events_positions_is_caught_at_the_first() -> None:
    rows = build(10)
    a, b = rows[5], rows[6]
    rows[5] = (a[0], *b[1:])  # type: ignore[assignment]
    rows[6] = (b[0], *a[1:])  # type: ignore[assignment]
    failure = chain.verify(rows, KEY).failure
    assert failure is not None and failure.seq == 6


def test_resealing_the_tail_without_the_key_is_caught_where_it_starts() -> None:
    rows = build(10)
    forged = build(10, key=chain.key_bytes("an attacker's guess"))
    rows[6:] = forged[6:]
    failure = chain.verify(rows, KEY).failure
    assert failure is not None and failure.seq == 7


def test_a_correctly_sealed_event_in_the_wrong_chain_breaks_the_link() -> None:
    rows = build(10)
    # Re-seal event 5 over a different previous seal: its own seal holds, its link does not.
    moment = rows[4][1]
    fields = rows[4][2:8]
    wrong_prev = "f" * 64
    mac = chain.seal(KEY, 5, wrong_prev, (moment, *fields))
    rows[4] = (5, moment, *fields, wrong_prev, mac)  # type: ignore[assignment]
    failure = chain.verify(rows, KEY).failure
    assert failure is not None and failure.seq == 5 and "does not follow" in failure.problem


def test_verify_returns_the_seals_asked_for() -> None:
    rows = build(10)
    result = chain.verify(rows, KEY, keep=frozenset({3, 7}))
    assert result.seals == {3: rows[2][9], 7: rows[6][9]}


def test_checkpoint_lines_round_trip_and_reject_edits() -> None:
    line = chain.checkpoint_line(KEY, START, 12, "a" * 64)
    (checkpoint,) = chain.read_checkpoints(KEY, [line])
    assert checkpoint == chain.Checkpoint(at=chain.timestamp(START), seq=12, head="a" * 64)
    edited = line.replace('"seq":12', '"seq":11')
    (broken,) = chain.read_checkpoints(KEY, ["", edited])
    assert isinstance(broken, chain.Break) and broken.seq == 2


def test_a_checkpoint_made_with_another_key_is_rejected() -> None:
    line = chain.checkpoint_line(chain.key_bytes("other"), START, 1, "b" * 64)
    assert isinstance(next(chain.read_checkpoints(KEY, [line])), chain.Break)


def test_canonical_details_are_sorted_and_compact() -> None:
    assert chain.canonical_details({"b": 1, "a": ["x", 2]}) == '{"a":["x",2],"b":1}'


@settings(max_examples=60, deadline=None)
@given(size=st.integers(min_value=1, max_value=40), data=st.data())
def test_any_single_alteration_is_found_at_or_before_it(size: int, data: st.DataObject) -> None:
    rows = build(size)
    target = data.draw(st.integers(min_value=0, max_value=size - 1))
    field = data.draw(st.integers(min_value=2, max_value=9))
    rows[target] = with_field(rows[target], field, str(rows[target][field]) + "x")
    failure = chain.verify(rows, KEY).failure
    assert failure is not None
    assert failure.seq == target + 1


def parts_of(rows: list[chain.EventRow], bounds: list[tuple[int, int | None]]) -> chain.ChainResult:
    results = []
    for start, last in bounds:
        part = [r for r in rows if r[0] >= start and (last is None or r[0] <= last)]
        head = chain.GENESIS if start == 1 else None
        results.append(
            (start, last, chain.verify(part, KEY, frozenset({7, 15}), start=start, head=head))
        )
    return chain.join_parts(results)


BOUNDS = [(1, 10), (11, 20), (21, None)]


def test_a_chain_verified_in_parts_agrees_with_the_whole() -> None:
    rows = build(30)
    whole, joined = chain.verify(rows, KEY, frozenset({7, 15})), parts_of(rows, BOUNDS)
    assert (joined.count, joined.head, joined.failure, joined.seals) == (
        30,
        whole.head,
        None,
        whole.seals,
    )


def test_parts_find_a_broken_link_where_two_parts_meet() -> None:
    rows = build(30)
    del rows[10]  # event 11, the second part's first
    failure = parts_of(rows, BOUNDS).failure
    assert failure is not None and failure.seq == 11


def test_parts_find_events_removed_from_the_end_of_a_part() -> None:
    rows = build(30)
    del rows[9]  # event 10, the first part's last
    failure = parts_of(rows, BOUNDS).failure
    assert failure is not None and failure.seq == 10 and "missing" in failure.problem


def test_parts_find_a_later_events_alteration_at_that_event() -> None:
    rows = build(30)
    rows[24] = with_field(rows[24], 4, "person.view")
    failure = parts_of(rows, BOUNDS).failure
    assert failure is not None and failure.seq == 25


def test_parts_find_a_first_event_that_does_not_follow_the_part_before() -> None:
    rows = build(30)
    moment, fields = rows[20][1], rows[20][2:8]
    wrong = "e" * 64
    rows[20] = (21, moment, *fields, wrong, chain.seal(KEY, 21, wrong, (moment, *fields)))  # type: ignore[assignment]
    failure = parts_of(rows, BOUNDS).failure
    assert failure is not None and failure.seq == 21 and "does not follow" in failure.problem
