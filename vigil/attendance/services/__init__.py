"""Every write to attendance: imports, matching, flags and the thresholds."""

from vigil.attendance.services.flags import flag_dismiss, flag_to_concern, flags_raise
from vigil.attendance.services.importing import (
    ImportRejectedError,
    attendance_import,
    import_prepare,
    import_run,
    marks_match,
)
from vigil.attendance.services.thresholds import absence_settings_change

__all__ = [
    "ImportRejectedError",
    "absence_settings_change",
    "attendance_import",
    "flag_dismiss",
    "flag_to_concern",
    "flags_raise",
    "import_prepare",
    "import_run",
    "marks_match",
]
