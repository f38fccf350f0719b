"""Concerns, the designated safeguarding lead's decisions on them, and drafts in progress.

A concern is `new` until the DSL's first decision, `open` while actions are outstanding, and
`closed` with its summary, action, outcome and rationale (PROCESS.md). New information on a
closed concern is a new concern linked to it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from vigil.accounts.models import Organisation, Person
from vigil.children.models import Child, ChronologyEntry


class Status(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Concern(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="concerns")
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorder_role = models.CharField(max_length=16)
    recorded_at = models.DateTimeField()
    immediate_risk = models.BooleanField()
    seen_or_heard = models.TextField()
    childs_words = models.TextField(blank=True)
    happened_at = models.DateTimeField()
    time_known = models.BooleanField(default=True)
    location = models.CharField(max_length=300)
    indicators = models.JSONField(default=list, blank=True)
    others_involved = models.TextField(blank=True)
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="followed_by"
    )
    # The DSL confirms that the recorder picked the right child (or corrects it).
    child_confirmed_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.NEW)
    first_decision_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(blank=True)
    action_taken = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    rationale = models.TextField(blank=True)
    entry = models.OneToOneField(ChronologyEntry, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [
            # The DSL queue: an organisation's new and open concerns, immediate risk first.
            models.Index(
                fields=["organisation", "-immediate_risk", "recorded_at"],
                name="concern_queue",
                condition=~Q(status="closed"),
            ),
            models.Index(fields=["recorded_by", "-recorded_at"]),
        ]

    def __str__(self) -> str:
        return self.reference


class DecisionKind(models.TextChoices):
    NO_FURTHER_ACTION = "no-further-action", "No further action"
    MONITOR = "monitor", "Monitor"
    EARLY_HELP = "early-help", "Early help"
    SCREENING = "screening", "CSE screening needed"
    REFER = "refer", "Refer to the MASH"
    POLICE = "police", "Police contacted"


class Decision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    reason = models.TextField()
    review_on = models.DateField(null=True, blank=True)
    police_contacted_at = models.DateTimeField(null=True, blank=True)
    police_log_number = models.CharField(max_length=40, blank=True)
    decided_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField()
    entry = models.OneToOneField(ChronologyEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Draft(models.Model):
    """A concern being recorded, saved at each step and by autosave, so that nothing typed is
    lost to a validation error, a timeout or a lost connection. Only its author opens it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Draft concern {self.pk}"
