"""Briefings the partnership publishes, the versions of their text, who has read which version,
and the private answers people give to a briefing's reflective questions.

PROCESS.md (Recognise): the briefings are in the product and each organisation can see who has
read them; the schools factsheet asks that everyone in the school reads it.

- A briefing's body is Markdown, kept version by version: a receipt names the version read, so
  that it says exactly what the person read, years later.
- Its audience is a set of roles and a set of organisation kinds: someone is in it when one of
  their current roles is in the first at an organisation of a kind in the second.
- A reflective answer belongs to its author alone: nobody else reads it, and the audit log
  records that it changed, never what it says.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Briefing(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    # Role values (accounts.Role) and organisation kinds (accounts.OrganisationKind).
    audience_roles = models.JSONField(default=list)
    audience_kinds = models.JSONField(default=list)
    # With a date, the briefing must be read: people in the audience are asked at sign-in.
    must_read_by = models.DateField(null=True, blank=True)
    # The version people are asked to read now; set in the transaction that publishes it.
    current = models.ForeignKey(
        "BriefingVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking of the administrators' edits (vigil/core/versioning.py); not the
    # version of the text people read, which is BriefingVersion.number.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["created_at"],
                name="briefing_live",
                condition=Q(withdrawn_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.title


class BriefingVersion(models.Model):
    """The text of a briefing as published, never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["briefing", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["briefing", "number"], name="one_number_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"


class BriefingQuestion(models.Model):
    """A reflective question attached to a briefing. A question taken off the briefing is
    retired, not deleted: the answers people gave to it keep the words they answered."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="questions")
    text = models.CharField(max_length=300)
    order = models.PositiveSmallIntegerField(default=0)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["briefing", "order"]

    def __str__(self) -> str:
        return self.text


class ReadReceipt(models.Model):
    """'I have read and understood': who, which briefing, which version, when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="briefing_receipts"
    )
    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="receipts")
    briefing_version = models.ForeignKey(
        BriefingVersion, on_delete=models.PROTECT, related_name="receipts"
    )
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-read_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "briefing_version"], name="one_receipt_per_version"
            )
        ]
        indexes = [models.Index(fields=["briefing", "person", "read_at"])]

    def __str__(self) -> str:
        return f"Receipt for {self.briefing_version}"


class ReflectiveAnswer(models.Model):
    """A person's own answer to a reflective question, for their development record only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "accounts.Person", on_delete=models.PROTECT, related_name="reflective_answers"
    )
    question = models.ForeignKey(BriefingQuestion, on_delete=models.PROTECT, related_name="answers")
    answer = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return "Reflective answer"
