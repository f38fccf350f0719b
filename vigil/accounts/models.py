"""People, organisations and the roles people hold in them (PROCESS.md, People and organisations)."""

from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "School"
    COLLEGE = "college", "College"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    CHILDRENS_SOCIAL_CARE = "childrens-social-care", "Children's social care"
    EMERGENCY_DUTY_TEAM = "emergency-duty-team", "Emergency duty team"
    LADO = "lado", "Local authority designated officer (LADO)"
    VOLUNTARY = "voluntary", "Voluntary sector"
    MASH = "mash", "Multi-agency safeguarding hub (MASH)"
    EDUCATION_WELFARE = "education-welfare", "Education welfare service"
    # The partnership's own team: administrators, analysts and information governance.
    PARTNERSHIP = "partnership", "Safeguarding partnership team"


class Role(models.TextChoices):
    STAFF = "staff", "Staff"
    DSL = "dsl", "Designated safeguarding lead"
    DEPUTY_DSL = "deputy-dsl", "Deputy designated safeguarding lead"
    MANAGER = "manager", "Manager"
    MASH = "mash", "MASH practitioner"
    ANALYST = "analyst", "Analyst"
    ADMIN = "admin", "Administrator"
    AUDITOR = "auditor", "Auditor"


class PersonManager(BaseUserManager["Person"]):
    def create_user(self, username: str, password: str | None = None, **fields: object) -> Person:
        person = self.model(username=username, **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person


class Person(AbstractBaseUser):
    """Someone who signs in. Created by an administrator; there is no public sign-up."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    username = models.CharField(
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        help_text="Letters, digits and @ . + - _ only.",
    )
    full_name = models.CharField(max_length=200)
    email = models.EmailField()
    job_title = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    # Optimistic locking: an edit names the version it started from.
    version = models.PositiveIntegerField(default=1)

    objects = PersonManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name", "email"]

    class Meta:
        ordering = ["full_name", "username"]
        verbose_name = "person"
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name


dfe_number_validator = RegexValidator(
    r"^\d{7}$",
    "Enter the DfE number as 7 digits, like 9999001 (the LA code and the school's number).",
)


class Organisation(models.Model):
    """A school, police force, health team, the MASH... grouped by the one partnership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    dfe_number = models.CharField(
        "DfE number",
        max_length=7,
        blank=True,
        null=True,
        unique=True,
        validators=[dfe_number_validator],
    )
    provides_return_interviews = models.BooleanField(
        "Provides independent return home interviews", default=False
    )
    # Working calendar. Empty opening hours mean the partnership's; closures add to the
    # partnership's. An around-the-clock team (emergency duty team) works every hour of every day.
    opening_from = models.TimeField(null=True, blank=True)
    opening_to = models.TimeField(null=True, blank=True)
    around_the_clock = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="school_has_dfe_number",
                condition=~Q(kind="school") | Q(dfe_number__isnull=False),
            ),
            models.CheckConstraint(
                name="opening_hours_complete",
                condition=Q(opening_from__isnull=True, opening_to__isnull=True)
                | Q(
                    opening_from__isnull=False,
                    opening_to__isnull=False,
                    opening_from__lt=models.F("opening_to"),
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A role a person holds in an organisation. Ending one keeps it, for the record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_current_membership_per_role",
            )
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.get_role_display()} at {self.organisation}"


class ApiToken(models.Model):
    """A bearer token for an integration, acting with exactly its person's access.

    Only a SHA-256 digest is stored: the token itself is shown once, when it is created.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class BreakGlass(models.Model):
    """An opening of a record outside the person's scope, with the reason they gave.

    Open to DSLs, managers and MASH practitioners only (PROCESS.md); reported to the owning
    organisation's DSLs and to auditors; valid for a limited time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="break_glass")
    record_type = models.CharField(max_length=32)
    record_id = models.UUIDField()
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    opened_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["person", "record_type", "record_id", "expires_at"])]

    def __str__(self) -> str:
        return f"Break-glass {self.record_type} {self.record_id}"
