"""The partnership's local configuration, closure days, and the persistent clocks."""

from __future__ import annotations

import uuid
from datetime import time

from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Partnership(models.Model):
    """The one local safeguarding partnership this deployment serves, and its local settings.

    A single row (id 1). Every figure here is local configuration (PROCESS.md, Timescales).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(max_length=200)
    front_door_name = models.CharField("Front door (MASH) name", max_length=200)
    front_door_phone = models.CharField("Front door phone", max_length=40)
    out_of_hours_phone = models.CharField("Out-of-hours phone", max_length=40)
    referral_url = models.URLField("Online referral address", blank=True)
    emergency_instruction = models.TextField(
        "What to do at immediate risk",
        default="If you think a child is at immediate risk of harm, call the police on 999 now.",
    )
    opening_from = models.TimeField(default=time(9, 0))
    opening_to = models.TimeField(default=time(17, 0))
    holiday_region = models.CharField("Bank holidays", max_length=8, default="ENG")
    # Overrides of clock rules: {"mash-decision": {"counts": "working-days", "n": 1}, ...}
    clock_rules = models.JSONField(default=dict, blank=True)
    # The CSE screening instrument in use (an id of vigil/screening/instruments).
    screening_instrument = models.CharField(max_length=40, default="cse-screening-1")
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(name="one_partnership", condition=Q(id=1)),
            models.CheckConstraint(
                name="partnership_opening_order", condition=Q(opening_from__lt=F("opening_to"))
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Closure(models.Model):
    """Days that are not working days: for the whole partnership, or one organisation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
    )
    first_day = models.DateField()
    last_day = models.DateField()
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                name="closure_in_order", condition=Q(first_day__lte=F("last_day"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.first_day} to {self.last_day})"


class Clock(models.Model):
    """A statutory clock running on a record (CLOCKS.md), counted with the acting
    organisation's calendar. Due and warning moments are fixed when it starts.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40)
    subject_type = models.CharField(max_length=32)
    subject_id = models.UUIDField()
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="clocks"
    )
    # Who must act: a named person, or everyone holding a role at the organisation.
    holder = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    holder_role = models.CharField(max_length=16, blank=True)
    link = models.CharField(max_length=300)
    counts = models.CharField(max_length=16)
    n = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    warn_at = models.DateTimeField()
    due_at = models.DateTimeField()
    stopped_at = models.DateTimeField(null=True, blank=True)
    stop_reason = models.CharField(max_length=200, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.CheckConstraint(
                name="clock_has_holder", condition=Q(holder__isnull=False) | ~Q(holder_role="")
            ),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(
                fields=["warn_at"],
                name="clock_warning_pending",
                condition=Q(stopped_at__isnull=True, warned_at__isnull=True),
            ),
            models.Index(
                fields=["due_at"],
                name="clock_escalation_pending",
                condition=Q(stopped_at__isnull=True, escalated_at__isnull=True),
            ),
            models.Index(fields=["organisation", "stopped_at", "due_at"]),
            # One kind's running clocks at an organisation, soonest first (screening reviews in
            # the DSL's queue, among thousands of running triage clocks).
            models.Index(
                fields=["kind", "organisation", "due_at"],
                name="clock_running_kind",
                condition=Q(stopped_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on {self.subject_type} {self.subject_id}"


class ReferenceCounter(models.Model):
    """The last number given under a prefix, for human references such as CON-2026-000123."""

    prefix = models.CharField(max_length=16, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last}"


class RateWindow(models.Model):
    """Requests counted for one caller (an API rate limit): this window's and the previous
    window's, in one row a caller, moved on by the same statement that counts
    (`vigil/core/rates.py`)."""

    key = models.CharField(max_length=120, primary_key=True)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    previous = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count} in window {self.window}"
