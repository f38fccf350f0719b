"""The API's shapes for children's files, the chronology and shares."""

import uuid
from datetime import date, datetime

from ninja import Field, Schema

from vigil.children.models import Child, LawfulBasis


class ChildPick(Schema):
    """All that a recorder sees of a child they have not recorded about."""

    id: uuid.UUID
    given_names: str
    family_name: str
    known_as: str
    date_of_birth: date


class ChildIn(Schema):
    organisation_id: uuid.UUID
    given_names: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    known_as: str = Field("", max_length=100)
    date_of_birth: date
    gender: str = "not-known"


class ChildOut(Schema):
    id: uuid.UUID
    organisation_id: uuid.UUID
    given_names: str
    family_name: str
    known_as: str
    date_of_birth: date
    gender: str
    ethnicity: str
    address: str
    postcode: str
    upn: str
    nhs_number: str
    looked_after_basis: str
    placement: str
    immigration_status: str
    trafficked: bool
    learning_disability: bool
    migrant_community: bool
    statuses: list[str]
    version: int

    @staticmethod
    def resolve_statuses(child: Child) -> list[str]:
        return sorted(child.statuses)


class SharedChildOut(Schema):
    """A child as an organisation the file was shared with sees them."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    given_names: str
    family_name: str
    date_of_birth: date


class EntryOut(Schema):
    id: uuid.UUID
    position: int
    kind: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str
    recorder_role: str
    organisation_id: uuid.UUID
    title: str
    body: str
    childs_words: str
    corrects_id: uuid.UUID | None
    source_type: str
    source_id: uuid.UUID | None

    @staticmethod
    def resolve_recorded_by(entry: object) -> str:
        return entry.recorded_by.full_name  # type: ignore[attr-defined]


class ShareIn(Schema):
    to_organisation_id: uuid.UUID
    entry_ids: list[uuid.UUID] = Field(min_length=1, max_length=1000)
    lawful_basis: LawfulBasis = LawfulBasis.PUBLIC_TASK
    reason: str = Field(max_length=5000)


class ShareOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    from_organisation_id: uuid.UUID
    to_organisation_id: uuid.UUID
    lawful_basis: str
    reason: str
    shared_at: datetime


class ChildUpdateIn(Schema):
    """A change to a child's identity or statuses: only the fields sent change."""

    version: int
    given_names: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    known_as: str | None = Field(None, max_length=100)
    date_of_birth: date | None = None
    gender: str | None = None
    ethnicity: str | None = None
    address: str | None = Field(None, max_length=2000)
    postcode: str | None = Field(None, max_length=10)
    upn: str | None = Field(None, max_length=13)
    nhs_number: str | None = Field(None, max_length=12)
    looked_after_basis: str | None = None
    placement: str | None = None
    immigration_status: str | None = None
    trafficked: bool | None = None
    learning_disability: bool | None = None
    migrant_community: bool | None = None


class CorrectionIn(Schema):
    correction: str = Field(max_length=20_000)
