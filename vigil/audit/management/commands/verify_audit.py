from __future__ import annotations

import sys
from typing import Any

from vigil.audit.verification import audit_chain_verify
from vigil.core.commands import VigilCommand


class Command(VigilCommand):
    # Nothing here depends on the rest of the configuration: start verifying at once.
    requires_system_checks: list[str] = []
    help = """Prove that the audit log has not been touched.

Recomputes every event's seal (HMAC-SHA-256 keyed with VIGIL_AUDIT_KEY, which the database
does not hold) and its link to the event before, then checks each checkpoint in
VIGIL_AUDIT_CHECKPOINT_FILE against the chain.

exit status:
  0  every event verified; prints how many
  1  the chain is broken; names the first event altered, removed, inserted or reordered,
     or the checkpoint that no longer matches
"""

    def handle(self, *args: Any, **options: Any) -> None:
        result = audit_chain_verify()
        if result.ok:
            self.stdout.write(
                f"Verified {result.count} events and {result.checkpoints} checkpoints: "
                "the audit log is intact."
            )
            return
        self.stderr.write(f"The audit log is NOT intact: {result.failure}")
        sys.exit(1)
