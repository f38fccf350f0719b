"""The first moments of a deployment: the partnership, its own team, and its first
administrator. Everything after that is done by people through the services."""

from __future__ import annotations

from django.db import transaction

from vigil.accounts.models import Membership, Organisation, OrganisationKind, Person, Role
from vigil.accounts.services import email_address_set
from vigil.audit.services import SYSTEM, audit_event_record
from vigil.core.models import Partnership


class AlreadySetUpError(Exception):
    pass


def partnership_bootstrap(
    *,
    name: str,
    team_name: str,
    admin_username: str,
    admin_name: str,
    admin_email: str,
    front_door_name: str = "",
    front_door_phone: str = "",
    out_of_hours_phone: str = "",
) -> Person:
    """Create the partnership, its own team (an organisation) and one administrator there.

    Refuses when a partnership already exists: a deployment serves exactly one.
    """
    with transaction.atomic():
        if Partnership.objects.exists():
            raise AlreadySetUpError("This deployment already has its partnership.")
        partnership = Partnership.objects.create(
            name=name,
            front_door_name=front_door_name or "The front door (MASH)",
            front_door_phone=front_door_phone or "Not set yet",
            out_of_hours_phone=out_of_hours_phone or "Not set yet",
        )
        team = Organisation.objects.create(name=team_name, kind=OrganisationKind.PARTNERSHIP)
        admin = Person.objects.create_user(
            username=admin_username, full_name=admin_name, email=admin_email.lower()
        )
        Membership.objects.create(person=admin, organisation=team, role=Role.ADMIN)
        email_address_set(admin)
        for verb, kind, pk in (
            ("partnership.create", "partnership", partnership.pk),
            ("organisation.create", "organisation", team.pk),
            ("person.create", "person", admin.pk),
        ):
            audit_event_record(actor=SYSTEM, verb=verb, object_type=kind, object_id=pk)
    return admin
