"""The read reports: for an organisation, who in a briefing's audience has and has not read
each version (PROCESS.md, Recognise: "each organisation can see who has read them").

Only the organisation's DSLs, deputies and managers see its reports; a report they may not see
answers 404, like one that does not exist. A report names people, their roles there and what
they confirmed reading, and nothing else: no reflective answers, no case detail.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from vigil.accounts.models import Membership, Organisation, Person, Role
from vigil.briefings import policy
from vigil.briefings.models import Briefing, BriefingVersion, ReadReceipt

ROLE_NAMES = dict(Role.choices)


def audience_at(briefing: Briefing, organisation: Organisation) -> QuerySet[Person]:
    """The people of the organisation in the briefing's audience, by name."""
    if organisation.kind not in briefing.audience_kinds:
        return Person.objects.none()
    return (
        Person.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__ended_at__isnull=True,
            memberships__role__in=briefing.audience_roles,
        )
        .distinct()
        .order_by("full_name", "username")
    )


def readers_of(version: BriefingVersion, audience: QuerySet[Person]) -> int:
    return ReadReceipt.objects.filter(
        briefing_version=version, person_id__in=audience.values("pk")
    ).count()


@dataclass(frozen=True)
class Summary:
    organisation: Organisation
    briefing: Briefing
    people: int
    read: int


def _report_organisations(actor: Person) -> list[Organisation]:
    ids = policy.report_organisations(actor)
    return list(Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def report_summaries(*, actor: Person) -> list[Summary]:
    """For each organisation the person reports on, each briefing meant for its kind: how many
    people it is for there, and how many have read its current version."""
    organisations = _report_organisations(actor)
    briefings = list(
        Briefing.objects.filter(current__isnull=False)
        .select_related("current")
        .defer("current__body")
        .order_by("withdrawn_at", "-created_at")
    )
    found = []
    for organisation in organisations:
        for briefing in briefings:
            current = briefing.current
            if current is not None and organisation.kind in briefing.audience_kinds:
                people = audience_at(briefing, organisation)
                found.append(
                    Summary(organisation, briefing, people.count(), readers_of(current, people))
                )
    return found


@dataclass(frozen=True)
class Report:
    organisation: Organisation
    briefing: Briefing
    version: BriefingVersion
    versions: list[BriefingVersion]
    people: QuerySet[Person]
    read: int

    @property
    def is_current(self) -> bool:
        return self.version.pk == self.briefing.current_id


def read_report(
    *,
    actor: Person,
    organisation_id: uuid.UUID,
    briefing_id: uuid.UUID,
    number: int | None = None,
) -> Report:
    """One briefing's report at one organisation, for its current version or another."""
    organisation = Organisation.objects.filter(pk=organisation_id, is_active=True).first()
    briefing = Briefing.objects.filter(pk=briefing_id, current__isnull=False).first()
    if organisation is None or briefing is None:
        raise Http404
    if not policy.can_report(actor, organisation.pk, organisation.kind, briefing):
        raise Http404
    versions = list(briefing.versions.defer("body").order_by("-number"))
    chosen = next((v for v in versions if v.number == number), None) if number else None
    version = chosen or next(v for v in versions if v.pk == briefing.current_id)
    people = audience_at(briefing, organisation)
    return Report(organisation, briefing, version, versions, people, readers_of(version, people))


@dataclass(frozen=True)
class Row:
    person: Person
    roles: list[str]
    read: bool
    read_at: datetime | None
    last_number: int | None
    last_read_at: datetime | None


def report_rows(report: Report, people: Iterable[Person]) -> list[Row]:
    """The rows for some of the report's people (a page, or a chunk of the export)."""
    people = list(people)
    ids = [p.pk for p in people]
    roles: dict[uuid.UUID, list[str]] = {}
    memberships = Membership.objects.filter(
        person_id__in=ids,
        organisation=report.organisation,
        ended_at__isnull=True,
        role__in=report.briefing.audience_roles,
    ).order_by("role")
    for person_id, role in memberships.values_list("person_id", "role"):
        roles.setdefault(person_id, []).append(ROLE_NAMES.get(role, role))
    receipts = ReadReceipt.objects.filter(briefing=report.briefing, person_id__in=ids)
    this: dict[uuid.UUID, datetime] = {}
    latest: dict[uuid.UUID, tuple[int, datetime]] = {}
    rows = receipts.order_by("read_at").values_list(
        "person_id", "briefing_version_id", "briefing_version__number", "read_at"
    )
    for person_id, version_id, number, read_at in rows:
        latest[person_id] = (number, read_at)
        if version_id == report.version.pk:
            this[person_id] = read_at
    return [_row(p, roles.get(p.pk, []), this.get(p.pk), latest.get(p.pk)) for p in people]


def _row(
    person: Person, roles: list[str], read_at: datetime | None, last: tuple[int, datetime] | None
) -> Row:
    return Row(
        person=person,
        roles=roles,
        read=read_at is not None,
        read_at=read_at,
        last_number=last[0] if last else None,
        last_read_at=last[1] if last else None,
    )
