"""Where the audit chain's key and its checkpoint file come from: the environment, never the
database (VIGIL_AUDIT_KEY, VIGIL_AUDIT_CHECKPOINT_FILE)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from vigil.audit import chain


def audit_key() -> bytes:
    return chain.key_bytes(settings.VIGIL_AUDIT_KEY)


def checkpoint_path() -> Path:
    return Path(settings.VIGIL_AUDIT_CHECKPOINT_FILE)
