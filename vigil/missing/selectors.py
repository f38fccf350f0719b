"""Reading missing episodes, scoped to the person: an episode (its opening on the access log),
a child's episodes, the return home interviews due, and the repeated-episode flags.

An episode or flag the person may not see answers exactly as one that does not exist (404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import Person, Role
from vigil.audit.services import access_event_record
from vigil.children.models import Child
from vigil.children.selectors import ChildFile
from vigil.core.calendar import LONDON
from vigil.core.models import Clock
from vigil.missing import policy, rules
from vigil.missing.models import Episode, MissingSettings, RepeatFlag, ReturnInterview

CLOCK = "return-home-interview"
# The child's file lists this many of the latest episodes (one query: the page is benchmarked).
ON_FILE = 10
EPISODE_RELATED = ("child", "organisation", "recorded_by", "return_recorded_by", "flag")


def repeat_rule() -> MissingSettings:
    """The partnership's rule for repeated episodes, or the default (3 in 90 days) until it
    sets one. Configuration, not case data."""
    return MissingSettings.objects.filter(pk=1).first() or MissingSettings()


def _episode(episode_id: uuid.UUID) -> Episode | None:
    return Episode.objects.select_related(*EPISODE_RELATED).filter(pk=episode_id).first()


def episode_check(*, actor: Person, episode_id: uuid.UUID) -> Episode:
    """An episode the person may see; 404 otherwise, as for one that does not exist."""
    episode = _episode(episode_id)
    if episode is None or not policy.can_view(actor, episode):
        raise Http404
    return episode


@dataclass(frozen=True)
class EpisodePage:
    episode: Episode
    interviews: list[ReturnInterview]
    clock: Clock | None


def episode_open(*, actor: Person, episode_id: uuid.UUID) -> EpisodePage:
    """An episode with its interviews and its return home interview's clock, the opening
    recorded on the access log (the episode is part of the child's file)."""
    episode = episode_check(actor=actor, episode_id=episode_id)
    access_event_record(
        actor=actor,
        verb="missing-episode.view",
        object_type=policy.KIND,
        object_id=episode.pk,
        details={"child": str(episode.child_id)},
    )
    interviews = list(episode.interviews.select_related("recorded_by"))
    return EpisodePage(episode, interviews, interview_clock(episode))


def interview_clock(episode: Episode) -> Clock | None:
    """The return home interview's clock on an episode the caller has already checked."""
    return (
        Clock.objects.filter(kind=CLOCK, subject_type=policy.KIND, subject_id=episode.pk)
        .order_by("-started_at")
        .first()
    )


def interview_check(*, actor: Person, interview_id: uuid.UUID) -> ReturnInterview:
    interview = (
        ReturnInterview.objects.select_related(*(f"episode__{name}" for name in EPISODE_RELATED))
        .filter(pk=interview_id)
        .first()
    )
    if interview is None or not policy.can_view(actor, interview.episode):
        raise Http404
    return interview


def episodes_on_file(*, actor: Person, file: ChildFile) -> list[Episode]:
    """The latest episodes, for the child's file page: one query (with the flag each raised),
    none on a file seen only through a share (shares name entries, never episodes)."""
    if file.shared_only:
        return []
    return list(
        Episode.objects.filter(child_id=file.child.pk)
        .select_related("flag")
        .only(
            "id",
            "reference",
            "missing_since",
            "missing_from",
            "returned_at",
            "interview",
            "flag",
            "flag__episodes",
            "flag__within_days",
        )
        .order_by("-missing_since")[: ON_FILE + 1]
    )


def episodes_of_child(*, actor: Person, child_id: uuid.UUID) -> QuerySet[Episode]:
    """A child's episodes, the latest first, for the file's readers; the reading on the
    access log. 404 otherwise, as for a child that does not exist."""
    child = Child.objects.filter(pk=child_id).first()
    if child is None or not policy.reads_whole_file(actor, child):
        raise Http404
    access_event_record(
        actor=actor, verb="child.missing-episodes", object_type="child", object_id=child.pk
    )
    return Episode.objects.filter(child=child).select_related("child").order_by("-missing_since")


def episodes_visible_to(*, actor: Person) -> QuerySet[Episode]:
    """The episodes of the organisations where the person leads on cases, and those they
    recorded themselves; the latest first."""
    led = access.organisations_where(actor, *access.CASE_LEADS)
    staffed = access.organisations_where(actor, Role.STAFF)
    return (
        Episode.objects.filter(
            Q(organisation_id__in=led) | Q(organisation_id__in=staffed, recorded_by=actor)
        )
        .select_related("child", "organisation")
        .order_by("-missing_since")
    )


def interviews_due(*, actor: Person, overdue_only: bool = False) -> QuerySet[Episode]:
    """Returned children whose return home interview has not been held or declined, at the
    organisations where the person leads on cases; each with its clock's `due_at`, the
    soonest (so the overdue) first."""
    led = access.organisations_where(actor, *access.CASE_LEADS)
    running = Clock.objects.filter(
        kind=CLOCK, subject_type=policy.KIND, subject_id=OuterRef("pk"), stopped_at__isnull=True
    ).order_by("due_at")
    due = (
        Episode.objects.filter(organisation_id__in=led, returned_at__isnull=False)
        .exclude(interview__in=sorted(rules.STOPS_THE_CLOCK))
        .annotate(due_at=Subquery(running.values("due_at")[:1]))
        .filter(due_at__isnull=False)
    )
    if overdue_only:
        due = due.filter(due_at__lte=timezone.now())
    return due.select_related("child", "organisation").order_by("due_at", "reference")


def flags_visible_to(*, actor: Person) -> QuerySet[RepeatFlag]:
    """Repeated-episode flags of the organisations where the person leads on cases, and those
    raised to a MASH where they receive referrals; the latest first."""
    led = access.organisations_where(actor, *access.CASE_LEADS)
    front_doors = access.organisations_where(actor, *access.RECEIVERS)
    return (
        RepeatFlag.objects.filter(Q(organisation_id__in=led) | Q(mash_id__in=front_doors))
        .select_related("child", "organisation", "mash")
        .order_by("-raised_at")
    )


@dataclass(frozen=True)
class FlagPage:
    flag: RepeatFlag
    episodes: list[Episode]
    # Whether the person may open the episodes themselves (the MASH sees the flag only).
    episode_links: bool


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=LONDON)


def flag_open(*, actor: Person, flag_id: uuid.UUID) -> FlagPage:
    """A flag with the episodes it counted, its opening on the access log."""
    flag = (
        RepeatFlag.objects.select_related("child", "organisation", "mash")
        .filter(pk=flag_id)
        .first()
    )
    if flag is None or not policy.can_view_flag(actor, flag):
        raise Http404
    access_event_record(
        actor=actor,
        verb="missing-flag.view",
        object_type=policy.FLAG_KIND,
        object_id=flag.pk,
        details={"child": str(flag.child_id)},
    )
    episodes = Episode.objects.filter(
        child_id=flag.child_id,
        missing_since__gte=_midnight(flag.first_day),
        missing_since__lt=_midnight(flag.last_day + timedelta(days=1)),
    ).order_by("missing_since")
    return FlagPage(flag, list(episodes), policy.reads_whole_file(actor, flag.child))
