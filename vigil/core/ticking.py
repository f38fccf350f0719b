"""What runs every minute: the clocks, the audit checkpoint, e-mails that did not go, and
forgetting API callers not seen for a day."""

from __future__ import annotations

import time
from dataclasses import dataclass

from vigil.audit.services import audit_checkpoint_write
from vigil.core.rates import rates_prune
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
    rates_prune(now=time.time())
    return TickSummary(
        report.warned,
        report.escalated,
        report.notifications,
        checkpoint.seq if checkpoint else None,
    )
