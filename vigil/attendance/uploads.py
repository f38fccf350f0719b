"""Where an uploaded file waits for its import, and the progress of the import beside it.

Under VIGIL_VAR_DIR, in a folder only Vigil's user may open: `<import id>.csv`, written once
and removed when the import ends, and `<import id>.progress`, "<line reached> <lines>" (the
import's one transaction hides its rows from the page until the end, so the page reads this).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from django.conf import settings


def folder() -> Path:
    kept = Path(settings.VAR_DIR) / "attendance-imports"
    kept.mkdir(mode=0o700, exist_ok=True)
    return kept


def upload_path(import_id: uuid.UUID) -> Path:
    return folder() / f"{import_id}.csv"


def progress_path(import_id: uuid.UUID) -> Path:
    return folder() / f"{import_id}.progress"


def progress_write(import_id: uuid.UUID, line: int, total: int) -> None:
    marker = progress_path(import_id)
    writing = marker.with_suffix(".writing")
    writing.write_text(f"{line} {total}", encoding="ascii")
    os.replace(writing, marker)


def progress_read(import_id: uuid.UUID) -> tuple[int, int] | None:
    try:
        line, total = progress_path(import_id).read_text(encoding="ascii").split()
        return int(line), int(total)
    except (OSError, ValueError):
        return None


def discard(import_id: uuid.UUID) -> None:
    upload_path(import_id).unlink(missing_ok=True)
    progress_path(import_id).unlink(missing_ok=True)
