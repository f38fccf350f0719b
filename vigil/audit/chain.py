"""The audit chain's seals and their verification, as plain functions (no Django, no I/O).

Each event is sealed with HMAC-SHA-256, keyed with the audit key, over its own fields and the
seal of the event before it. Anyone who can write to the database but does not hold the key
cannot alter, remove, insert or reorder events, nor rewrite and re-seal the whole tail, without
`verify` naming the first event where the chain no longer holds. Removing events from the end is
caught by checkpoints (count and head seal) kept in a file outside the database.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

GENESIS = "0" * 64
_SEPARATOR = "\x1e"

# seq, occurred_at (as `timestamp` writes it), log, actor, verb, object_type, object_id,
# details, prev_mac, mac
EventRow = tuple[int, str, str, str, str, str, str, str, str, str]


def timestamp(moment: datetime) -> str:
    """The sealed form of a moment: UTC to the microsecond."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_details(details: Mapping[str, object]) -> str:
    """Details are sealed as stored: sorted keys, no spaces, ASCII only."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    # Keying HMAC once and copying it is two and a half times faster than keying it afresh
    # for each of a million seals, and gives the same seal.
    return hmac.new(key, digestmod=hashlib.sha256)


def seal(key: bytes, seq: int, prev_mac: str, fields: tuple[str, ...]) -> str:
    """HMAC-SHA-256 over the event's position, the previous seal and the event's fields."""
    mac = _keyed(key).copy()
    mac.update(_SEPARATOR.join((str(seq), prev_mac, *fields)).encode("utf-8"))
    return mac.hexdigest()


def seal_row(key: bytes, row: EventRow, prev_mac: str) -> str:
    return seal(key, row[0], prev_mac, row[1:8])


@dataclass(frozen=True)
class Break:
    """Where the chain first fails to hold, in words for the person verifying it."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainResult:
    count: int  # events verified
    head: str  # the seal of the last event verified
    failure: Break | None
    seals: dict[int, str]
    opening: str | None = None  # the previous seal the first event named


def verify(
    rows: Iterable[EventRow],
    key: bytes,
    keep: frozenset[int] = frozenset(),
    *,
    start: int = 1,
    head: str | None = GENESIS,
) -> ChainResult:
    """Walk the events in order of position; stop at the first that breaks the chain.

    `keep` names positions whose seals the caller wants back (to compare with checkpoints).
    A part of a longer chain starts at `start` with `head=None`: its first link is checked by
    `join_parts`. The loop is written out, not split into calls per event: it runs a million
    times.
    """
    keyed, compare = _keyed(key), hmac.compare_digest
    expected, opening = start, None
    seals: dict[int, str] = {}
    for row in rows:
        seq, moment, log, actor, verb, object_type, object_id, details, prev_mac, mac = row
        if head is None:
            head = opening = prev_mac
        elif opening is None:
            opening = prev_mac
        fresh = keyed.copy()
        # The same message as `seal` builds (position, previous seal, fields), written out.
        fresh.update(
            f"{seq}\x1e{prev_mac}\x1e{moment}\x1e{log}\x1e{actor}\x1e{verb}\x1e{object_type}"
            f"\x1e{object_id}\x1e{details}".encode()
        )
        if seq != expected or not compare(fresh.hexdigest(), mac) or not compare(prev_mac, head):
            failure = Break(min(seq, expected), _problem(key, row, expected, head))
            return ChainResult(expected - start, head, failure, seals, opening)
        head = mac
        if seq in keep:
            seals[seq] = mac
        expected += 1
    return ChainResult(expected - start, head or GENESIS, None, seals, opening)


def join_parts(parts: list[tuple[int, int | None, ChainResult]]) -> ChainResult:
    """One result for a chain verified in consecutive parts (start, last position or None for
    the open end, result), checking where each part meets the one before."""
    total, head = 0, GENESIS
    seals: dict[int, str] = {}
    for start, last, part in parts:
        if part.count and part.opening != head:
            problem = (
                "does not follow the event before it: events were inserted, removed or reordered"
            )
            return ChainResult(total, head, Break(start, problem), seals)
        seals.update(part.seals)
        total += part.count
        head = part.head if part.count else head
        if part.failure:
            return ChainResult(total, head, part.failure, seals)
        if last is not None and part.count < last - start + 1:
            missing = "is missing: the events from here up to the next one present were removed"
            return ChainResult(total, head, Break(start + part.count, missing), seals)
    return ChainResult(total, head, None, seals)


def _problem(key: bytes, row: EventRow, expected: int, head: str) -> str:
    seq, prev_mac, mac = row[0], row[8], row[9]
    if seq > expected:
        return "is missing: the events from here up to the next one present were removed"
    if seq < expected:
        return "appears twice: an event was inserted"
    if not hmac.compare_digest(seal_row(key, row, prev_mac), mac):
        return "does not match its seal: it was altered, inserted, or moved from another position"
    return "does not follow the event before it: events were inserted, removed or reordered"


@dataclass(frozen=True)
class Checkpoint:
    at: str
    seq: int
    head: str


def checkpoint_line(key: bytes, at: datetime, seq: int, head: str) -> str:
    """One line of the checkpoint file, itself sealed so that it cannot be edited unnoticed."""
    body = {"at": timestamp(at), "seq": seq, "head": head}
    text = canonical_details(body)
    body["mac"] = _line_mac(key, text)
    return canonical_details(body)


def _line_mac(key: bytes, text: str) -> str:
    mac = _keyed(key).copy()
    mac.update(text.encode("ascii"))
    return mac.hexdigest()


_LINE_POSITION = re.compile(r'"seq":(\d+)')


def checkpoint_positions(lines: Iterable[str]) -> frozenset[int]:
    """The positions the checkpoint lines name (their seals are checked by read_checkpoints)."""
    return frozenset(
        int(found.group(1)) for line in lines if (found := _LINE_POSITION.search(line))
    )


def read_checkpoints(key: bytes, lines: Iterable[str]) -> Iterator[Checkpoint | Break]:
    """Each line as a checkpoint, or as a Break (seq = line number) when it was tampered with."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        checkpoint = _read_checkpoint(key, line)
        yield checkpoint or Break(number, "checkpoint line was altered or is not a checkpoint")


# A line is exactly what `checkpoint_line` writes: its sealed body with the seal among the
# sorted keys. Anything else is not a checkpoint. Read with one pattern, not as JSON: a year's
# file has hundreds of thousands of lines.
_LINE = re.compile(
    r'\{"at":"([0-9T:.Z-]{27})","head":"([0-9a-f]{64})","mac":"([0-9a-f]{64})","seq":(\d+)\}'
)


def _read_checkpoint(key: bytes, line: str) -> Checkpoint | None:
    found = _LINE.fullmatch(line.strip())
    if found is None:
        return None
    at, head, mac, seq = found.groups()
    body = f'{{"at":"{at}","head":"{head}","seq":{seq}}}'
    if not hmac.compare_digest(mac, _line_mac(key, body)):
        return None
    return Checkpoint(at=at, seq=int(seq), head=head)


def key_bytes(key: str) -> bytes:
    """The configured key as bytes (a hash of it, so any length of secret gives a full key)."""
    return hashlib.sha256(key.encode("utf-8")).digest()
