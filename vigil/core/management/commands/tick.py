from __future__ import annotations

from typing import Any

from vigil.core.commands import VigilCommand
from vigil.core.ticking import tick


class Command(VigilCommand):
    help = """Evaluate every open clock once.

Warns each clock's holder when 75% of its time has run, and escalates each overdue clock to
the managers of the organisation that must act. Also writes an audit checkpoint and retries
e-mails that did not go. Idempotent: running it twice, or two at once, notifies nobody twice.
`vigil worker` runs this every minute.
"""

    def handle(self, *args: Any, **options: Any) -> None:
        report = tick()
        checkpoint = (
            f"audit checkpoint at event {report.checkpoint}"
            if report.checkpoint is not None
            else "no new audit events since the last checkpoint"
        )
        self.stdout.write(
            f"Warned {report.warned}, escalated {report.escalated}, "
            f"{report.notifications} notifications; {checkpoint}."
        )
