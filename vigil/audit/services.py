"""Appending to the audit chain, writing checkpoints, and verifying both.

Every service that writes case data calls `audit_event_record` inside its own transaction, so
the change and its audit event commit together or not at all. Opening or exporting a child's
file calls `access_event_record`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from vigil.audit import chain, store
from vigil.audit.configuration import audit_key, checkpoint_path
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


def _unsealed(entry: Entry, now: datetime) -> AuditEvent:
    """The event as it will be stored, checked to hold identifiers only, not yet sealed."""
    return AuditEvent(
        occurred_at=now,
        log=_identifier("log", entry.log),
        actor=_identifier("actor", _actor_reference(entry.actor)),
        verb=_identifier("verb", entry.verb),
        object_type=_identifier("object type", entry.object_type),
        object_id=_identifier("object id", entry.object_id),
        details=_details(entry.details),
    )


def _seal(event: AuditEvent, seq: int, prev_mac: str, key: bytes, sealed_moment: str) -> str:
    event.seq, event.prev_mac = seq, prev_mac
    fields = (
        sealed_moment,
        event.log,
        event.actor,
        event.verb,
        event.object_type,
        event.object_id,
        event.details,
    )
    event.mac = chain.seal(key, seq, prev_mac, fields)
    return event.mac


class ChainHeadMissingError(RuntimeError):
    """The chain's head row is gone while events remain: the log was tampered with."""


def _locked_head() -> tuple[int, str]:
    """The chain's head, locked. An empty log starts at the genesis head; a log with events
    but no head refuses to grow until someone has looked (`vigil verify-audit`)."""
    head = store.locked_head()
    if head is not None:
        return head
    if AuditEvent.objects.exists():
        # The first writer of an empty log may have created the head and committed its events
        # since this transaction looked for the head: look again before refusing.
        head = store.locked_head()
        if head is not None:
            return head
        raise ChainHeadMissingError("The audit chain's head is missing: run `vigil verify-audit`.")
    AuditHead.objects.bulk_create(
        [AuditHead(pk=1, seq=0, mac=chain.GENESIS)], ignore_conflicts=True
    )
    return store.locked_head() or (0, chain.GENESIS)


def audit_events_record(*, entries: Sequence[Entry]) -> list[AuditEvent]:
    """Append events to the chain, in order, inside the caller's transaction.

    The head is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's immediate transactions
    already allow one writer), so concurrent appenders chain one after another. No savepoint:
    if the append fails, the caller's whole change fails with it.
    """
    if not entries:
        return []
    key, now = audit_key(), timezone.now()
    sealed_moment = chain.timestamp(now)
    # Checked before the head is locked: a refusal leaves the caller's transaction usable.
    events = [_unsealed(entry, now) for entry in entries]
    with transaction.atomic(savepoint=False):
        guess = store.remembered_head()
        if guess is None or not store.append_if_head_is(
            _sealed(events, guess, key, sealed_moment), guess, now
        ):
            _sealed(events, _locked_head(), key, sealed_moment)
            store.append(events, now)
    store.remember(events[-1].seq, events[-1].mac)
    return events


def _sealed(
    events: list[AuditEvent], head: tuple[int, str], key: bytes, moment: str
) -> list[AuditEvent]:
    seq, prev = head
    for event in events:
        seq += 1
        prev = _seal(event, seq, prev, key, moment)
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
    path, key = checkpoint_path(), audit_key()
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
