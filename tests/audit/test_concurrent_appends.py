"""Many writers at once leave one chain that verifies (SQLite's immediate transactions,
PostgreSQL's row lock on the head)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.db import connection

from vigil.audit.models import AuditEvent
from vigil.audit.services import audit_event_record
from vigil.audit.verification import audit_chain_verify

WRITERS = 8
EACH = 1000


def _write(errors: list[BaseException], barrier: threading.Barrier) -> None:
    try:
        barrier.wait()
        for _ in range(EACH):
            audit_event_record(
                actor="system", verb="load.test", object_type="thing", object_id=uuid.uuid4()
            )
    except BaseException as error:  # report to the test thread
        errors.append(error)
    finally:
        connection.close()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_leave_a_chain_that_verifies() -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=_write, args=(errors, barrier)) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    assert AuditEvent.objects.count() == WRITERS * EACH
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EACH + 1))
    result = audit_chain_verify()
    assert result.ok, result.failure
    assert result.count == WRITERS * EACH
