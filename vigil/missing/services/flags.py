"""Repeated missing episodes: the flag to the child's DSLs, and to the MASH only when the
child has an open referral to it or a share with it; and the partnership's rule for it.

A flag counts the episodes since the child's last flag, so each flag stands for a new run of
episodes (3 or more in 90 days by default, the partnership's configuration). It is raised
inside the service recording the episode, after that service has taken the lock on the
child's row (its chronology entry): two episodes recorded at once never raise two flags.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import OrganisationKind, Person
from vigil.accounts.policy import RECEIVERS
from vigil.accounts.selectors import members_holding, safeguarding_leads_of
from vigil.audit.services import audit_event_record
from vigil.children.models import Child, EntryKind, Share
from vigil.children.services import NewEntry, entry_append
from vigil.core.calendar import local_date
from vigil.core.versioning import update_versioned
from vigil.missing import policy, rules
from vigil.missing.models import Episode, MissingSettings, RepeatFlag
from vigil.missing.selectors import repeat_rule
from vigil.notifications.services import notification_send
from vigil.referrals import workflow
from vigil.referrals.models import Referral

MOST_EPISODES = 20
LONGEST_WINDOW_DAYS = 366


def _mash_told_about(child: Child) -> uuid.UUID | None:
    """The MASH to flag repeated episodes to: the front door of an open referral of the child
    (sent, not yet closed or withdrawn), else a MASH the file was shared with; None when
    neither (the MASH is told only then)."""
    referred = (
        Referral.objects.filter(
            child_id=child.pk,
            state__in=sorted(workflow.LIVE),
            route__receiver__kind=OrganisationKind.MASH,
        )
        .order_by("-sent_at")
        .values_list("route__receiver_id", flat=True)
        .first()
    )
    if referred is not None:
        return referred
    return (
        Share.objects.filter(child_id=child.pk, to_organisation__kind=OrganisationKind.MASH)
        .order_by("-shared_at")
        .values_list("to_organisation_id", flat=True)
        .first()
    )


def _window(child: Child, rule: MissingSettings) -> tuple[int, tuple[date, date]] | None:
    """The run of episodes since the last flag that meets the rule, and how many are in it."""
    since = (
        RepeatFlag.objects.filter(child_id=child.pk)
        .order_by("-last_day")
        .values_list("last_day", flat=True)
        .first()
    )
    days = [
        local_date(moment)
        for moment in Episode.objects.filter(child_id=child.pk).values_list(
            "missing_since", flat=True
        )
    ]
    days = [day for day in days if since is None or day > since]
    found = rules.repeated_window(days, episodes=rule.repeat_episodes, within_days=rule.repeat_days)
    if found is None:
        return None
    return sum(found[0] <= day <= found[1] for day in days), found


def flag_if_repeated(*, actor: Person, episode: Episode) -> RepeatFlag | None:
    """Flag the child's repeated episodes if the episode just recorded makes a run the rule
    counts. For the recording service, inside its transaction."""
    rule = repeat_rule()
    run = _window(episode.child, rule)
    if run is None:
        return None
    count, window = run
    flag = RepeatFlag(
        id=uuid.uuid4(),
        child=episode.child,
        organisation_id=episode.organisation_id,
        raised_at=timezone.now(),
        episodes=count,
        within_days=rule.repeat_days,
        first_day=window[0],
        last_day=window[1],
        mash_id=_mash_told_about(episode.child),
    )
    flag.entry = entry_append(
        actor=actor,
        role=episode.recorder_role,
        organisation=episode.organisation,
        child=episode.child,
        entry=NewEntry(
            kind=EntryKind.MISSING,
            title=f"Repeated missing episodes: {count} within {rule.repeat_days} days",
            occurred_at=flag.raised_at,
            body=_flag_body(flag),
            source_type=policy.FLAG_KIND,
            source_id=flag.pk,
        ),
    )
    flag.save(force_insert=True)
    Episode.objects.filter(pk=episode.pk).update(flag=flag)
    episode.flag = flag
    _flag_recorded(actor, flag)
    return flag


def _flag_body(flag: RepeatFlag) -> str:
    told = "the designated safeguarding leads"
    if flag.mash_id:
        told += " and the MASH (the child has an open referral to it, or a share with it)"
    return (
        f"The child went missing {flag.episodes} times between {flag.first_day:%-d %B %Y} and "
        f"{flag.last_day:%-d %B %Y}. Flagged to {told}."
    )


def _flag_recorded(actor: Person, flag: RepeatFlag) -> None:
    audit_event_record(
        actor=actor,
        verb="missing-flag.raise",
        object_type=policy.FLAG_KIND,
        object_id=flag.pk,
        details={
            "child": str(flag.child_id),
            "episodes": flag.episodes,
            "mash": str(flag.mash_id) if flag.mash_id else None,
        },
    )
    recipients = safeguarding_leads_of(flag.organisation_id)
    if flag.mash_id:
        recipients += members_holding(flag.mash_id, RECEIVERS)
    notification_send(
        recipients=recipients,
        kind="missing-flag",
        title="Repeated missing episodes have been flagged",
        link=flag.get_absolute_url(),
        key=f"missing-flag:{flag.pk}",
    )


def missing_settings_update(
    *, actor: Person, version: int, repeat_episodes: int, repeat_days: int
) -> MissingSettings:
    """Change the repeated-episode rule (the partnership's administrators). Flags already
    raised keep the rule they met."""
    if not policy.can_configure(actor):
        raise PermissionDenied
    errors = {}
    if not 2 <= repeat_episodes <= MOST_EPISODES:
        errors["repeat_episodes"] = f"Enter a whole number of episodes from 2 to {MOST_EPISODES}"
    if not 1 <= repeat_days <= LONGEST_WINDOW_DAYS:
        errors["repeat_days"] = f"Enter a whole number of days from 1 to {LONGEST_WINDOW_DAYS}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current, _ = MissingSettings.objects.get_or_create(pk=1)
        update_versioned(
            current,
            version,
            repeat_episodes=repeat_episodes,
            repeat_days=repeat_days,
            updated_at=timezone.now(),
        )
        audit_event_record(
            actor=actor,
            verb="missing-settings.update",
            object_type="missing-settings",
            object_id=current.pk,
            details={"repeat_episodes": repeat_episodes, "repeat_days": repeat_days},
        )
    return current
