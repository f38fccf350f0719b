"""API: who am I, the organisations directory, administering people, and one's own tokens."""

import uuid
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from vigil.accounts import policy, selectors, services
from vigil.accounts.models import Organisation, Person
from vigil.accounts.tokens import (
    DEFAULT_DAYS,
    LONGEST_DAYS,
    api_token_create,
    api_token_revoke,
    api_tokens_of,
)
from vigil.api.auth import SessionAuth, api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged

router = Router(tags=["people and organisations"])


class MembershipOut(Schema):
    organisation_id: uuid.UUID
    organisation_kind: str
    role: str


class MeOut(Schema):
    id: uuid.UUID
    username: str
    full_name: str
    email: str
    roles: list[MembershipOut]


@router.get("/me", response=answers({200: MeOut}))
def me(request: HttpRequest) -> dict:
    person: Person = api_person(request)
    holdings = [
        MembershipOut(
            organisation_id=h.organisation_id, organisation_kind=h.organisation_kind, role=h.role
        )
        for h in policy.holdings(person)
    ]
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "email": person.email,
        "roles": holdings,
    }


class OrganisationOut(Schema):
    id: uuid.UUID
    name: str
    kind: str
    dfe_number: str | None


@router.get("/organisations", response=answers({200: list[OrganisationOut]}))
@paginate(Paged)
def organisations(request: HttpRequest, q: str = "") -> object:
    found = selectors.organisations_directory()
    return found.filter(name__icontains=q) if q else found


@router.get(
    "/organisations/{organisation_id}",
    response=answers({200: OrganisationOut}),
)
def organisation(request: HttpRequest, organisation_id: uuid.UUID) -> Organisation:
    return selectors.organisations_directory().get(pk=organisation_id)


class PersonOut(Schema):
    id: uuid.UUID
    username: str
    full_name: str
    email: str
    job_title: str
    is_active: bool


class PersonIn(Schema):
    username: str = Field(pattern=r"^[\w.@+-]+$", min_length=1, max_length=150)
    full_name: str = Field(min_length=1, max_length=200)
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    job_title: str = Field("", max_length=200)
    organisation_id: uuid.UUID
    role: str = Field(pattern=r"^(staff|dsl|deputy-dsl|manager|mash|analyst|admin|auditor)$")


def _administrator(request: HttpRequest) -> Person:
    person: Person = api_person(request)
    if not policy.is_admin(person):
        raise PermissionDenied
    return person


@router.get("/people", response=answers({200: list[PersonOut]}))
@paginate(Paged)
def people(request: HttpRequest, q: str = "") -> object:
    return selectors.people_administered_by(actor=_administrator(request), search=q)


@router.get("/people/{person_id}", response=answers({200: PersonOut}))
def person(request: HttpRequest, person_id: uuid.UUID) -> Person:
    return selectors.person_for_admin(actor=_administrator(request), person_id=person_id)


@router.post("/people", response=answers({201: PersonOut}))
def person_create(request: HttpRequest, body: PersonIn) -> Status[Person]:
    actor = _administrator(request)
    organisation = selectors.organisations_administered_by(actor=actor).get(pk=body.organisation_id)
    data = body.dict(exclude={"organisation_id"})
    return Status(201, services.person_create(actor=actor, organisation=organisation, **data))


class TokenOut(Schema):
    id: uuid.UUID
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=100)
    days: int = Field(DEFAULT_DAYS, ge=1, le=LONGEST_DAYS)


class TokenCreated(TokenOut):
    token: str = Field(description="The token itself: shown only in this response.")


@router.get("/tokens", response=answers({200: list[TokenOut]}))
def tokens(request: HttpRequest) -> object:
    return list(api_tokens_of(actor=api_person(request)))


@router.post(
    "/tokens",
    auth=[SessionAuth()],
    response=answers({201: TokenCreated}),
)
def token_create(request: HttpRequest, body: TokenIn) -> Status[dict[str, object]]:
    """Create a token for yourself. Only from a signed-in browser session: a token cannot
    make more tokens."""
    token, secret = api_token_create(
        actor=api_person(request), person=api_person(request), name=body.name, days=body.days
    )
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": secret})


@router.post("/tokens/{token_id}/revoke", response=answers({200: TokenOut}))
def token_revoke(request: HttpRequest, token_id: uuid.UUID) -> object:
    return api_token_revoke(actor=api_person(request), token_id=token_id)
