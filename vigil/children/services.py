"""Every write to a child's file: adding a child, correcting identity, the chronology, shares.

Each service checks permission, writes in one transaction and records its audit event in that
same transaction. Chronology entries are appended under a lock on the child's row, which gives
each entry its position: entries recorded at the same moment keep their recording order.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from vigil.accounts.models import Organisation, OrganisationKind, Person
from vigil.accounts.selectors import safeguarding_leads_of
from vigil.audit.services import audit_event_record
from vigil.children import matching
from vigil.children import policy as child_policy
from vigil.children.identifiers import nhs_number_valid
from vigil.children.models import Child, ChronologyEntry, EntryKind, LawfulBasis, Share
from vigil.children.policy import acting_role
from vigil.core.versioning import update_versioned
from vigil.notifications.services import notification_send

IDENTITY_FIELDS = (
    "given_names",
    "family_name",
    "known_as",
    "date_of_birth",
    "gender",
    "ethnicity",
    "address",
    "postcode",
    "upn",
    "nhs_number",
    "looked_after_basis",
    "placement",
    "immigration_status",
    "trafficked",
    "learning_disability",
    "migrant_community",
)


def _clean_identity(fields: dict[str, Any]) -> dict[str, Any]:
    clean = {name: value for name, value in fields.items() if name in IDENTITY_FIELDS}
    errors: dict[str, str] = {}
    for name in ("given_names", "family_name"):
        if name in clean:
            clean[name] = " ".join(str(clean[name]).split())
            if not clean[name]:
                errors[name] = "Enter the child's " + name.replace("_", " ")
    born = clean.get("date_of_birth")
    if isinstance(born, date):
        today = timezone.localdate()
        if born > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        elif (today.year - born.year) > 19:
            errors["date_of_birth"] = "Vigil keeps files for children: check the year of birth"
    if clean.get("nhs_number"):
        clean["nhs_number"] = str(clean["nhs_number"]).replace(" ", "")
        if not nhs_number_valid(clean["nhs_number"]):
            errors["nhs_number"] = "Enter a valid 10-digit NHS number, like 943 476 5919"
    if clean.get("upn"):
        clean["upn"] = str(clean["upn"]).replace(" ", "").upper()
    if errors:
        raise ValidationError(errors)
    return clean


def child_add(*, actor: Person, organisation: Organisation, **identity: Any) -> Child:
    """Add a child to the organisation's children (after the person has seen the likely
    duplicates: the page shows them first)."""
    if not child_policy.can_record_at(actor, organisation.pk):
        raise PermissionDenied
    clean = _clean_identity(identity)
    child = Child(
        organisation=organisation,
        created_by=actor,
        created_at=timezone.now(),
        sound_key=matching.sound_key(clean["given_names"], clean["family_name"]),
        **clean,
    )
    child.full_clean(exclude=["organisation", "created_by"])
    with transaction.atomic():
        child.save(force_insert=True)
        audit_event_record(actor=actor, verb="child.add", object_type="child", object_id=child.pk)
    return child


def child_update(*, actor: Person, child: Child, version: int, **identity: Any) -> Child:
    """Correct or complete a child's identity and statuses (case leads of the organisation).
    Optimistic: a change made since `version` was read wins, and this one is refused."""
    if not child_policy.can_edit_identity(actor, child):
        raise PermissionDenied
    clean = _clean_identity(identity)
    names = {**{"given_names": child.given_names, "family_name": child.family_name}, **clean}
    clean["sound_key"] = matching.sound_key(names["given_names"], names["family_name"])
    changed = sorted(k for k, v in clean.items() if getattr(child, k) != v and k != "sound_key")
    with transaction.atomic():
        update_versioned(child, version, **clean)
        audit_event_record(
            actor=actor,
            verb="child.update",
            object_type="child",
            object_id=child.pk,
            details={"fields": changed},
        )
    return child


@dataclass
class NewEntry:
    """What an entry says; the service appending it supplies who, when and where."""

    kind: str
    title: str
    occurred_at: datetime
    body: str = ""
    childs_words: str = ""
    corrects: ChronologyEntry | None = None
    source_type: str = ""
    source_id: uuid.UUID | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def entry_append(
    *, actor: Person, role: str, organisation: Organisation, child: Child, entry: NewEntry
) -> ChronologyEntry:
    """Append an entry to a child's chronology. For services that have already checked the
    actor's permission, inside their transaction (it takes the lock on the child's row, and
    the entry's position from it in the same statement). No savepoint of its own: a failure
    here fails the caller's whole write."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE children_child SET entry_count = entry_count + 1 WHERE id = %s "
            "RETURNING entry_count",
            [Child._meta.pk.get_db_prep_value(child.pk, connection)],
        )
        (position,) = cursor.fetchone()
        return ChronologyEntry.objects.create(
            child=child,
            position=position,
            kind=entry.kind,
            occurred_at=entry.occurred_at,
            recorded_at=timezone.now(),
            recorded_by=actor,
            recorder_role=role,
            organisation=organisation,
            title=entry.title[:200],
            body=entry.body,
            childs_words=entry.childs_words,
            corrects=entry.corrects,
            source_type=entry.source_type,
            source_id=entry.source_id,
        )


def entry_correct(*, actor: Person, entry: ChronologyEntry, correction: str) -> ChronologyEntry:
    """Correct an entry: a new entry linked to the original, which stays as it was."""
    child = entry.child
    if not child_policy.can_correct(actor, entry, child):
        raise PermissionDenied
    correction = correction.strip()
    if len(correction) < 10:
        raise ValidationError({"correction": "Say what was wrong and what is right"})
    with transaction.atomic():
        fixed = entry_append(
            actor=actor,
            role=acting_role(actor, child.organisation_id),
            organisation=child.organisation,
            child=child,
            entry=NewEntry(
                kind=EntryKind.CORRECTION,
                title=f"Correction to: {entry.title}",
                occurred_at=entry.occurred_at,
                body=correction,
                corrects=entry,
            ),
        )
        audit_event_record(
            actor=actor,
            verb="chronology.correct",
            object_type="chronology-entry",
            object_id=fixed.pk,
            details={"corrects": str(entry.pk)},
        )
    return fixed


SHORTEST_SHARE_REASON = 20


def _share_checks(
    actor: Person, child: Child, to: Organisation, entries: list[ChronologyEntry], reason: str
) -> None:
    if not child_policy.can_share(actor, child):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if to.pk == child.organisation_id or not to.is_active:
        errors["to_organisation"] = "Choose another organisation in the partnership"
    elif to.kind == OrganisationKind.PARTNERSHIP:
        errors["to_organisation"] = "The partnership team does not hold case information"
    if not entries:
        errors["entries"] = "Choose at least one entry to share"
    elif any(e.child_id != child.pk for e in entries):
        errors["entries"] = "Choose entries from this child's file only"
    if len(reason.strip()) < SHORTEST_SHARE_REASON:
        errors["reason"] = (
            f"Explain why the other organisation needs this, in at least "
            f"{SHORTEST_SHARE_REASON} characters"
        )
    if errors:
        raise ValidationError(errors)


def share_create(
    *,
    actor: Person,
    child: Child,
    to_organisation: Organisation,
    entries: list[ChronologyEntry],
    lawful_basis: str = LawfulBasis.PUBLIC_TASK,
    reason: str,
) -> Share:
    """Share named entries of a child's file with another organisation, with the lawful basis
    (public task with the safeguarding condition by default; consent is not the basis). The
    share is on the child's chronology and in the receiving organisation's list; its DSLs are
    told, with a link and no case detail."""
    _share_checks(actor, child, to_organisation, entries, reason)
    if lawful_basis not in LawfulBasis.values:
        raise ValidationError({"lawful_basis": "Choose the lawful basis for sharing"})
    now = timezone.now()
    with transaction.atomic():
        share = Share.objects.create(
            child=child,
            from_organisation_id=child.organisation_id,
            to_organisation=to_organisation,
            lawful_basis=lawful_basis,
            reason=reason.strip(),
            shared_by=actor,
            shared_at=now,
        )
        share.entries.set(entries)
        _share_recorded(actor, share, len(entries))
        audit_event_record(
            actor=actor,
            verb="child.share",
            object_type="share",
            object_id=share.pk,
            details={
                "child": str(child.pk),
                "to": str(to_organisation.pk),
                "entries": len(entries),
                "lawful_basis": lawful_basis,
            },
        )
    return share


def _share_recorded(actor: Person, share: Share, count: int) -> None:
    """On both sides: an entry on the child's chronology, and the receiving DSLs told."""
    child, to = share.child, share.to_organisation
    entry_append(
        actor=actor,
        role=acting_role(actor, child.organisation_id),
        organisation=child.organisation,
        child=child,
        entry=NewEntry(
            kind=EntryKind.SHARE,
            title=f"{count} entries shared with {to.name}",
            occurred_at=share.shared_at,
            body=f"{LawfulBasis(share.lawful_basis).label}.\n\n{share.reason}",
            source_type="share",
            source_id=share.pk,
        ),
    )
    notification_send(
        recipients=safeguarding_leads_of(to.pk),
        kind="share",
        title="Another organisation has shared information with you",
        link=f"/children/{child.pk}/",
        key=f"share:{share.pk}",
    )
