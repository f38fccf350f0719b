"""API: children's files, their chronology and shares, with the pages' access rules and logs."""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Router
from ninja.pagination import paginate

from vigil.accounts.models import Organisation
from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.children import policy, selectors
from vigil.children.models import ChronologyEntry
from vigil.children.schemas import (
    ChildIn,
    ChildOut,
    ChildPick,
    ChildUpdateIn,
    CorrectionIn,
    EntryOut,
    SharedChildOut,
    ShareIn,
    ShareOut,
)
from vigil.children.services import child_add, child_update, entry_correct, share_create

router = Router(tags=["children"])


@router.get("/children", response=answers({200: list[ChildPick]}))
@paginate(Paged)
def children(request: HttpRequest, q: str = "") -> object:
    """The children of the organisations where you lead on cases, by name."""
    return selectors.children_of(actor=api_person(request), query=q[:100]).values(
        *selectors.PICK_FIELDS
    )


@router.get("/organisations/{organisation_id}/children", response=answers({200: list[ChildPick]}))
def children_to_pick(request: HttpRequest, organisation_id: uuid.UUID, q: str = "") -> object:
    """An organisation's children by name and date of birth, for recording a concern."""
    return selectors.children_to_pick(
        actor=api_person(request), organisation_id=organisation_id, query=q[:100]
    )


@router.post("/children", response=answers({201: ChildPick}))
def child_new(request: HttpRequest, payload: ChildIn) -> tuple[int, object]:
    """Add a child to an organisation (see /duplicates first: one child, one file)."""
    organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
    if organisation is None:
        raise Http404
    fields = payload.dict(exclude={"organisation_id"})
    return 201, child_add(actor=api_person(request), organisation=organisation, **fields)


@router.get(
    "/organisations/{organisation_id}/children/duplicates",
    response=answers({200: list[ChildPick]}),
)
def duplicates(
    request: HttpRequest,
    organisation_id: uuid.UUID,
    given_names: str,
    family_name: str,
    date_of_birth: str,
) -> object:
    """The organisation's children who may be the child about to be added."""
    try:
        born = date.fromisoformat(date_of_birth)
    except ValueError:
        raise ValidationError({"date_of_birth": "Give the date as YYYY-MM-DD"}) from None
    found = selectors.likely_duplicates(
        actor=api_person(request),
        organisation_id=organisation_id,
        given_names=given_names[:100],
        family_name=family_name[:100],
        born=born,
    )
    return [duplicate.child for duplicate in found]


@router.get("/children/{child_id}", response=answers({200: ChildOut | SharedChildOut}))
def child(request: HttpRequest, child_id: uuid.UUID) -> object:
    """A child's file (its opening is logged); only names and birth date where it was shared."""
    file = selectors.child_file_open(actor=api_person(request), child_id=child_id)
    if file.shared_only:
        return SharedChildOut.from_orm(file.child)
    return ChildOut.from_orm(file.child)


@router.put("/children/{child_id}", response=answers({200: ChildOut}))
def child_change(request: HttpRequest, child_id: uuid.UUID, payload: ChildUpdateIn) -> object:
    """Correct or complete a child's identity and statuses (the organisation's case leads).
    Send the version you read: a change made since then is a 409 conflict."""
    actor = api_person(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    if file.shared_only or not policy.can_edit_identity(actor, file.child):
        raise Http404
    fields = payload.dict(exclude_none=True)
    return child_update(actor=actor, child=file.child, **fields)


@router.post(
    "/children/{child_id}/chronology/{entry_id}/corrections", response=answers({201: EntryOut})
)
def correct(
    request: HttpRequest, child_id: uuid.UUID, entry_id: uuid.UUID, payload: CorrectionIn
) -> tuple[int, object]:
    """Correct an entry: a new entry linked to it; the original stays as it was."""
    actor = api_person(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    entry = file.child.entries.filter(pk=entry_id).first()
    if entry is None or file.shared_only:
        raise Http404
    return 201, entry_correct(actor=actor, entry=entry, correction=payload.correction)


@router.get("/children/{child_id}/chronology", response=answers({200: list[EntryOut]}))
@paginate(Paged)
def chronology(request: HttpRequest, child_id: uuid.UUID, kind: str = "") -> object:
    """The entries you may see, in the order things happened (the reading is logged)."""
    actor = api_person(request)
    file = selectors.child_file_open(actor=actor, child_id=child_id, purpose="chronology")
    return selectors.chronology_for(actor=actor, file=file, kind=kind[:16])


@router.post("/children/{child_id}/shares", response=answers({201: ShareOut}))
def share(request: HttpRequest, child_id: uuid.UUID, payload: ShareIn) -> tuple[int, object]:
    """Share named entries of the child's file with another organisation (DSLs)."""
    actor = api_person(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    to = Organisation.objects.filter(pk=payload.to_organisation_id).first()
    if to is None:
        raise Http404
    entries = list(ChronologyEntry.objects.filter(pk__in=payload.entry_ids, child=file.child))
    if len(entries) != len(set(payload.entry_ids)):
        raise Http404
    created = share_create(
        actor=actor,
        child=file.child,
        to_organisation=to,
        entries=entries,
        lawful_basis=payload.lawful_basis,
        reason=payload.reason,
    )
    return 201, created


@router.get("/shares", response=answers({200: list[ShareOut]}))
@paginate(Paged)
def shares(request: HttpRequest) -> object:
    """What other organisations have shared with yours."""
    return selectors.shares_with_me(actor=api_person(request))
