"""A long chain is verified in parts, one process each: the same answers as one process."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection

from vigil.audit import verification
from vigil.audit.services import audit_checkpoint_write, audit_event_record

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _parallel_from_a_few(monkeypatch) -> None:
    monkeypatch.setattr(verification, "PARALLEL_FROM", 10)


def record(count: int) -> None:
    for _ in range(count):
        audit_event_record(
            actor="system", verb="thing.update", object_type="thing", object_id=uuid.uuid4()
        )


def test_parts_verify_a_sound_chain_and_its_checkpoints() -> None:
    record(40)
    audit_checkpoint_write()
    assert len(verification._parts()) > 1
    result = verification.audit_chain_verify()
    assert result.ok, result.failure
    assert (result.count, result.checkpoints) == (40, 1)


@pytest.mark.parametrize("seq", [1, 19, 20, 21, 40])
def test_parts_name_the_altered_event_wherever_it_is(seq: int) -> None:
    record(40)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET verb = %s WHERE seq = %s", ["thing.view", seq])
    result = verification.audit_chain_verify()
    assert not result.ok and result.failure.startswith(f"event {seq}:")
