"""The API's shapes for attendance imports, absence flags and pupils held for matching."""

import uuid
from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from vigil.attendance.models import AbsenceFlag
from vigil.attendance.patterns import describe


class ImportOut(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    state: str
    lines: int
    rows: int
    created: int
    replaced: int
    held: int
    matched: int
    flags_raised: int


class ProblemOut(Schema):
    line: int
    message: str


class RejectedBody(Schema):
    """`bad-lines` lists the file's bad lines; any other 422 (an identifier that is not one)
    is the API's usual `invalid-input`, without them."""

    code: str
    message: str
    problems: list[ProblemOut] = Field(default_factory=list)
    problem_count: int = 0


class Rejected(Schema):
    """A file with bad lines: nothing was stored. The first 1,000 are listed."""

    error: RejectedBody


class FlagOut(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    child_id: uuid.UUID
    child_name: str
    kind: str
    description: str
    detail: dict[str, Any]
    through: date
    raised_at: datetime
    state: str
    closed_at: datetime | None
    reason: str
    version: int

    @staticmethod
    def resolve_child_name(flag: AbsenceFlag) -> str:
        return flag.child.full_name

    @staticmethod
    def resolve_description(flag: AbsenceFlag) -> str:
        return describe(flag.kind, flag.detail)


class DismissIn(Schema):
    version: int
    reason: str = Field(max_length=2000)


class HeldOut(Schema):
    upn: str
    marks: int
    first: date
    last: date
