"""Appending to the audit chain, writing checkpoints, and verifying both.

Every service that writes case data calls `audit_event_record` inside its own transaction, so
the change and its audit event commit together or not at all. Opening or exporting a child's
file calls `access_event_record`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from vigil.audit import chain
from vigil.audit.models import AuditEvent, AuditHead, Log

# Events carry identifiers and verbs only: never a name, a date of birth or free text.
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:@/+-]{0,64}$")
_DETAIL_VALUE = (str, int, bool, type(None))
SYSTEM = "system"
ANONYMOUS = "anonymous"


class Actor(Protocol):
    @property
    def pk(self) -> object: ...


ActorLike = Actor | str | None


class NotAnIdentifierError(ValueError):
    """Something that is not an identifier was about to go on the audit log."""


@dataclass(frozen=True)
class Entry:
    """One event to append."""

    actor: ActorLike
    verb: str
    object_type: str
    object_id: object
    details: Mapping[str, object] | None = None
    log: str = Log.AUDIT


def _actor_reference(actor: ActorLike) -> str:
    """A person's id, or `system` / `anonymous`: what the log records as 'who'."""
    if actor is None:
        return ANONYMOUS
    if isinstance(actor, str):
        return actor
    if getattr(actor, "is_authenticated", True) is False:
        return ANONYMOUS
    return str(actor.pk)


def _identifier(name: str, value: object) -> str:
    text = "" if value is None else str(value)
    if not _IDENTIFIER.match(text):
        raise NotAnIdentifierError(f"{name} must be an identifier, not free text")
    return text


def _details(details: Mapping[str, object] | None) -> str:
    clean: dict[str, object] = {}
    for name, value in (details or {}).items():
        _identifier("detail name", name)
        values = value if isinstance(value, list | tuple) else [value]
        for item in values:
            if not isinstance(item, _DETAIL_VALUE) or (
                isinstance(item, str) and not _IDENTIFIER.match(item)
            ):
                raise NotAnIdentifierError(f"detail {name!r} must hold identifiers only")
        clean[name] = list(value) if isinstance(value, list | tuple) else value
    return chain.canonical_details(clean)


def _row(entry: Entry, seq: int, prev_mac: str, key: bytes, now: datetime) -> AuditEvent:
    event = AuditEvent(
        seq=seq,
        occurred_at=now,
        log=_identifier("log", entry.log),
        actor=_identifier("actor", _actor_reference(entry.actor)),
        verb=_identifier("verb", entry.verb),
        object_type=_identifier("object type", entry.object_type),
        object_id=_identifier("object id", entry.object_id),
        details=_details(entry.details),
        prev_mac=prev_mac,
    )
    fields = (
        chain.timestamp(event.occurred_at),
        event.log,
        event.actor,
        event.verb,
        event.object_type,
        event.object_id,
        event.details,
    )
    event.mac = chain.seal(key, seq, prev_mac, fields)
    return event


def _key() -> bytes:
    return chain.key_bytes(settings.VIGIL_AUDIT_KEY)


class ChainHeadMissingError(RuntimeError):
    """The chain's head row is gone while events remain: the log was tampered with."""


def _locked_head() -> AuditHead:
    """The chain's head, locked. An empty log starts at the genesis head; a log with events
    but no head refuses to grow until someone has looked (`vigil verify-audit`)."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    if AuditEvent.objects.exists():
        raise ChainHeadMissingError("The audit chain's head is missing: run `vigil verify-audit`.")
    AuditHead.objects.bulk_create(
        [AuditHead(pk=1, seq=0, mac=chain.GENESIS)], ignore_conflicts=True
    )
    return AuditHead.objects.select_for_update().get(pk=1)


def audit_events_record(*, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append events to the chain, in order, inside the caller's transaction.

    The head row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate
    transactions already allow one writer), so concurrent appenders chain one after another.
    """
    if not entries:
        return []
    key, now = _key(), timezone.now()
    with transaction.atomic():
        head = _locked_head()
        events = []
        seq, prev = head.seq, head.mac
        for entry in entries:
            seq += 1
            event = _row(entry, seq, prev, key, now)
            events.append(event)
            prev = event.mac
        AuditEvent.objects.bulk_create(events)
        AuditHead.objects.filter(pk=1).update(seq=seq, mac=prev)
    return events


def audit_event_record(
    *,
    actor: ActorLike,
    verb: str,
    object_type: str,
    object_id: object,
    details: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Record a change: who, which verb, which record, when."""
    return audit_events_record(entries=[Entry(actor, verb, object_type, object_id, details)])[0]


def access_event_record(
    *,
    actor: ActorLike,
    verb: str,
    object_type: str,
    object_id: object,
    details: Mapping[str, object] | None = None,
) -> AuditEvent:
    """Record that someone opened or exported a record (the access log)."""
    entry = Entry(actor, verb, object_type, object_id, details, log=Log.ACCESS)
    return audit_events_record(entries=[entry])[0]


# Checkpoints -----------------------------------------------------------------------------


def _checkpoint_path() -> Path:
    return Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE)


def _last_checkpoint(path: Path) -> str | None:
    """The file's last line, read from its end: the file grows by a line a minute for years."""
    if not path.exists():
        return None
    with path.open("rb") as handle:
        size = handle.seek(0, 2)
        handle.seek(max(0, size - 4096))
        lines = handle.read().splitlines()
    return lines[-1].decode("utf-8", "replace") if lines else None


def _head() -> AuditHead:
    return AuditHead.objects.filter(pk=1).first() or AuditHead(pk=1, seq=0, mac=chain.GENESIS)


def audit_checkpoint_write() -> chain.Checkpoint | None:
    """Append the chain's count and head seal to the checkpoint file, when it has grown.

    The file is opened for appending only; it can be shipped elsewhere (a log server, WORM
    storage) so that removing events from the end of the chain is caught.
    """
    head = _head()
    path, key = _checkpoint_path(), _key()
    last = _last_checkpoint(path)
    if last:
        previous = next(chain.read_checkpoints(key, [last]))
        if isinstance(previous, chain.Checkpoint) and previous.seq == head.seq:
            return None
    line = chain.checkpoint_line(key, timezone.now(), head.seq, head.mac)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
    return chain.Checkpoint(at=chain.timestamp(timezone.now()), seq=head.seq, head=head.mac)


# Verification ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    count: int
    checkpoints: int
    failure: str | None

    @property
    def ok(self) -> bool:
        return self.failure is None


def _rows(chunk: int = 20_000) -> Iterator[chain.EventRow]:
    columns = (
        "seq",
        "occurred_at",
        "log",
        "actor",
        "verb",
        "object_type",
        "object_id",
        "details",
        "prev_mac",
        "mac",
    )
    queryset = AuditEvent.objects.order_by("seq").values_list(*columns)
    yield from queryset.iterator(chunk_size=chunk)


def _read_checkpoint_file(key: bytes) -> list[chain.Checkpoint | chain.Break]:
    path = _checkpoint_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8", errors="replace") as handle:
        return list(chain.read_checkpoints(key, handle))


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


def audit_chain_verify() -> Verification:
    """Verify every event's seal and link, then every checkpoint against the chain."""
    key = _key()
    read = _read_checkpoint_file(key)
    broken = [item for item in read if isinstance(item, chain.Break)]
    if broken:
        return Verification(0, 0, f"checkpoint file line {broken[0].seq}: {broken[0].problem}")
    checkpoints = [item for item in read if isinstance(item, chain.Checkpoint)]
    keep = frozenset(checkpoint.seq for checkpoint in checkpoints)
    result = chain.verify(_rows(), key, keep)
    if result.failure:
        return Verification(result.count, len(checkpoints), str(result.failure))
    problem = _checkpoint_problem(checkpoints, result) or _head_problem(result)
    return Verification(result.count, len(checkpoints), problem)


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
