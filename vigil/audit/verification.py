"""Proving the audit log has not been touched: every event's seal and link, every
checkpoint against the chain, and the head against the last event (`vigil verify-audit`)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import get_context

from django.db import connection, connections

from vigil.audit import chain, store
from vigil.audit.configuration import audit_key, checkpoint_path
from vigil.audit.models import AuditHead


@dataclass(frozen=True)
class Verification:
    count: int
    checkpoints: int
    failure: str | None

    @property
    def ok(self) -> bool:
        return self.failure is None


def _checkpoint_lines() -> list[str]:
    path = checkpoint_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace") as handle:
        return handle.readlines()


def _read_checkpoint_file(key: bytes) -> list[chain.Checkpoint | chain.Break]:
    return list(chain.read_checkpoints(key, _checkpoint_lines()))


def _checkpoint_problem(
    checkpoints: list[chain.Checkpoint], result: chain.ChainResult
) -> str | None:
    for checkpoint in checkpoints:
        if checkpoint.seq > result.count:
            return (
                f"checkpoint of {checkpoint.at} recorded {checkpoint.seq} events, but the log "
                f"now holds {result.count}: events after {result.count} were removed"
            )
        seal = result.seals.get(checkpoint.seq, chain.GENESIS if checkpoint.seq == 0 else None)
        if seal != checkpoint.head:
            return (
                f"checkpoint of {checkpoint.at} no longer matches event {checkpoint.seq}: "
                "the log was rewritten"
            )
    return None


# Verification splits into parts, one per processor, from this many events: reading and
# sealing a million events is about ten seconds of work for one processor.
PARALLEL_FROM = 200_000
_MOST_PARTS = 4


def audit_chain_verify() -> Verification:
    """Verify every event's seal and link, then every checkpoint against the chain."""
    key, lines = audit_key(), _checkpoint_lines()
    keep = chain.checkpoint_positions(lines)
    with _verifying(_parts(), key, keep) as outcome:
        # The checkpoints' own seals, checked while the other parts run elsewhere.
        read = list(chain.read_checkpoints(key, lines))
        result = outcome()
    broken = [item for item in read if isinstance(item, chain.Break)]
    if broken:
        return Verification(0, 0, f"checkpoint file line {broken[0].seq}: {broken[0].problem}")
    checkpoints = [item for item in read if isinstance(item, chain.Checkpoint)]
    if result.failure:
        return Verification(result.count, len(checkpoints), str(result.failure))
    problem = _checkpoint_problem(checkpoints, result) or _head_problem(result)
    return Verification(result.count, len(checkpoints), problem)


# This process checks the checkpoint file too, so its own part is a little shorter.
_OWN_SHARE = 0.8


def _parts() -> list[tuple[int, int | None]]:
    """Consecutive ranges of positions; the last is open-ended, so that nothing appended
    beyond the head escapes."""
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    count = min(_MOST_PARTS, os.cpu_count() or 1)
    if head < PARALLEL_FROM or connection.in_atomic_block or count == 1:
        # Small, or inside a transaction whose events other processes cannot see yet.
        return [(1, None)]
    share = head / (count - 1 + _OWN_SHARE)
    ends = [round(share * (_OWN_SHARE + index)) for index in range(count - 1)]
    starts = [1, *(end + 1 for end in ends)]
    return [(start, end) for start, end in zip(starts, ends, strict=False)] + [(starts[-1], None)]


def verify_part(
    start: int, last: int | None, key: bytes, keep: frozenset[int]
) -> chain.ChainResult:
    """One part of the chain (in a process of its own when the chain is long). No transaction
    is opened: on SQLite every transaction takes the one write lock, and parts read at once."""
    head = chain.GENESIS if start == 1 else None
    return chain.verify(store.rows(start, last), key, keep, start=start, head=head)


Outcome = Callable[[], chain.ChainResult]


@contextmanager
def _verifying(
    parts: list[tuple[int, int | None]], key: bytes, keep: frozenset[int]
) -> Iterator[Outcome]:
    """Verify the first part here and the others each in a process of its own (as many
    processes as processors, this one included); the outcome waits for them all."""
    first, *others = parts
    if not others:
        yield lambda: verify_part(*first, key, keep)
        return
    connections.close_all()  # a forked process must open its own
    with ProcessPoolExecutor(len(others), mp_context=get_context("fork")) as pool:
        futures = [pool.submit(verify_part, start, last, key, keep) for start, last in others]

        def outcome() -> chain.ChainResult:
            here = verify_part(*first, key, keep)
            theirs = [
                (start, last, f.result()) for (start, last), f in zip(others, futures, strict=True)
            ]
            return chain.join_parts([(*first, here), *theirs])

        yield outcome


def _head_problem(result: chain.ChainResult) -> str | None:
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        return (
            None if result.count == 0 else "the chain's head is missing: the log was tampered with"
        )
    if head.seq > result.count:
        return (
            f"event {result.count + 1}: is missing: the chain's head records {head.seq} events "
            f"but the log holds {result.count}"
        )
    if head.seq != result.count or head.mac != result.head:
        return "the chain's head does not match its last event: the log was rewritten"
    return None
