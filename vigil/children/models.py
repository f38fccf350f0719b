"""The child's file: who the child is, their ongoing statuses, and the chronology.

A child's file belongs to one organisation (the school, college or service that keeps it), as
a child protection file does (KCSIE: separate from the pupil file, seen only by those who need
to). Entries on the chronology are never edited: a correction is a new entry linked to the one
it corrects (PROCESS.md, What a record must be).
"""

from __future__ import annotations

import uuid

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from vigil.accounts.models import Organisation, Person


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    OTHER = "other", "Describes themselves another way"
    NOT_KNOWN = "not-known", "Not known"


class Ethnicity(models.TextChoices):
    """The main groups of the 2021 census, as schools and health services record them."""

    NOT_RECORDED = "", "Not recorded"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    WHITE_BRITISH = "white-british", "White: English, Welsh, Scottish, Northern Irish or British"
    WHITE_IRISH = "white-irish", "White: Irish"
    GYPSY_TRAVELLER = "gypsy-traveller", "White: Gypsy or Irish Traveller"
    ROMA = "roma", "White: Roma"
    WHITE_OTHER = "white-other", "White: any other White background"
    OTHER = "other", "Another ethnic group"
    REFUSED = "refused", "Prefers not to say"


# Groups counted as "black or minority ethnic" for the partnership's monitoring data only.
MINORITY_ETHNIC = frozenset(
    {"asian", "black", "mixed", "white-irish", "gypsy-traveller", "roma", "white-other", "other"}
)


class LegalBasis(models.TextChoices):
    """Why a looked-after child is looked after (Children Act 1989)."""

    NONE = "", "Not looked after"
    SECTION_20 = "s20", "Accommodated by agreement (section 20)"
    CARE_ORDER = "s31", "Care order (section 31)"
    INTERIM = "s38", "Interim care order (section 38)"
    PLACEMENT_ORDER = "placement-order", "Placement order"
    REMAND = "remand", "Remanded to local authority accommodation"
    NOT_KNOWN = "not-known", "Not known"


class Placement(models.TextChoices):
    """Where the child lives (the referral form's list)."""

    FAMILY = "family", "Lives with family"
    EXTENDED_FAMILY = "extended-family", "Lives with extended family"
    CARE_LEAVER = "care-leaver", "Care leaver"
    FOSTER = "foster", "Foster care"
    RESIDENTIAL = "residential", "Residential care"
    SECURE = "secure", "Secure accommodation"
    NOT_KNOWN = "not-known", "Not known"


class ImmigrationStatus(models.TextChoices):
    NONE = "", "None recorded"
    REFUGEE = "refugee", "Refugee"
    UASC = "uasc", "Unaccompanied asylum-seeking child"


upn_validator = RegexValidator(
    r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$",
    "A unique pupil number is 13 characters: a letter, 11 digits, then a letter or digit.",
)


class Child(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    given_names = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=16, choices=Gender.choices, default=Gender.NOT_KNOWN)
    ethnicity = models.CharField(max_length=24, choices=Ethnicity.choices, blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True, validators=[upn_validator])
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    # Ongoing statuses, from the child's record (SCREENING.md, Statuses).
    looked_after_basis = models.CharField(max_length=16, choices=LegalBasis.choices, blank=True)
    placement = models.CharField(
        max_length=16, choices=Placement.choices, default=Placement.NOT_KNOWN
    )
    immigration_status = models.CharField(
        max_length=8, choices=ImmigrationStatus.choices, blank=True
    )
    trafficked = models.BooleanField(default=False)
    learning_disability = models.BooleanField(
        "learning difficulty or disability (from SEND records)", default=False
    )
    migrant_community = models.BooleanField(default=False)
    # For finding likely duplicates: phonetic keys of the names (children/matching.py).
    sound_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)
    # Entries on the chronology so far: the next entry's position (kept under the child's lock).
    entry_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["family_name", "given_names", "date_of_birth"]
        verbose_name_plural = "children"
        indexes = [
            models.Index(fields=["organisation", "family_name", "given_names"]),
            models.Index(fields=["organisation", "date_of_birth"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    @property
    def looked_after(self) -> bool:
        return bool(self.looked_after_basis)

    @property
    def statuses(self) -> frozenset[str]:
        """The `v.` indicators that hold while the record says so (SCREENING.md, Statuses)."""
        held = {
            "v.in_care": self.looked_after,
            "v.refugee_uasc": bool(self.immigration_status),
            "v.trafficked": self.trafficked,
            "v.learning_difficulty": self.learning_disability,
            "v.migrant_community": self.migrant_community,
            "v.bme_community": self.ethnicity in MINORITY_ETHNIC,
        }
        return frozenset(indicator for indicator, holds in held.items() if holds)


class EntryKind(models.TextChoices):
    CONCERN = "concern", "Concern"
    DECISION = "decision", "Decision"
    CLOSURE = "closure", "Concern closed"
    CHILD_LINK = "child-link", "Child confirmed or corrected"
    SHARE = "share", "Information shared"
    CORRECTION = "correction", "Correction"
    NOTE = "note", "Note"
    SCREENING = "screening", "CSE screening"
    REFERRAL = "referral", "Referral"
    MISSING = "missing", "Missing episode"
    RETURN_INTERVIEW = "return-interview", "Return home interview"
    ABSENCE = "absence", "Absence"


class ChronologyEntry(models.Model):
    """One dated entry on a child's chronology. Never edited, never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="entries")
    # The order of recording within the child's file: entries of the same moment keep it.
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    occurred_at = models.DateTimeField(help_text="When the event happened.")
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    recorder_role = models.CharField(max_length=16)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    childs_words = models.TextField(blank=True)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    # The record the entry is about (a concern, a decision...), for its link.
    source_type = models.CharField(max_length=32, blank=True)
    source_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_at", "position"]
        verbose_name_plural = "chronology entries"
        constraints = [
            models.UniqueConstraint(fields=["child", "position"], name="entry_position_unique"),
        ]
        indexes = [models.Index(fields=["child", "occurred_at", "position"])]

    def __str__(self) -> str:
        return self.title


class LawfulBasis(models.TextChoices):
    """The lawful basis for sharing (UK GDPR article 6, with the DPA 2018 condition)."""

    PUBLIC_TASK = (
        "public-task",
        "Public task (UK GDPR 6(1)(e)), with DPA 2018 Schedule 1 paragraph 18: safeguarding "
        "of children",
    )
    LEGAL_OBLIGATION = "legal-obligation", "Legal obligation (UK GDPR 6(1)(c))"
    VITAL_INTERESTS = "vital-interests", "Vital interests (UK GDPR 6(1)(d))"


class Share(models.Model):
    """A DSL's deliberate disclosure of named entries of a child's file to another
    organisation (PROCESS.md). Recorded on both sides: an entry on the child's chronology,
    and the receiving organisation's list of what has been shared with it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="shares")
    from_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    entries = models.ManyToManyField(ChronologyEntry, related_name="shares")
    lawful_basis = models.CharField(max_length=24, choices=LawfulBasis.choices)
    reason = models.TextField()
    shared_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    shared_at = models.DateTimeField()

    class Meta:
        ordering = ["-shared_at"]
        constraints = [
            models.CheckConstraint(
                name="share_goes_elsewhere",
                condition=~Q(to_organisation=models.F("from_organisation")),
            )
        ]

    def __str__(self) -> str:
        return f"Shared with {self.to_organisation}"
