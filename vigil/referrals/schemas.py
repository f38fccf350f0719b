"""The API's shapes for referrals (PROCESS.md steps 5-7): the routes, the referral and its
history, the front door's queue and moves, the enquiry's requests to partner agencies and
professional challenges.

What a person sees of a referral is decided by the selectors: the history as the person may
see it, and the enquiry's requests and challenges only for those who see everything in it
(null for anyone else). Every time is ISO 8601 in UTC.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, field_validator

from vigil.accounts.models import Person
from vigil.api.auth import api_person
from vigil.referrals import form, policy, selectors
from vigil.referrals.models import Challenge, PartnerRequest, Referral, Route, Step

# Stored in UTC; said so on the way out whatever the database connection's zone.
Utc = Annotated[datetime, AfterValidator(lambda moment: moment.astimezone(UTC))]
# The version read, sent back with a change. It is stored in a PositiveIntegerField: a larger
# number can never match one, and SQLite cannot even compare it.
Version = Annotated[
    int,
    Field(
        ge=1,
        le=2_147_483_647,
        description="The version you read: if someone has changed it since, the answer is 409.",
    ),
]
Text = Annotated[str, Field(max_length=20_000)]
# workflow.py's names, spelt out so that the OpenAPI document lists them (a test checks
# that they stay the same as the workflow's).
State = Literal[
    "draft", "sent", "acknowledged", "enquiry", "outcome", "feedback-sent", "closed", "withdrawn"
]
LiveState = Literal["sent", "acknowledged", "enquiry", "outcome", "feedback-sent"]
Rating = Literal["red", "amber", "green"]
Outcome = Literal[
    "no-further-action",
    "advice-signposting",
    "early-help",
    "child-in-need",
    "strategy-discussion",
    "police-investigation",
    "exploitation-panel",
]
FirstDecision = Literal["mash-enquiry", Outcome]


def _name(person: Person | None) -> str | None:
    return person.full_name if person is not None else None


class RouteOut(Schema):
    """A route a referral can take: where it goes and how it is answered."""

    code: str = Field(description="The route's code: send it to choose the route.")
    name: str
    description: str
    receiver: str = Field(description="The organisation that receives referrals by this route.")
    receiver_id: uuid.UUID
    workflow: str = Field(description="`mash` (rated, with an enquiry) or `direct`.")
    rated: bool = Field(description="Acknowledging rates the referral red, amber or green.")

    @staticmethod
    def resolve_receiver(route: Route) -> str:
        return route.receiver.name


class ChildNamedOut(Schema):
    """The child the referral is about, as the referral names them."""

    id: uuid.UUID
    given_names: str
    family_name: str
    date_of_birth: date


class PersonNamedOut(Schema):
    id: uuid.UUID
    full_name: str


class ReferralSummaryOut(Schema):
    """A referral in a list: where it stands."""

    id: uuid.UUID = Field(description="The referral's identifier in every URL.")
    reference: str = Field(description="Given when it is sent, like REF-2026-000123.")
    child: ChildNamedOut
    organisation_id: uuid.UUID = Field(description="The referring organisation.")
    route: str = Field(description="The route's code.")
    state: State
    state_label: str
    rating: Rating | None
    created_at: Utc
    sent_at: Utc | None
    next_due_at: Utc | None = Field(description="When the nearest limit on it falls due.")
    version: int

    @staticmethod
    def resolve_route(referral: Referral) -> str:
        return referral.route.code

    @staticmethod
    def resolve_rating(referral: Referral) -> str | None:
        return referral.rating or None


class QueueItemOut(ReferralSummaryOut):
    """A referral in the front door's queue, the nearest limit first."""

    overdue: bool = Field(description="Its nearest limit has passed.")
    assigned_to: PersonNamedOut | None = Field(description="The practitioner who holds it.")
    acknowledged_at: Utc | None

    @staticmethod
    def resolve_overdue(referral: Referral) -> bool:
        return referral.next_due_at is not None and referral.next_due_at <= timezone.now()


class StepOut(Schema):
    """One step of the referral's history: who, when and why."""

    action: str
    from_state: str
    to_state: str
    actor: str
    actor_role: str
    organisation: str
    at: Utc
    reason: str
    details: dict[str, Any]

    @staticmethod
    def resolve_actor(step: Step) -> str:
        return step.actor.full_name

    @staticmethod
    def resolve_organisation(step: Step) -> str:
        return step.organisation.name


class PartnerRequestOut(Schema):
    """A front door's request to a partner agency: it names the child and the question."""

    id: uuid.UUID
    reference: str = Field(description="The referral's reference.")
    child: ChildNamedOut
    front_door: str = Field(description="The front door asking.")
    partner_id: uuid.UUID
    partner: str
    question: str
    due_at: Utc
    requested_by: str
    requested_at: Utc
    answer: str
    answered_by: str | None
    answered_at: Utc | None
    chases: int
    last_chased_at: Utc | None
    version: int

    @staticmethod
    def resolve_reference(request: PartnerRequest) -> str:
        return request.referral.reference

    @staticmethod
    def resolve_child(request: PartnerRequest) -> object:
        return request.referral.child

    @staticmethod
    def resolve_front_door(request: PartnerRequest) -> str:
        return request.referral.route.receiver.name

    @staticmethod
    def resolve_partner(request: PartnerRequest) -> str:
        return request.partner.name

    @staticmethod
    def resolve_requested_by(request: PartnerRequest) -> str:
        return request.requested_by.full_name

    @staticmethod
    def resolve_answered_by(request: PartnerRequest) -> str | None:
        return _name(request.answered_by)


class ChallengeOut(Schema):
    """A professional challenge of the front door's response, and its manager's answer."""

    id: uuid.UUID
    referral_id: uuid.UUID
    reason: str
    raised_by: str
    raised_at: Utc
    answer: str
    answered_by: str | None
    answered_at: Utc | None
    version: int

    @staticmethod
    def resolve_raised_by(challenge: Challenge) -> str:
        return challenge.raised_by.full_name

    @staticmethod
    def resolve_answered_by(challenge: Challenge) -> str | None:
        return _name(challenge.answered_by)


class ReferralOut(ReferralSummaryOut):
    """One referral as the person may see it."""

    answers: dict[str, Any] = Field(description="The referral form's answers, field by field.")
    missing: dict[str, str] | None = Field(
        description="A draft's fields still to answer before it can be sent (null once sent)."
    )
    concern_id: uuid.UUID | None
    created_by: str
    sent_by: str | None
    sent_without_dsl: bool
    screening_summary: dict[str, Any] | None = Field(
        description="The latest screening when it was sent, as it was then."
    )
    rating_reason: str
    acknowledged_at: Utc | None
    first_decision: FirstDecision | None
    decided_at: Utc | None
    outcome: Outcome | None
    outcome_reason: str
    outcome_at: Utc | None
    feedback: str
    feedback_at: Utc | None
    closed_at: Utc | None
    withdrawn_reason: str
    assigned_to: PersonNamedOut | None
    steps: list[StepOut] = Field(description="The history as you may see it.")
    requests: list[PartnerRequestOut] | None = Field(
        description="The enquiry's requests to partner agencies; null if you may not see them."
    )
    challenges: list[ChallengeOut] | None = Field(
        description="Professional challenges; null if you may not see them."
    )

    @staticmethod
    def resolve_missing(referral: Referral) -> dict[str, str] | None:
        if not referral.is_draft:
            return None
        return form.problems(referral.answers, timezone.localdate())

    @staticmethod
    def resolve_created_by(referral: Referral) -> str:
        return referral.created_by.full_name

    @staticmethod
    def resolve_sent_by(referral: Referral) -> str | None:
        return _name(referral.sent_by)

    @staticmethod
    def resolve_first_decision(referral: Referral) -> str | None:
        return referral.first_decision or None

    @staticmethod
    def resolve_outcome(referral: Referral) -> str | None:
        return referral.outcome or None

    @staticmethod
    def resolve_steps(referral: Referral, context: dict[str, Any]) -> list[Step]:
        return selectors.steps_of(actor=api_person(context["request"]), referral=referral)

    @staticmethod
    def resolve_requests(referral: Referral, context: dict[str, Any]) -> list[Any] | None:
        actor = api_person(context["request"])
        if not policy.sees_everything(actor, referral):
            return None
        return selectors.requests_of(actor=actor, referral=referral)

    @staticmethod
    def resolve_challenges(referral: Referral, context: dict[str, Any]) -> list[Any] | None:
        actor = api_person(context["request"])
        if not policy.sees_everything(actor, referral):
            return None
        return selectors.challenges_of(actor=actor, referral=referral)


class ReferralsQuery(Schema):
    state: State | None = Field(None, description="Only referrals in this state.")


class QueueQuery(Schema):
    state: LiveState | None = Field(None, description="Only referrals in this state.")
    rating: Rating | None = None
    clock: Literal["overdue", "due-soon"] | None = Field(
        None, description="Overdue, or due within the next 4 hours."
    )
    holder: Literal["me", "nobody"] | None = Field(
        None, description="Held by you, or by nobody yet."
    )


class StartIn(Schema):
    """Start a draft referral of the child, prefilled from the child's file."""

    route: str | None = Field(
        None, max_length=20, description="The route's code; the first route in use if not given."
    )
    concern: uuid.UUID | None = Field(None, description="The concern that led to it.")


class DraftIn(Schema):
    """Keep what is typed in a draft: the fields given change, the others stay."""

    version: Version
    answers: dict[str, str | list[str] | None] = Field(
        default_factory=dict,
        max_length=len(form.FIELDS),
        description="The referral form's fields (see `answers` of a referral) and their values.",
    )
    route: str | None = Field(None, max_length=20, description="Change the route (its code).")

    @field_validator("answers")
    @classmethod
    def _known_fields(cls, answers: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(answers) - set(form.FIELDS))
        if unknown:
            raise ValueError(f"the referral form has no field {', '.join(unknown)}")
        return answers


class VersionIn(Schema):
    version: Version


class WithdrawIn(Schema):
    version: Version
    reason: Text = Field(description="Why the referral is withdrawn.")


class ChallengeIn(Schema):
    reason: Text = Field(description="Why you are following up or challenging the response.")


class AcknowledgeIn(Schema):
    version: Version
    rating: Rating | None = Field(None, description="Required on a rated route.")
    reason: Text = Field("", description="Why you rate it so (on a rated route).")


class DecideIn(Schema):
    version: Version
    decision: FirstDecision = Field(
        description="A MASH enquiry, or the response straight away (which is the outcome)."
    )
    reason: Text


class ConcludeIn(Schema):
    version: Version
    outcome: Outcome
    reason: Text


class FeedbackIn(Schema):
    version: Version
    feedback: Text = Field(description="What was decided and what happens next.")


class CloseIn(Schema):
    version: Version
    reason: Text = ""


class AssignIn(Schema):
    version: Version
    assignee: uuid.UUID | None = Field(
        description="A practitioner or manager of the front door; null to take it back."
    )


class PartnerRequestIn(Schema):
    partner: uuid.UUID = Field(description="The partner agency (an organisation) to ask.")
    question: Text
    due_at: AwareDatetime | None = Field(
        None, description="When the answer is due, with its offset; the rating's clock if not."
    )


class AnswerIn(Schema):
    version: Version
    answer: Text
