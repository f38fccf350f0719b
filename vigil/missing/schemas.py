"""The API's shapes for missing episodes, return home interviews and repeated-episode flags.
Every time is ISO 8601 in UTC; a time sent must carry its offset (or Z)."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime

from vigil.missing import rules
from vigil.missing.models import Episode, RepeatFlag, ReturnInterview

Utc = Annotated[datetime, AfterValidator(lambda moment: moment.astimezone(UTC))]
Version = Annotated[
    int,
    Field(
        ge=1,
        le=2_147_483_647,
        description="The version you read: if someone has changed it since, the answer is 409.",
    ),
]
Short = Annotated[str, Field(max_length=rules.SHORT_TEXT)]
Long = Annotated[str, Field(max_length=rules.LONG_TEXT)]
Outcome = Literal["offered", "declined", "done"]
PushFactor = Literal[
    "conflict-at-home",
    "abuse-at-home",
    "neglect",
    "placement-breakdown",
    "bullying",
    "school",
    "wellbeing",
    "loss",
    "not-accepted",
    "rules-at-home",
    "other",
]
PullFactor = Literal[
    "friends",
    "older-person",
    "relationship",
    "drugs-alcohol",
    "money-gifts",
    "family",
    "group-pressure",
    "online-contact",
    "adult-places",
    "other",
]


class EpisodeIn(Schema):
    """A child reported missing. Say first whether the child could be at immediate risk: if
    so, call 999 before anything else."""

    child_id: uuid.UUID
    immediate_risk: bool
    missing_since: AwareDatetime = Field(description="When the child went missing.")
    missing_from: Short = Field(description="Where from: home, a placement, school...")
    reported_by: Short = Field(description="Who reported the child missing.")
    police_reference: Annotated[str, Field(max_length=rules.POLICE_REFERENCE)] = ""
    note: Long = ""


class ReturnIn(Schema):
    version: Version
    returned_at: AwareDatetime
    found_at: Short = Field(description="Where the child was found, or returned to.")
    returned_with: Short = ""
    condition: Long = Field(description="The child's condition and health on return.")


class InterviewIn(Schema):
    """The return home interview offered, declined by the child, or held. Push and pull
    factors are recorded when it was held; `other` needs its text."""

    version: Version
    outcome: Outcome
    happened_at: AwareDatetime
    interviewer: Short = Field(description="The independent person's name.")
    interviewer_role: Short = Field(description="Their organisation or role.")
    childs_words: Long = ""
    push_factors: list[PushFactor] = Field(default_factory=list, max_length=len(rules.PUSH_FACTORS))
    push_other: Short = ""
    pull_factors: list[PullFactor] = Field(default_factory=list, max_length=len(rules.PULL_FACTORS))
    pull_other: Short = ""
    disclosures: Long = ""
    note: Long = ""


class InterviewOut(Schema):
    id: uuid.UUID
    outcome: str
    happened_at: Utc
    interviewer: str
    interviewer_role: str
    childs_words: str
    push_factors: list[str]
    push_other: str
    pull_factors: list[str]
    pull_other: str
    disclosures: str
    note: str
    recorded_by: str
    recorded_at: Utc

    @staticmethod
    def resolve_recorded_by(interview: ReturnInterview) -> str:
        return interview.recorded_by.full_name


class EpisodeOut(Schema):
    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    immediate_risk: bool
    missing_since: Utc
    missing_from: str
    reported_by: str
    police_reference: str
    note: str
    recorded_at: Utc
    returned_at: Utc | None
    found_at: str
    returned_with: str
    condition: str
    interview: str = Field(description="Not offered yet (empty), offered, declined or done.")
    flag_id: uuid.UUID | None = Field(description="The repeated-episode flag this one raised.")
    version: int


class EpisodeSummaryOut(Schema):
    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    missing_since: Utc
    missing_from: str
    returned_at: Utc | None
    interview: str
    flag_id: uuid.UUID | None


class InterviewDueOut(Schema):
    """A return home interview not yet held or declined, with its due moment."""

    episode_id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    child_name: str
    returned_at: Utc
    due_at: Utc
    interview: str

    @staticmethod
    def resolve_episode_id(episode: Episode) -> uuid.UUID:
        return episode.pk

    @staticmethod
    def resolve_child_name(episode: Episode) -> str:
        return episode.child.full_name


class FlagOut(Schema):
    id: uuid.UUID
    child_id: uuid.UUID
    child_name: str
    organisation_id: uuid.UUID
    raised_at: Utc
    episodes: int
    within_days: int
    first_day: date
    last_day: date
    mash_id: uuid.UUID | None = Field(description="The MASH it was also flagged to, if any.")

    @staticmethod
    def resolve_child_name(flag: RepeatFlag) -> str:
        return flag.child.full_name


class EpisodeDetailOut(EpisodeOut):
    """An episode with its return home interview's records and due moment."""

    interviews: list[InterviewOut]
    interview_due_at: Utc | None = Field(description="When the return home interview is due.")
