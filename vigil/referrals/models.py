"""Referrals to the front door: the routes, the referral itself, each move on it, the
enquiry's requests to partner agencies, and professional challenges (PROCESS.md steps 5-7).

A referral is a draft its author may change; once sent it is never changed again: every later
step is a move (who, when, why) stored beside it, and the answers it was sent with stay as
they were sent. The states and moves are the table in `workflow.py`.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from vigil.accounts.models import Organisation, Person
from vigil.children.models import Child
from vigil.referrals import workflow


class Route(models.Model):
    """Where a referral can go (the MASH, the education welfare service, the police, the
    LADO): partnership configuration, each with its receiving organisation, its workflow and
    the clocks that run on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(max_length=20, unique=True)
    name = models.CharField(max_length=120)
    description = models.CharField(max_length=300, blank=True)
    receiver = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    workflow = models.CharField(
        max_length=12, choices=[(w, w) for w in workflow.WORKFLOWS], default="mash"
    )
    # The clock ids that run on a referral by this route (CLOCKS.md ids; "rag" for the rating's).
    clocks = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def rated(self) -> bool:
        return self.workflow in workflow.RATED


class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Given when it is sent: REF-2026-000123.
    reference = models.CharField(max_length=20, blank=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="referrals")
    # The referring organisation: the child's file's.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    route = models.ForeignKey(Route, on_delete=models.PROTECT, related_name="referrals")
    state = models.CharField(
        max_length=16, choices=list(workflow.STATES.items()), default=workflow.DRAFT
    )
    answers = models.JSONField(default=dict)
    concern = models.ForeignKey(
        "concerns.Concern", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # Sending: receipt is the moment it is sent (PROCESS.md, Timescales).
    sent_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    # Sent by someone who is not a DSL of the organisation: the DSLs are told at once.
    sent_without_dsl = models.BooleanField(default=False)
    # The latest final screening when it was sent, and what it said then.
    screening = models.ForeignKey(
        "screening.Screening", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    screening_summary = models.JSONField(null=True, blank=True)
    # The front door's side.
    rating = models.CharField(max_length=8, blank=True)
    rating_reason = models.TextField(blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    first_decision = models.CharField(max_length=24, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, blank=True)
    outcome_reason = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(blank=True)
    feedback_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    assigned_to = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the next limit on it falls due: the MASH queue's order (time left).
    next_due_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="referral_reference_unique"
            )
        ]
        indexes = [
            # The front door's queue: live referrals by time left (selectors.mash_queue).
            models.Index(
                fields=["next_due_at", "sent_at"],
                condition=Q(state__in=sorted(workflow.LIVE)),
                name="referral_live_by_time_left",
            ),
            models.Index(fields=["route", "state", "next_due_at"]),
            models.Index(fields=["organisation", "state"]),
            models.Index(fields=["child", "created_at"]),
        ]

    def __str__(self) -> str:
        return self.reference or "Draft referral"

    @property
    def is_draft(self) -> bool:
        return self.state == workflow.DRAFT

    @property
    def state_label(self) -> str:
        return workflow.STATES.get(self.state, self.state)


class Step(models.Model):
    """One move on a referral, or another recorded act (assignment, a request, a chase, a
    challenge): who, when and why. Never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="steps")
    action = models.CharField(max_length=24)
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    actor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    actor_role = models.CharField(max_length=16)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    reason = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class PartnerRequest(models.Model):
    """A MASH enquiry's request to a partner agency for what it knows, due by a set time
    (by default the enquiry's rating clock), answered or chased."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="requests")
    partner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    due_at = models.DateTimeField()
    requested_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    chases = models.PositiveSmallIntegerField(default=0)
    last_chased_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at"]
        indexes = [models.Index(fields=["partner", "answered_at"])]

    def __str__(self) -> str:
        return f"Request to {self.partner}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None


class Challenge(models.Model):
    """A professional challenge: the referrer's follow-up and escalation, with a reason,
    answered by the front door's manager within the `challenge-response` clock."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="challenges")
    raised_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    reason = models.TextField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["raised_at"]

    def __str__(self) -> str:
        return f"Challenge of {self.raised_at:%Y-%m-%d}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
