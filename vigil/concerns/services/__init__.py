"""Every write about concerns: recording (with drafts) and the DSL's triage."""

from vigil.concerns.services.recording import (
    concern_record,
    draft_discard,
    draft_save,
    draft_start,
)
from vigil.concerns.services.triage import (
    concern_child_confirm,
    concern_close,
    concern_decide,
)

__all__ = [
    "concern_child_confirm",
    "concern_close",
    "concern_decide",
    "concern_record",
    "draft_discard",
    "draft_save",
    "draft_start",
]
