"""Attendance marks imported from schools, the imports themselves, the absence flags raised
from them, and the partnership's thresholds for those flags.

A mark belongs to a school and names the pupil by UPN. It is linked to the child whose file
the school keeps with that UPN; a mark for a pupil the school has no file for (or none with
that UPN yet) is held, its child empty, until one is: marks never create children.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from vigil.accounts.models import Organisation, Person
from vigil.attendance.patterns import KIND_LABELS, Kind, Thresholds
from vigil.children.models import Child

DEFAULTS = Thresholds()


class Session(models.TextChoices):
    AM = "AM", "Morning"
    PM = "PM", "Afternoon"


class AttendanceMark(models.Model):
    """One session of one pupil's register. Sequential ids: marks are many (a school's year is
    hundreds of thousands) and never addressed one by one, in a URL or anywhere else."""

    id = models.BigAutoField(primary_key=True)
    school = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    upn = models.CharField("UPN", max_length=13)
    date = models.DateField()
    session = models.CharField(max_length=2, choices=Session.choices)
    code = models.CharField(max_length=2)
    child = models.ForeignKey(
        Child,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attendance_marks",
        db_index=False,
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "upn", "date", "session"], name="attendance_mark_session"
            )
        ]
        indexes = [
            # Each child's marks in order, the codes with them: the flags read only this.
            models.Index(
                fields=["school", "child", "date", "session", "code"],
                name="attendance_mark_child_order",
            ),
            # The marks held for matching, by pupil.
            models.Index(
                fields=["school", "upn"],
                condition=Q(child__isnull=True),
                name="attendance_mark_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.upn} {self.date} {self.session}: {self.code}"


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    REJECTED = "rejected", "Not imported: the file has bad lines"
    FAILED = "failed", "Not imported: something went wrong"


class ImportSource(models.TextChoices):
    PAGE = "page", "Uploaded on the import page"
    COMMAND = "command", "vigil attendance import"
    API = "api", "The API"


class AttendanceImport(models.Model):
    """One file imported for a school: who, when, how it went, and its counts (no pupil data
    beyond the report of bad lines)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    imported_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=ImportSource.choices)
    file_name = models.CharField(max_length=200, blank=True)
    state = models.CharField(max_length=10, choices=ImportState.choices)
    lines = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    flags_raised = models.PositiveIntegerField(default=0)
    # The first bad lines, as {"line", "message"}, and how many there were in all.
    problems = models.JSONField(default=list, blank=True)
    problem_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self) -> str:
        return f"Attendance import {self.pk}"


class FlagKind(models.TextChoices):
    UNEXPLAINED = "unexplained", KIND_LABELS[Kind.UNEXPLAINED]
    PERSISTENT = "persistent", KIND_LABELS[Kind.PERSISTENT]
    PART_DAY = "part-day", KIND_LABELS[Kind.PART_DAY]


class FlagState(models.TextChoices):
    OPEN = "open", "Open"
    DISMISSED = "dismissed", "Dismissed"
    CONCERN = "concern", "Became a concern"


class AbsenceFlag(models.Model):
    """A pattern of absence found in a child's marks, for the school's DSLs to follow up.
    One open flag of a kind per child; a later one needs marks after the last one's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    school = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="absence_flags")
    kind = models.CharField(max_length=12, choices=FlagKind.choices)
    # The pattern's numbers (patterns.Finding.detail): no free text.
    detail = models.JSONField(default=dict)
    # The last date the pattern rests on.
    through = models.DateField()
    raised_at = models.DateTimeField()
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=10, choices=FlagState.choices, default=FlagState.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    # The concern draft started from the flag.
    draft_id = models.UUIDField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(state="open"),
                name="one_open_absence_flag",
            )
        ]
        indexes = [
            models.Index(fields=["school", "state", "-raised_at"]),
            models.Index(fields=["child", "kind", "through"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.child_id}"


class AbsenceSettings(models.Model):
    """The partnership's thresholds for absence flags (one row)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    persistent_sessions = models.PositiveSmallIntegerField(default=DEFAULTS.persistent_sessions)
    persistent_percent = models.PositiveSmallIntegerField(default=DEFAULTS.persistent_percent)
    persistent_minimum = models.PositiveSmallIntegerField(default=DEFAULTS.persistent_minimum)
    part_day_count = models.PositiveSmallIntegerField(default=DEFAULTS.part_day_count)
    part_day_days = models.PositiveSmallIntegerField(default=DEFAULTS.part_day_days)
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "absence settings"

    def __str__(self) -> str:
        return "Absence flag thresholds"

    def thresholds(self) -> Thresholds:
        return Thresholds(
            persistent_sessions=self.persistent_sessions,
            persistent_percent=self.persistent_percent,
            persistent_minimum=self.persistent_minimum,
            part_day_count=self.part_day_count,
            part_day_days=self.part_day_days,
        )
