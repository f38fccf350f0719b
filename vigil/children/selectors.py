"""Reads of children's files, already scoped to the person asking.

A child the person may not see answers exactly as a child that does not exist (404), so nobody
learns which children are known. Opening a file is itself recorded on the access log: reading
and logging are one call (`child_file_open`), so that no page can show a file unlogged.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404

from vigil.accounts import policy as access
from vigil.accounts.models import Organisation, Person
from vigil.audit.services import access_event_record
from vigil.children import matching
from vigil.children import policy as child_policy
from vigil.children.models import Child, ChronologyEntry, Share

PICK_FIELDS = ("id", "given_names", "family_name", "known_as", "date_of_birth")


def organisations_recording_for(*, actor: Person) -> list[Organisation]:
    """Where the person may record a concern (most people: exactly one)."""
    ids = access.organisations_where(actor, *child_policy.RECORDERS)
    return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def children_to_pick(
    *, actor: Person, organisation_id: uuid.UUID, query: str = "", limit: int = 20
) -> list[dict[str, object]]:
    """An organisation's children by name, with names and dates of birth only (all that staff
    may see of children they have not recorded about)."""
    if not child_policy.can_record_at(actor, organisation_id):
        return []
    children = Child.objects.filter(organisation_id=organisation_id)
    for word in query.split()[:4]:
        children = children.filter(
            Q(given_names__icontains=word)
            | Q(family_name__icontains=word)
            | Q(known_as__icontains=word)
        )
    return list(children.order_by("family_name", "given_names").values(*PICK_FIELDS)[:limit])


def child_to_pick(*, actor: Person, child_id: uuid.UUID) -> Child:
    """A child the person may record about (their organisation's): 404 otherwise."""
    child = Child.objects.filter(pk=child_id).only(*PICK_FIELDS, "organisation_id").first()
    if child is None or not child_policy.can_record_at(actor, child.organisation_id):
        raise Http404
    return child


@dataclass(frozen=True)
class Duplicate:
    child: dict[str, object]
    reasons: tuple[str, ...]


def likely_duplicates(
    *, actor: Person, organisation_id: uuid.UUID, given_names: str, family_name: str, born: date
) -> list[Duplicate]:
    """The organisation's children who may be the child about to be added."""
    if not child_policy.can_record_at(actor, organisation_id):
        return []
    first, last, swapped = matching.dates_of_birth_near(born)
    near = Q(date_of_birth__range=(first, last)) | Q(
        sound_key=matching.sound_key(given_names, family_name)
    )
    if swapped:
        near |= Q(date_of_birth=swapped)
    rows = list(Child.objects.filter(near, organisation_id=organisation_id).values(*PICK_FIELDS))
    typed = matching.Person(given_names, family_name, born)
    existing = [
        matching.Person(
            str(r["given_names"]), str(r["family_name"]), r["date_of_birth"], str(r["known_as"])
        )
        for r in rows
    ]
    return [
        Duplicate(rows[likely.index], likely.reasons)
        for likely in matching.likely_duplicates(typed, existing)
    ][:10]


@dataclass(frozen=True)
class ChildFile:
    child: Child
    relationship: access.Relationship
    # Only the entries shared with the person's organisation, when the file was shared.
    shared_only: bool


def _visible_child(actor: Person, child_id: uuid.UUID) -> ChildFile:
    child = Child.objects.select_related("organisation").filter(pk=child_id).first()
    if child is None:
        raise Http404
    relation = child_policy.standing(actor, child)
    if not child_policy.can_view_file(actor, child, relation):
        raise Http404
    return ChildFile(child, relation, relation is access.Relationship.SHARED)


def child_file_open(*, actor: Person, child_id: uuid.UUID, purpose: str = "view") -> ChildFile:
    """Open a child's file for the person, recording the opening on the access log."""
    found = _visible_child(actor, child_id)
    access_event_record(
        actor=actor,
        verb=f"child.{purpose}",
        object_type="child",
        object_id=found.child.pk,
        details={"relationship": str(found.relationship)},
    )
    return found


def child_file_check(*, actor: Person, child_id: uuid.UUID) -> ChildFile:
    """The same access decision without logging an opening: for a service about to change
    the file, which records its own audit event."""
    return _visible_child(actor, child_id)


# An entry's own fields; of the people, organisations and entries it joins, only what is shown.
ENTRY_FIELDS = tuple(field.name for field in ChronologyEntry._meta.concrete_fields)


def chronology_for(*, actor: Person, file: ChildFile, kind: str = "") -> QuerySet[ChronologyEntry]:
    """The file's entries the person may see, in the order things happened."""
    entries = (
        ChronologyEntry.objects.filter(child=file.child)
        .select_related("recorded_by", "organisation", "corrects")
        .only(*ENTRY_FIELDS, "recorded_by__full_name", "organisation__name", "corrects__title")
    )
    if file.shared_only:
        mine = access.organisations_where(actor, *access.CASE_LEADS)
        entries = entries.filter(shares__to_organisation_id__in=mine).distinct()
    if kind:
        entries = entries.filter(kind=kind)
    return entries.order_by("occurred_at", "position")


def shares_with_me(*, actor: Person) -> QuerySet[Share]:
    """What other organisations have shared with the person's organisations (case leads)."""
    mine = access.organisations_where(actor, *access.CASE_LEADS)
    return (
        Share.objects.filter(to_organisation_id__in=mine)
        .select_related("child", "from_organisation", "to_organisation", "shared_by")
        .order_by("-shared_at")
    )


def children_of(*, actor: Person, query: str = "") -> QuerySet[Child]:
    """The children whose files the person may open in their own organisations (case leads)."""
    mine = access.organisations_where(actor, *access.CASE_LEADS)
    children = Child.objects.filter(organisation_id__in=mine).select_related("organisation")
    for word in query.split()[:4]:
        children = children.filter(
            Q(given_names__icontains=word)
            | Q(family_name__icontains=word)
            | Q(known_as__icontains=word)
        )
    return children.order_by("family_name", "given_names")
