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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64
_SEPARATOR = "\x1e"

# seq, occurred_at, log, actor, verb, object_type, object_id, details, prev_mac, mac
EventRow = tuple[int, datetime, str, str, str, str, str, str, str, str]


def timestamp(moment: datetime) -> str:
    """The sealed form of a moment: UTC to the microsecond."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_details(details: Mapping[str, object]) -> str:
    """Details are sealed as stored: sorted keys, no spaces, ASCII only."""
    return json.dumps(details, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def seal(key: bytes, seq: int, prev_mac: str, fields: tuple[str, ...]) -> str:
    """HMAC-SHA-256 over the event's position, the previous seal and the event's fields."""
    message = _SEPARATOR.join((str(seq), prev_mac, *fields)).encode("utf-8")
    return hmac.digest(key, message, "sha256").hex()


def seal_row(key: bytes, row: EventRow, prev_mac: str) -> str:
    seq, occurred_at, log, actor, verb, object_type, object_id, details = row[:8]
    fields = (timestamp(occurred_at), log, actor, verb, object_type, object_id, details)
    return seal(key, seq, prev_mac, fields)


@dataclass(frozen=True)
class Break:
    """Where the chain first fails to hold, in words for the person verifying it."""

    seq: int
    problem: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.problem}"


@dataclass(frozen=True)
class ChainResult:
    count: int
    head: str
    failure: Break | None
    seals: dict[int, str]


def verify(rows: Iterable[EventRow], key: bytes, keep: frozenset[int] = frozenset()) -> ChainResult:
    """Walk the events in order of position; stop at the first that breaks the chain.

    `keep` names positions whose seals the caller wants back (to compare with checkpoints).
    """
    head, expected = GENESIS, 1
    seals: dict[int, str] = {}
    for row in rows:
        seq = row[0]
        problem = _problem(key, row, expected, head)
        if problem:
            return ChainResult(expected - 1, head, Break(min(seq, expected), problem), seals)
        head = row[9]
        if seq in keep:
            seals[seq] = head
        expected += 1
    return ChainResult(expected - 1, head, None, seals)


def _problem(key: bytes, row: EventRow, expected: int, head: str) -> str | None:
    seq, prev_mac, mac = row[0], row[8], row[9]
    if seq > expected:
        return "is missing: the events from here up to the next one present were removed"
    if seq < expected:
        return "appears twice: an event was inserted"
    if not hmac.compare_digest(seal_row(key, row, prev_mac), mac):
        return "does not match its seal: it was altered, inserted, or moved from another position"
    if not hmac.compare_digest(prev_mac, head):
        return "does not follow the event before it: events were inserted, removed or reordered"
    return None


@dataclass(frozen=True)
class Checkpoint:
    at: str
    seq: int
    head: str


def checkpoint_line(key: bytes, at: datetime, seq: int, head: str) -> str:
    """One line of the checkpoint file, itself sealed so that it cannot be edited unnoticed."""
    body = {"at": timestamp(at), "seq": seq, "head": head}
    text = canonical_details(body)
    body["mac"] = hmac.digest(key, text.encode("ascii"), "sha256").hex()
    return canonical_details(body)


def read_checkpoints(key: bytes, lines: Iterable[str]) -> Iterator[Checkpoint | Break]:
    """Each line as a checkpoint, or as a Break (seq = line number) when it was tampered with."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        checkpoint = _read_checkpoint(key, line)
        yield checkpoint or Break(number, "checkpoint line was altered or is not a checkpoint")


def _read_checkpoint(key: bytes, line: str) -> Checkpoint | None:
    try:
        body = json.loads(line)
        mac = body.pop("mac")
        text = canonical_details(body)
        expected = hmac.digest(key, text.encode("ascii"), "sha256").hex()
        if not hmac.compare_digest(mac, expected):
            return None
        return Checkpoint(at=str(body["at"]), seq=int(body["seq"]), head=str(body["head"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def key_bytes(key: str) -> bytes:
    """The configured key as bytes (a hash of it, so any length of secret gives a full key)."""
    return hashlib.sha256(key.encode("utf-8")).digest()
