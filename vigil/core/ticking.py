"""What runs every minute: the clocks, the audit checkpoint, and e-mails that did not go."""

from __future__ import annotations

from dataclasses import dataclass

from vigil.audit.services import audit_checkpoint_write
from vigil.core.services.timekeeping import clocks_tick
from vigil.notifications.services import notifications_email_retry


@dataclass(frozen=True)
class TickSummary:
    warned: int
    escalated: int
    notifications: int
    checkpoint: int | None  # the new checkpoint's event count; None when nothing grew


def tick() -> TickSummary:
    report = clocks_tick()
    checkpoint = audit_checkpoint_write()
    notifications_email_retry()
    return TickSummary(
        report.warned,
        report.escalated,
        report.notifications,
        checkpoint.seq if checkpoint else None,
    )
