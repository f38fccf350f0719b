"""Background work for attendance: a file uploaded on the import page, imported by
`vigil worker` while the page shows its progress."""

from __future__ import annotations

import uuid

from django_tasks import task


@task()
def attendance_import_run(import_id: str) -> str:
    """Import a checked, kept file (services.import_prepare queued it). Returns its state."""
    from vigil.attendance.models import AttendanceImport
    from vigil.attendance.services import import_run

    record = (
        AttendanceImport.objects.select_related("school", "imported_by")
        .filter(pk=uuid.UUID(import_id))
        .first()
    )
    if record is None:
        return "missing"
    return import_run(actor=record.imported_by, record=record).state
