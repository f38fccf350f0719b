"""The API's shapes for screening a child: observations, the stored computation, the judgement
and its sign-off (SCREENING.md sections 2 to 5)."""

import uuid
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Field, Schema

from vigil.accounts.models import Person
from vigil.screening import catalogue
from vigil.screening.models import Basis, Level, Observation, Screening, State
from vigil.screening.selectors import Suggestion

# The version read, sent back with a change. It is stored in a PositiveIntegerField: a larger
# number can never match one, and SQLite cannot even compare it.
Version = Annotated[int, Field(ge=1, le=2_147_483_647)]


def _name(person: Person | None) -> str | None:
    return person.full_name if person is not None else None


class ScreeningSummaryOut(Schema):
    """A screening in the child's list: where it stands and the levels it reached."""

    id: uuid.UUID
    reference: str
    child_id: uuid.UUID
    organisation_id: uuid.UUID
    instrument: str
    assessed_on: date
    state: State
    immediate_risk: bool
    computed_level: Level | None
    score: int | None
    band: int | None
    judged_level: Level | None
    review_by: date | None
    started_at: datetime
    finalised_at: datetime | None
    version: int

    # Not computed or not judged yet: null rather than an empty string.
    @staticmethod
    def resolve_computed_level(screening: Screening) -> str | None:
        return screening.computed_level or None

    @staticmethod
    def resolve_judged_level(screening: Screening) -> str | None:
        return screening.judged_level or None


class ObservationOut(Schema):
    id: uuid.UUID
    indicator: str
    label: str
    observed_on: date
    basis: Basis
    entry_id: uuid.UUID
    added_by: str
    added_at: datetime

    @staticmethod
    def resolve_label(observation: Observation) -> str:
        found = catalogue.BY_ID.get(observation.indicator)
        return found.label if found else observation.indicator

    @staticmethod
    def resolve_added_by(observation: Observation) -> str:
        return observation.added_by.full_name


class ObservedOut(ObservationOut):
    """A new observation, with the screening's version to send with the next change."""

    screening_version: int

    @staticmethod
    def resolve_screening_version(observation: Observation) -> int:
        return observation.screening.version


class ScreeningOut(ScreeningSummaryOut):
    """One screening: its observations, the exact contract input and result of the last
    computation, the judgement and its sign-off."""

    started_by: str
    observations: list[ObservationOut]
    case: dict[str, Any] | None
    result: dict[str, Any] | None
    judgement_reason: str
    judged_by: str | None
    judged_at: datetime | None
    signed_off_by: str | None
    signed_off_at: datetime | None
    sign_off_note: str
    entry_id: uuid.UUID | None

    @staticmethod
    def resolve_started_by(screening: Screening) -> str:
        return screening.started_by.full_name

    @staticmethod
    def resolve_observations(screening: Screening) -> list[Observation]:
        return list(screening.observations.select_related("added_by"))

    @staticmethod
    def resolve_judged_by(screening: Screening) -> str | None:
        return _name(screening.judged_by)

    @staticmethod
    def resolve_signed_off_by(screening: Screening) -> str | None:
        return _name(screening.signed_off_by)


class SuggestionOut(Schema):
    """An indicator recorded on one of the child's concerns, ready to confirm as an
    observation (send its indicator, observed_on and entry_id)."""

    indicator: str
    label: str
    observed_on: date
    entry_id: uuid.UUID
    concern_reference: str = Field(
        description="The reference of the concern, or of the missing episode, it cites."
    )
    source: str = Field(description="What it cites: `concern` or `missing episode`.")

    @staticmethod
    def resolve_indicator(suggestion: Suggestion) -> str:
        return suggestion.indicator.id

    @staticmethod
    def resolve_label(suggestion: Suggestion) -> str:
        return suggestion.indicator.label


class ObservationIn(Schema):
    """An indicator seen on a date, citing an entry of the child's chronology (entry_id) or,
    without one, a note of what was seen (it goes on the chronology)."""

    version: Version
    indicator: str = Field(max_length=40)
    observed_on: date
    basis: Basis = Basis.EVIDENCE
    entry_id: uuid.UUID | None = None
    note: str = Field("", max_length=20_000)


class VersionQuery(Schema):
    version: Version


class ComputeIn(Schema):
    version: Version
    immediate_risk: bool


class JudgementIn(Schema):
    """The assessor's own level; a level other than the computed one needs a reason."""

    version: Version
    level: Level
    reason: str = Field("", max_length=20_000)


class SignOffIn(Schema):
    """Agree a judgement below the computed level (final), or return it with a note."""

    version: Version
    agree: bool
    note: str = Field(max_length=20_000)
