"""A child's CSE screening: observations citing the chronology, the instrument's result, and
the assessor's own judgement (SCREENING.md section 5).

A screening is a draft while the assessor adds observations; each computation stores the exact
contract input and result (`vigil screen` computes the same from the same input). Recording a
judgement makes it final, or awaiting sign-off when the judgement is below the computed level;
a final screening is never changed again: a rescreen is a new screening.
"""

from __future__ import annotations

import uuid

from django.db import models

from vigil.accounts.models import Organisation, Person
from vigil.children.models import Child, ChronologyEntry


class Level(models.TextChoices):
    NONE = "none", "No risk identified"
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


# The order of caution: a later level is the more cautious.
LEVEL_ORDER = {Level.NONE: 0, Level.LOW: 1, Level.MEDIUM: 2, Level.HIGH: 3}


class State(models.TextChoices):
    DRAFT = "draft", "Being prepared"
    AWAITING_SIGN_OFF = "awaiting-sign-off", "Awaiting sign-off"
    FINAL = "final", "Final"


class Basis(models.TextChoices):
    EVIDENCE = "evidence", "Evidence (seen, disclosed or documented)"
    CONCERN = "concern", "Professional concern, without evidence yet"


class Screening(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="screenings")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    instrument = models.CharField(max_length=40)
    assessed_on = models.DateField()
    immediate_risk = models.BooleanField(default=False)
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    started_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField()
    # The last computation: the exact contract input and result (SCREENING.md section 6).
    case = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    computed_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.PositiveSmallIntegerField(null=True, blank=True)
    # The assessor's professional judgement.
    judged_level = models.CharField(max_length=8, choices=Level.choices, blank=True)
    judgement_reason = models.TextField(blank=True)
    judged_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    # A second person's sign-off of a judgement below the computed level.
    signed_off_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_note = models.TextField(blank=True)
    # Set when final: the more cautious of the computed and judged levels' review dates.
    review_by = models.DateField(null=True, blank=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    entry = models.ForeignKey(
        ChronologyEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["child", "state", "finalised_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_final(self) -> bool:
        return self.state == State.FINAL


class Observation(models.Model):
    """One indicator seen on one date, citing the dated chronology entry that supports it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="observations")
    indicator = models.CharField(max_length=40)
    observed_on = models.DateField()
    basis = models.CharField(max_length=8, choices=Basis.choices, default=Basis.EVIDENCE)
    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["observed_on", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["screening", "indicator", "observed_on", "entry"],
                name="observation_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} on {self.observed_on}"
