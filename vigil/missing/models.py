"""Missing episodes: a child reported missing and their return, the return home interview, the
flag raised when episodes repeat, and the partnership's rule for that flag.

PROCESS.md (Other records that belong to the same file): a return home interview is due within
72 hours after a missing episode, offered by an independent person; the child may decline. An
episode is on the child's file and chronology; what is recorded about an interview is never
edited: each offer, refusal or interview is a record of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from vigil.accounts.models import Organisation, Person
from vigil.children.models import Child, ChronologyEntry
from vigil.missing import rules


class MissingSettings(models.Model):
    """The partnership's rule for repeated episodes: this many or more within so many days
    are flagged. A single row (id 1); without it, the defaults (3 in 90 days)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    repeat_episodes = models.PositiveSmallIntegerField(default=rules.DEFAULT_REPEAT_EPISODES)
    repeat_days = models.PositiveSmallIntegerField(default=rules.DEFAULT_REPEAT_DAYS)
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "missing episode settings"
        constraints = [
            models.CheckConstraint(name="missing_settings_one_row", condition=Q(id=1)),
            models.CheckConstraint(
                name="missing_settings_sensible",
                condition=Q(repeat_episodes__gte=2, repeat_days__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.repeat_episodes} episodes in {self.repeat_days} days"


class RepeatFlag(models.Model):
    """Repeated episodes, flagged to the child's DSLs, and to the MASH when the child has an
    open referral to it or a share with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    # The rule that was met, as it stood then, and the days of the episodes that met it.
    episodes = models.PositiveSmallIntegerField()
    within_days = models.PositiveSmallIntegerField()
    first_day = models.DateField()
    last_day = models.DateField()
    mash = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["organisation", "raised_at"]),
            models.Index(fields=["mash", "raised_at"]),
            models.Index(fields=["child", "last_day"]),
        ]

    def __str__(self) -> str:
        return f"{self.episodes} missing episodes in {self.within_days} days"

    def get_absolute_url(self) -> str:
        return f"/missing/flags/{self.pk}/"


class Episode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="missing_episodes")
    # The child's file's organisation: its DSLs hold the return home interview's clock.
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    immediate_risk = models.BooleanField(default=False)
    missing_since = models.DateTimeField(help_text="When the child went missing.")
    missing_from = models.CharField(max_length=rules.SHORT_TEXT)
    reported_by = models.CharField(max_length=rules.SHORT_TEXT)
    police_reference = models.CharField(max_length=rules.POLICE_REFERENCE, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorder_role = models.CharField(max_length=16)
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")
    # The return.
    returned_at = models.DateTimeField(null=True, blank=True)
    found_at = models.CharField(max_length=rules.SHORT_TEXT, blank=True)
    returned_with = models.CharField(max_length=rules.SHORT_TEXT, blank=True)
    condition = models.TextField(blank=True)
    return_recorded_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_recorded_at = models.DateTimeField(null=True, blank=True)
    # Where the return home interview stands (rules.STANDING); its records are ReturnInterview.
    interview = models.CharField(max_length=12, blank=True, default=rules.NOT_YET)
    # The repeated-episodes flag this episode raised, if it did.
    flag = models.ForeignKey(
        RepeatFlag, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-missing_since"]
        constraints = [
            models.CheckConstraint(
                name="episode_returns_after_going_missing",
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("missing_since")),
            )
        ]
        indexes = [
            models.Index(fields=["child", "missing_since"]),
            models.Index(fields=["organisation", "missing_since"]),
            models.Index(fields=["recorded_by", "missing_since"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return f"/missing/episodes/{self.pk}/"

    @property
    def returned(self) -> bool:
        return self.returned_at is not None

    @property
    def interview_label(self) -> str:
        return rules.STANDING.get(self.interview, self.interview)


class ReturnInterview(models.Model):
    """One record of the return home interview: offered, declined or held, by whom and when,
    with what the child said in their own words. Never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, related_name="interviews")
    outcome = models.CharField(max_length=12, choices=list(rules.OUTCOMES.items()))
    happened_at = models.DateTimeField()
    # The independent person, often from a commissioned service outside the partnership.
    interviewer = models.CharField(max_length=rules.SHORT_TEXT)
    interviewer_role = models.CharField(max_length=rules.SHORT_TEXT)
    childs_words = models.TextField(blank=True)
    push_factors = models.JSONField(default=list, blank=True)
    push_other = models.CharField(max_length=rules.SHORT_TEXT, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    pull_other = models.CharField(max_length=rules.SHORT_TEXT, blank=True)
    disclosures = models.TextField(blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorder_role = models.CharField(max_length=16)
    recorded_at = models.DateTimeField()
    entry = models.ForeignKey(ChronologyEntry, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["happened_at", "recorded_at"]
        indexes = [models.Index(fields=["episode", "recorded_at"])]

    def __str__(self) -> str:
        return rules.OUTCOMES.get(self.outcome, self.outcome)

    @property
    def outcome_label(self) -> str:
        return rules.STANDING.get(self.outcome, self.outcome)

    @property
    def push_labels(self) -> list[str]:
        return _labels(self.push_factors, self.push_other, rules.PUSH_FACTORS)

    @property
    def pull_labels(self) -> list[str]:
        return _labels(self.pull_factors, self.pull_other, rules.PULL_FACTORS)


def _labels(codes: list[str], other: str, known: Mapping[str, str]) -> list[str]:
    shown = [known.get(code, code) for code in codes if code != rules.OTHER]
    return [*shown, other] if other else shown
