"""`vigil verify-audit` against a database someone has tampered with by raw SQL."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from vigil.audit import chain
from vigil.audit.models import AuditEvent, AuditHead
from vigil.audit.services import (
    NotAnIdentifierError,
    access_event_record,
    audit_checkpoint_write,
    audit_event_record,
)
from vigil.audit.verification import audit_chain_verify

pytestmark = pytest.mark.django_db


def record(count: int) -> list[AuditEvent]:
    return [
        audit_event_record(
            actor="system", verb="person.update", object_type="person", object_id=uuid.uuid4()
        )
        for _ in range(count)
    ]


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def failure() -> str:
    result = audit_chain_verify()
    assert not result.ok
    assert result.failure is not None
    return result.failure


def test_events_chain_in_order_and_verify() -> None:
    events = record(5)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5]
    assert events[1].prev_mac == events[0].mac
    head = AuditHead.objects.get()
    assert (head.seq, head.mac) == (5, events[-1].mac)
    result = audit_chain_verify()
    assert result.ok and result.count == 5


def test_access_events_share_the_chain() -> None:
    record(1)
    access_event_record(
        actor="system", verb="child.view", object_type="child", object_id=uuid.uuid4()
    )
    assert list(AuditEvent.objects.order_by("seq").values_list("log", flat=True)) == [
        "audit",
        "access",
    ]
    assert audit_chain_verify().ok


@pytest.mark.parametrize(
    "detail",
    [{"name": "Jane Doe"}, {"note": "seen at the park"}, {"dob": {"y": 2012}}],
)
def test_personal_data_cannot_go_on_the_log(detail: dict[str, object]) -> None:
    with pytest.raises(NotAnIdentifierError):
        audit_event_record(
            actor="system", verb="child.update", object_type="child", object_id="x", details=detail
        )
    with pytest.raises(NotAnIdentifierError):
        audit_event_record(
            actor="system", verb="child updated by Jane", object_type="child", object_id="x"
        )
    assert AuditEvent.objects.count() == 0


def test_altered_event_is_named() -> None:
    record(10)
    sql("UPDATE audit_auditevent SET verb = %s WHERE seq = %s", "person.view", 4)
    assert failure().startswith("event 4:")


def test_removed_event_is_named() -> None:
    record(10)
    sql("DELETE FROM audit_auditevent WHERE seq = %s", 6)
    assert failure().startswith("event 6:") and "missing" in failure()


def test_inserted_event_is_named() -> None:
    record(10)
    sql("UPDATE audit_auditevent SET seq = seq + 1000 WHERE seq >= %s", 5)
    sql("UPDATE audit_auditevent SET seq = seq - 999 WHERE seq >= %s", 1000)
    sql(
        "INSERT INTO audit_auditevent (seq, occurred_at, log, actor, verb, object_type, object_id, details, prev_mac, mac) "
        "SELECT 5, occurred_at, log, actor, 'person.delete', object_type, object_id, details, prev_mac, mac "
        "FROM audit_auditevent WHERE seq = 4"
    )
    assert failure().startswith("event 5:")


def test_reordered_events_are_named() -> None:
    record(10)
    sql("UPDATE audit_auditevent SET seq = -1 WHERE seq = 7")
    sql("UPDATE audit_auditevent SET seq = 7 WHERE seq = 8")
    sql("UPDATE audit_auditevent SET seq = 8 WHERE seq = -1")
    assert failure().startswith("event 7:")


def test_resealed_tail_without_the_key_is_caught() -> None:
    record(10)
    forged = chain.key_bytes("a database administrator's guess at the key")
    rows = list(AuditEvent.objects.filter(seq__gte=6).order_by("seq"))
    prev = AuditEvent.objects.get(seq=5).mac
    for event in rows:
        event.verb = "person.view"
        fields = (
            chain.timestamp(event.occurred_at),
            event.log,
            event.actor,
            event.verb,
            event.object_type,
            event.object_id,
            event.details,
        )
        mac = chain.seal(forged, event.seq, prev, fields)
        sql(
            "UPDATE audit_auditevent SET verb = %s, prev_mac = %s, mac = %s WHERE seq = %s",
            event.verb,
            prev,
            mac,
            event.seq,
        )
        prev = mac
    sql("UPDATE audit_audithead SET mac = %s", prev)
    assert failure().startswith("event 6:")


def test_removing_the_tail_is_caught_by_the_checkpoint() -> None:
    record(10)
    audit_checkpoint_write()
    last_kept = AuditEvent.objects.get(seq=7)
    sql("DELETE FROM audit_auditevent WHERE seq > 7")
    sql("UPDATE audit_audithead SET seq = 7, mac = %s", last_kept.mac)
    message = failure()
    assert "checkpoint" in message and "10 events" in message


def test_removing_the_tail_without_a_checkpoint_is_caught_by_the_head() -> None:
    record(10)
    sql("DELETE FROM audit_auditevent WHERE seq > 7")
    assert failure().startswith("event 8:")


def test_rewriting_the_whole_chain_is_caught_by_the_checkpoint() -> None:
    record(5)
    audit_checkpoint_write()
    sql("DELETE FROM audit_auditevent")
    sql("UPDATE audit_audithead SET seq = 0, mac = %s", chain.GENESIS)
    record(5)  # a fresh, validly sealed chain of the same length
    assert "no longer matches" in failure()


def test_an_edited_checkpoint_file_is_caught(settings) -> None:
    record(3)
    audit_checkpoint_write()
    path = settings.VIGIL_AUDIT_CHECKPOINT_FILE
    body = json.loads(path.read_text())
    body["seq"] = 2
    path.write_text(json.dumps(body) + "\n")
    assert failure().startswith("checkpoint file line 1")


def test_checkpoints_are_appended_only_when_the_chain_grew(settings) -> None:
    record(2)
    audit_checkpoint_write()
    assert audit_checkpoint_write() is None
    record(1)
    audit_checkpoint_write()
    lines = settings.VIGIL_AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [2, 3]


def test_verify_command_reports_count_and_exit_codes(capsys) -> None:
    record(4)
    call_command("verify_audit")
    assert "Verified 4 events" in capsys.readouterr().out
    sql("UPDATE audit_auditevent SET object_id = 'other' WHERE seq = 2")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify_audit")
    assert exit_info.value.code == 1
    assert "event 2:" in capsys.readouterr().err


def test_verify_command_runs_as_a_real_process(tmp_path) -> None:
    """The console script itself: exit status 0 and the count on a fresh, empty database."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "VIGIL_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        [sys.executable, "-m", "vigil.cli", "migrate", "-v", "0"], env=env, check=True, timeout=120
    )
    done = subprocess.run(
        [sys.executable, "-m", "vigil.cli", "verify-audit"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Verified 0 events" in done.stdout


def test_a_stale_remembered_head_writes_nothing_and_the_locking_path_appends(monkeypatch) -> None:
    """Another process appended since this one last did: the one-statement append must not
    write, and the event still lands, sealed after the real head."""
    from vigil.audit import store

    first, second = record(2)
    monkeypatch.setattr(store, "remembered_head", lambda: (first.seq, first.mac))
    (third,) = record(1)
    assert (third.seq, third.prev_mac) == (3, second.mac)
    assert audit_chain_verify().ok
