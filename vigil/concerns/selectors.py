"""Reads of concerns, scoped to the person asking: the DSL queue, one's own concerns, drafts.

A concern the person may not see answers as one that does not exist (404).
"""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import Http404

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.audit.services import access_event_record
from vigil.concerns import policy
from vigil.concerns.models import Concern, Draft, Status
from vigil.core.models import Clock


def triage_queue(*, actor: Person) -> QuerySet[Concern]:
    """The concerns waiting on the person as a DSL (or deputy): new and open ones of their
    organisations, immediate risk first, then the longest waiting."""
    mine = access.organisations_where(actor, *access.DSL_ROLES)
    return (
        Concern.objects.filter(organisation_id__in=mine)
        .exclude(status=Status.CLOSED)
        .select_related("child", "recorded_by")
        .order_by("-immediate_risk", "recorded_at")
    )


def triage_clocks(concerns: list[Concern]) -> dict[uuid.UUID, Clock]:
    """Each concern's running triage clock, in one query."""
    clocks = (
        Clock.objects.filter(
            subject_type=policy.KIND,
            subject_id__in=[c.pk for c in concerns],
            stopped_at__isnull=True,
        )
        .only("id", "kind", "subject_id", "started_at", "warn_at", "due_at", "stopped_at")
        .order_by("due_at")
    )
    found: dict[uuid.UUID, Clock] = {}
    for clock in clocks:
        found.setdefault(clock.subject_id, clock)
    return found


def concerns_recorded_by(*, actor: Person) -> QuerySet[Concern]:
    return (
        Concern.objects.filter(recorded_by=actor).select_related("child").order_by("-recorded_at")
    )


def concern_open(*, actor: Person, concern_id: uuid.UUID) -> Concern:
    """A concern the person may see, its opening recorded on the access log; 404 otherwise."""
    concern = concern_check(actor=actor, concern_id=concern_id)
    access_event_record(
        actor=actor, verb="concern.view", object_type=policy.KIND, object_id=concern.pk
    )
    return concern


def concern_check(*, actor: Person, concern_id: uuid.UUID) -> Concern:
    """The same decision, unlogged: for a service about to act on the concern."""
    concern = (
        Concern.objects.select_related("child", "organisation", "recorded_by", "entry")
        .filter(pk=concern_id)
        .first()
    )
    if concern is None or not policy.can_view(actor, concern):
        raise Http404
    return concern


def drafts_of(*, actor: Person) -> QuerySet[Draft]:
    return Draft.objects.filter(author=actor).order_by("-updated_at")


def draft_for(*, actor: Person, draft_id: uuid.UUID) -> Draft:
    draft = Draft.objects.filter(pk=draft_id, author=actor).select_related("organisation").first()
    if draft is None:
        raise Http404
    return draft
