"""Writes about people, organisations and memberships. Administrators create people: there is
no public sign-up. Each service checks permission, changes the data in one transaction, and
writes its audit event in that same transaction."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from vigil.accounts import policy
from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person, Role
from vigil.accounts.setup_links import send_setup_link
from vigil.audit.services import audit_event_record
from vigil.core.versioning import update_versioned

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "dfe_number",
    "provides_return_interviews",
    "opening_from",
    "opening_to",
    "around_the_clock",
    "is_active",
)
PERSON_FIELDS = ("full_name", "email", "job_title")


def email_address_set(person: Person) -> None:
    """Keep allauth's record of the person's e-mail address in step with the one their
    administrator set. The administrator vouches for it, and the set-up link sent to it proves
    it, so it counts as verified (allauth lets only verified addresses add a second factor)."""
    EmailAddress.objects.filter(user=person).exclude(email=person.email).delete()
    EmailAddress.objects.update_or_create(
        user=person, email=person.email, defaults={"verified": True, "primary": True}
    )


def _require_unused_username(username: str) -> None:
    if Person.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "That username is taken: choose another."})


def _require_unused_email(email: str, person: Person | None = None) -> None:
    """Each person has their own work e-mail address: set-up and reset links go to it."""
    others = Person.objects.filter(email__iexact=email.strip())
    if person is not None:
        others = others.exclude(pk=person.pk)
    if others.exists():
        raise ValidationError(
            {"email": "Someone else already has that e-mail address: enter their own."}
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _organisation_rules(fields: dict[str, Any]) -> None:
    kind = fields.get("kind")
    if kind == OrganisationKind.SCHOOL and not fields.get("dfe_number"):
        raise ValidationError({"dfe_number": "Enter the school's DfE number."})
    if kind != OrganisationKind.SCHOOL:
        fields["dfe_number"] = fields.get("dfe_number") or None
    if bool(fields.get("opening_from")) != bool(fields.get("opening_to")):
        raise ValidationError({"opening_to": "Enter both opening and closing times, or neither."})
    if fields.get("opening_from") and fields["opening_from"] >= fields["opening_to"]:
        raise ValidationError({"opening_to": "The closing time must be after the opening time."})


def organisation_create(*, actor: Person, **fields: Any) -> Organisation:
    """Add an organisation to the partnership (the partnership's administrators only)."""
    _require(policy.is_partnership_admin(actor))
    _organisation_rules(fields)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            **{k: v for k, v in fields.items() if k in ORGANISATION_FIELDS}
        )
        audit_event_record(
            actor=actor,
            verb="organisation.create",
            object_type="organisation",
            object_id=organisation.pk,
            details={"kind": organisation.kind},
        )
    return organisation


def organisation_update(
    *, actor: Person, organisation: Organisation, version: int, **fields: Any
) -> Organisation:
    """Change an organisation. Its own administrators may change its hours and details but
    not its kind; the partnership's administrators may change anything."""
    _require(policy.can_administer_organisation(actor, organisation.pk))
    if not policy.is_partnership_admin(actor):
        fields.pop("kind", None)
        fields.pop("is_active", None)
    merged = {"kind": organisation.kind, **fields}
    _organisation_rules(merged)
    fields = {k: v for k, v in merged.items() if k in ORGANISATION_FIELDS}
    with transaction.atomic():
        update_versioned(organisation, version, **fields)
        audit_event_record(
            actor=actor,
            verb="organisation.update",
            object_type="organisation",
            object_id=organisation.pk,
            details={"fields": sorted(fields)},
        )
    return organisation


def _check_grant(actor: Person, organisation: Organisation, role: str) -> None:
    _require(policy.can_grant_role(actor, organisation.pk, role))
    if not policy.role_allowed_at(role, organisation.kind):
        raise ValidationError(
            {
                "role": f"The role {Role(role).label} cannot be held at {organisation.get_kind_display().lower()}."
            }
        )


def person_create(
    *,
    actor: Person,
    username: str,
    full_name: str,
    email: str,
    organisation: Organisation,
    role: str,
    job_title: str = "",
    send_link: bool = True,
) -> Person:
    """Create a person with their first role, and e-mail them a link to set a password.

    They enrol a second factor when they first sign in. (`send_link=False` is for loading
    the synthetic demo, whose people have known passwords.)
    """
    _check_grant(actor, organisation, role)
    with transaction.atomic():
        _require_unused_username(username)
        _require_unused_email(email)
        person = Person.objects.create_user(
            username=username,
            full_name=full_name.strip(),
            email=email.strip().lower(),
            job_title=job_title.strip(),
        )
        membership = Membership.objects.create(person=person, organisation=organisation, role=role)
        email_address_set(person)
        details = {
            "membership": str(membership.pk),
            "role": role,
            "organisation": str(organisation.pk),
        }
        audit_event_record(
            actor=actor,
            verb="person.create",
            object_type="person",
            object_id=person.pk,
            details=details,
        )
        if send_link:
            transaction.on_commit(lambda: send_setup_link(person))
    return person


def person_update(*, actor: Person, person: Person, version: int, **fields: Any) -> Person:
    _require(policy.can_administer_person(actor, person))
    fields = {k: v.strip() for k, v in fields.items() if k in PERSON_FIELDS}
    if "email" in fields:
        fields["email"] = fields["email"].lower()
        _require_unused_email(fields["email"], person)
    with transaction.atomic():
        update_versioned(person, version, **fields)
        email_address_set(person)
        audit_event_record(
            actor=actor,
            verb="person.update",
            object_type="person",
            object_id=person.pk,
            details={"fields": sorted(fields)},
        )
    return person


def person_set_active(*, actor: Person, person: Person, active: bool) -> Person:
    """Deactivate (they can no longer sign in, and their sessions end) or reactivate."""
    _require(policy.can_administer_person(actor, person))
    with transaction.atomic():
        Person.objects.filter(pk=person.pk).update(is_active=active)
        if not active:
            _end_sessions(person)
        audit_event_record(
            actor=actor,
            verb="person.activate" if active else "person.deactivate",
            object_type="person",
            object_id=person.pk,
        )
    person.refresh_from_db()
    return person


def _end_sessions(person: Person) -> None:
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            session.delete()


def membership_add(
    *, actor: Person, person: Person, organisation: Organisation, role: str
) -> Membership:
    _require(policy.can_administer_person(actor, person) or policy.is_partnership_admin(actor))
    _require(actor.pk != person.pk)
    _check_grant(actor, organisation, role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person, organisation=organisation, role=role
            )
            audit_event_record(
                actor=actor,
                verb="membership.add",
                object_type="membership",
                object_id=membership.pk,
                details={
                    "person": str(person.pk),
                    "organisation": str(organisation.pk),
                    "role": role,
                },
            )
    except IntegrityError:
        raise ValidationError({"role": "They already hold that role there."}) from None
    policy.forget_holdings(person)
    return membership


def membership_end(*, actor: Person, membership: Membership) -> Membership:
    person = membership.person
    _require(actor.pk != person.pk)
    _require(policy.can_grant_role(actor, membership.organisation_id, membership.role))
    with transaction.atomic():
        Membership.objects.filter(pk=membership.pk, ended_at__isnull=True).update(
            ended_at=timezone.now()
        )
        audit_event_record(
            actor=actor,
            verb="membership.end",
            object_type="membership",
            object_id=membership.pk,
            details={"person": str(person.pk)},
        )
    membership.refresh_from_db()
    policy.forget_holdings(person)
    return membership


def person_second_factor_reset(*, actor: Person, person: Person) -> int:
    """Remove all of someone's second factors (a lost phone): they enrol again at next sign-in."""
    _require(policy.can_administer_person(actor, person))
    with transaction.atomic():
        removed, _ = Authenticator.objects.filter(user=person).delete()
        _end_sessions(person)
        audit_event_record(
            actor=actor,
            verb="person.second-factor-reset",
            object_type="person",
            object_id=person.pk,
            details={"removed": removed},
        )
    return removed


def person_setup_link_resend(*, actor: Person, person: Person) -> None:
    _require(policy.can_administer_person(actor, person))
    with transaction.atomic():
        audit_event_record(
            actor=actor, verb="person.setup-link", object_type="person", object_id=person.pk
        )
        transaction.on_commit(lambda: send_setup_link(person))
