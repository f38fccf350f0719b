"""The API's shapes for concerns and the DSL's decisions."""

import uuid
from datetime import date, datetime, time

from ninja import Field, Schema

from vigil.concerns.models import DecisionKind


class ConcernIn(Schema):
    """A concern in one request: the same answers as the pages' steps."""

    organisation_id: uuid.UUID
    immediate_risk: bool
    child_id: uuid.UUID
    seen_or_heard: str = Field(max_length=20_000)
    childs_words: str = Field("", max_length=20_000)
    happened_on: date
    happened_time: time | None = None
    location: str = Field(max_length=300)
    indicators: list[str] = Field(default_factory=list, max_length=60)
    others_involved: str = Field("", max_length=20_000)

    def answers(self) -> dict[str, object]:
        data = self.dict(exclude={"organisation_id"})
        data["child_id"] = str(self.child_id)
        data["happened_on"] = self.happened_on.isoformat()
        data["happened_time"] = self.happened_time.strftime("%H:%M") if self.happened_time else ""
        return data


class ConcernOut(Schema):
    id: uuid.UUID
    reference: str
    organisation_id: uuid.UUID
    child_id: uuid.UUID
    recorded_by: str
    recorder_role: str
    recorded_at: datetime
    immediate_risk: bool
    seen_or_heard: str
    childs_words: str
    happened_at: datetime
    time_known: bool
    location: str
    indicators: list[str]
    others_involved: str
    status: str
    first_decision_at: datetime | None
    child_confirmed_at: datetime | None
    closed_at: datetime | None
    summary: str
    action_taken: str
    outcome: str
    rationale: str
    version: int

    @staticmethod
    def resolve_recorded_by(concern: object) -> str:
        return concern.recorded_by.full_name  # type: ignore[attr-defined]


class RecordedOut(ConcernOut):
    """After recording: the 999 instruction comes back first when the child is at risk."""

    emergency_instruction: str | None = None


class QueueItemOut(Schema):
    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    immediate_risk: bool
    status: str
    recorded_at: datetime
    due_at: datetime | None = None
    clock_state: str | None = None


class DecisionIn(Schema):
    version: int
    kind: DecisionKind
    reason: str = Field(max_length=20_000)
    review_on: date | None = None
    police_contacted_at: datetime | None = None
    police_log_number: str = Field("", max_length=40)


class DecisionOut(Schema):
    id: uuid.UUID
    concern_id: uuid.UUID
    kind: str
    reason: str
    review_on: date | None
    police_contacted_at: datetime | None
    police_log_number: str
    decided_at: datetime
    entry_id: uuid.UUID


class ChildConfirmIn(Schema):
    version: int
    child_id: uuid.UUID
    reason: str = Field("", max_length=5000)


class CloseIn(Schema):
    version: int
    summary: str = Field(max_length=20_000)
    action_taken: str = Field(max_length=20_000)
    outcome: str = Field(max_length=20_000)
    rationale: str = Field(max_length=20_000)
