"""The API's shapes for briefings, read receipts, reflective answers and read reports."""

import uuid
from datetime import date, datetime

from ninja import Field, Schema

from vigil.briefings.services.reading import LONGEST_ANSWER


class BriefingItemOut(Schema):
    """A briefing for you, with where you stand with its current version."""

    id: uuid.UUID
    title: str
    version_id: uuid.UUID
    version_number: int
    published_at: datetime
    must_read_by: date | None
    must_read: bool = Field(description="Unread in its current version, with a date to read it by")
    overdue: bool
    read: bool = Field(description="You have confirmed its current version")
    read_version_number: int | None = Field(description="The last version you confirmed")
    read_at: datetime | None


class QuestionOut(Schema):
    id: uuid.UUID
    text: str
    answered: bool


class BriefingOut(BriefingItemOut):
    body_markdown: str
    body_html: str = Field(description="The text as sanitised HTML, as the page shows it")
    can_confirm: bool = Field(description="You are in its audience and may confirm it")
    questions: list[QuestionOut]


class ConfirmIn(Schema):
    version_id: uuid.UUID = Field(description="The version you read: it must be the current one")


class ReceiptOut(Schema):
    briefing_id: uuid.UUID
    version_id: uuid.UUID
    version_number: int
    read_at: datetime


class ReflectionIn(Schema):
    answer: str = Field(min_length=1, max_length=LONGEST_ANSWER)
    version: int | None = Field(
        None, description="The version of the answer you are changing; leave out for a first answer"
    )


class ReflectionOut(Schema):
    """Your own answer to a reflective question: nobody else can read it."""

    id: uuid.UUID
    question_id: uuid.UUID
    question: str
    briefing_id: uuid.UUID
    briefing_title: str
    answer: str
    updated_at: datetime
    version: int


class ReportSummaryOut(Schema):
    organisation_id: uuid.UUID
    organisation: str
    briefing_id: uuid.UUID
    title: str
    version_number: int
    withdrawn: bool
    people: int = Field(description="People there in the briefing's audience")
    read: int = Field(description="Of those, how many have read the current version")


class ReportRowOut(Schema):
    person_id: uuid.UUID
    name: str
    roles: list[str]
    version_number: int = Field(description="The version this report is about")
    read: bool = Field(description="Has read that version")
    read_at: datetime | None
    last_version_read: int | None
    last_read_at: datetime | None


class RemindedOut(Schema):
    reminded: int = Field(description="How many were reminded now (not those reminded today)")
