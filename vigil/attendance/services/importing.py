"""Importing a school's attendance marks, and matching held marks to children.

One way in for every route (the page's background task, `vigil attendance import`, the API):
`attendance_import` reads the file line by line, stores the good marks as it goes, and at the
end either commits them all, or, when any line was bad, stores nothing and says which lines
were bad and why. Marks are linked to the child whose file the school keeps with the UPN;
the others are held until a file carries the UPN (matched again on each import, and by "Match
again"). Then the absence flags are computed for the school (flags.py).
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import Organisation, Person
from vigil.attendance import policy, store, tasks, uploads
from vigil.attendance.models import AttendanceImport, ImportSource, ImportState
from vigil.attendance.parsing import Problem, Reading, count_lines
from vigil.attendance.services.flags import flags_raise
from vigil.audit.services import audit_event_record
from vigil.children.models import Child

logger = logging.getLogger(__name__)

# (line reached, lines in the file)
Progress = Callable[[int, int], None]
CHUNK = 1024 * 1024


class ImportRejectedError(Exception):
    """The file has bad lines: nothing was stored. `problems` lists the first of them."""

    def __init__(self, problems: list[Problem], count: int) -> None:
        self.problems, self.count = problems, count
        super().__init__(self.summary)

    @property
    def summary(self) -> str:
        lines = "1 line has a problem" if self.count == 1 else f"{self.count:,} lines have problems"
        return (
            f"The file was not imported: {lines}. Nothing was stored. Put the lines right and "
            "import the whole file again."
        )


def _check(actor: Person, school: Organisation) -> None:
    if not policy.keeps_registers(school) or not policy.can_work_on_attendance(actor, school.pk):
        raise PermissionDenied


def _children_by_upn(school_id: uuid.UUID) -> dict[str, uuid.UUID]:
    """The school's children by UPN; a UPN two files carry links to neither (held)."""
    found: dict[str, uuid.UUID | None] = {}
    rows = Child.objects.filter(organisation_id=school_id).exclude(upn="")
    for upn, child_id in rows.values_list("upn", "id"):
        found[upn] = None if upn in found else child_id
    return {upn: child for upn, child in found.items() if child is not None}


@dataclass
class _Loading:
    reading: Reading
    children: dict[str, uuid.UUID]
    held: int = 0

    def rows(self) -> Iterator[store.Row]:
        children = self.children
        for upn, day, session, code in self.reading.marks():
            child = children.get(upn)
            if child is None:
                self.held += 1
            yield upn, day, session, code, child


def _line_total(file: BinaryIO) -> int:
    file.seek(0)
    total = count_lines(iter(lambda: file.read(CHUNK), b""))
    file.seek(0)
    return total


def attendance_import(
    *,
    actor: Person,
    school: Organisation,
    file: BinaryIO,
    source: str,
    file_name: str = "",
    record: AttendanceImport | None = None,
    progress: Progress | None = None,
    on_problem: Callable[[Problem], None] | None = None,
) -> AttendanceImport:
    """Import a school's file of marks (a seekable binary file), replacing the marks it gives
    again; then match held marks and compute the school's absence flags. Raises
    ImportRejectedError, having stored nothing, when any line is bad."""
    _check(actor, school)
    total = _line_total(file)
    loading = _Loading(Reading(file, today=timezone.localdate(), on_problem=on_problem), {})
    loading.children = _children_by_upn(school.pk)
    record = record or AttendanceImport(
        school=school, imported_by=actor, source=source, file_name=file_name[:200]
    )
    report = progress or (lambda line, total: None)
    with transaction.atomic():
        before = store.marks_count(school.pk)
        store.marks_upsert(school.pk, loading.rows(), lambda _: report(loading.reading.line, total))
        reading = loading.reading
        if not reading.ok:
            raise ImportRejectedError(reading.problems, reading.problem_count)
        created = store.marks_count(school.pk) - before
        matched = _link_held(school.pk, loading.children)
        _record_done(record, reading, created, loading.held, matched)
        audit_event_record(
            actor=actor,
            verb="attendance.import",
            object_type="attendance-import",
            object_id=record.pk,
            details={
                "school": str(school.pk),
                "rows": reading.rows,
                "created": created,
                "held": loading.held,
                "matched": matched,
                "source": source,
            },
        )
    raised = flags_raise(actor=actor, school=school)
    AttendanceImport.objects.filter(pk=record.pk).update(flags_raised=len(raised))
    record.flags_raised = len(raised)
    return record


def _link_held(school_id: uuid.UUID, children: dict[str, uuid.UUID]) -> int:
    held = store.held_upns(school_id)
    return store.marks_link(school_id, {upn: children[upn] for upn in held if upn in children})


def _record_done(
    record: AttendanceImport, reading: Reading, created: int, held: int, matched: int
) -> None:
    now = timezone.now()
    record.state = ImportState.DONE
    record.lines, record.rows = reading.line, reading.rows
    record.created, record.replaced = created, reading.rows - created
    record.held, record.matched = held, matched
    record.created_at = record.created_at or now
    record.started_at = record.started_at or now
    record.finished_at = now
    record.save()


# The page: the file kept in a private folder, checked, then imported in the background ----


def import_prepare(
    *, actor: Person, school: Organisation, upload: UploadedFile
) -> AttendanceImport:
    """Keep the uploaded file where only Vigil reads it, check every line, and queue its import
    (the page then shows its progress). Raises ImportRejectedError, keeping nothing, when any
    line is bad."""
    _check(actor, school)
    import_id = uuid.uuid4()
    try:
        reading = _kept_and_read(import_id, upload)
        if not reading.ok:
            raise ImportRejectedError(reading.problems, reading.problem_count)
        with transaction.atomic():
            record = AttendanceImport.objects.create(
                id=import_id,
                school=school,
                imported_by=actor,
                source=ImportSource.PAGE,
                file_name=(upload.name or "")[:200],
                state=ImportState.QUEUED,
                lines=reading.line,
                rows=reading.rows,
                created_at=timezone.now(),
            )
            tasks.attendance_import_run.enqueue(str(record.pk))
    except BaseException:
        uploads.discard(import_id)  # nothing is kept of a file that is not imported
        raise
    return record


def _kept_and_read(import_id: uuid.UUID, upload: UploadedFile) -> Reading:
    """The upload written where only Vigil's user reads it, then read through once."""
    descriptor = os.open(
        uploads.upload_path(import_id), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
    )
    with os.fdopen(descriptor, "wb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    with uploads.upload_path(import_id).open("rb") as file:
        reading = Reading(file, today=timezone.localdate())
        for _mark in reading.marks():
            pass
    return reading


def import_run(*, actor: Person, record: AttendanceImport) -> AttendanceImport:
    """The background task's work: import the kept file, keeping the page's progress in a
    small file beside it (the import's one transaction hides its rows until the end)."""
    claimed = AttendanceImport.objects.filter(
        pk=record.pk, state=ImportState.QUEUED, imported_by=actor
    ).update(state=ImportState.RUNNING, started_at=timezone.now())
    if not claimed:  # already run (a task retried), or not this person's
        return record
    path = uploads.upload_path(record.pk)
    try:
        with path.open("rb") as file:
            return attendance_import(
                actor=actor,
                school=record.school,
                file=file,
                source=ImportSource.PAGE,
                record=record,
                progress=lambda line, total: uploads.progress_write(record.pk, line, total),
            )
    except ImportRejectedError as rejected:
        _finished(record, ImportState.REJECTED, rejected)
    except Exception:
        logger.exception("The attendance import %s failed.", record.pk)
        _finished(record, ImportState.FAILED, None)
    finally:
        uploads.discard(record.pk)
    record.refresh_from_db()
    return record


def _finished(record: AttendanceImport, state: str, rejected: ImportRejectedError | None) -> None:
    problems = (
        [{"line": p.line, "message": p.message} for p in rejected.problems] if rejected else []
    )
    AttendanceImport.objects.filter(pk=record.pk).update(
        state=state,
        finished_at=timezone.now(),
        problems=problems,
        problem_count=rejected.count if rejected else 0,
    )


# Matching again ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Matched:
    linked: int
    unlinked: int
    flags_raised: int


def marks_match(*, actor: Person, school: Organisation) -> Matched:
    """Match the school's held marks to its children by UPN again (after a UPN was added to a
    child's file), and hold again marks whose child's file no longer carries their UPN; then
    compute the flags, which may now see more of a child's marks."""
    _check(actor, school)
    with transaction.atomic():
        unlinked = store.marks_unlink_stale(school.pk)
        linked = _link_held(school.pk, _children_by_upn(school.pk))
        audit_event_record(
            actor=actor,
            verb="attendance.match",
            object_type="organisation",
            object_id=school.pk,
            details={"linked": linked, "unlinked": unlinked},
        )
    raised = flags_raise(actor=actor, school=school)
    return Matched(linked, unlinked, len(raised))
