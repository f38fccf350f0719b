"""Moments in the demo's past, and moving a demo referral's history back to them.

The demo's referrals are written through the services, which act at this moment. A front door
that has been working for a few days has referrals received hours and days ago, some of them
overdue; so, after each step of a demo referral begun before today, what the step wrote is
moved back to when it happened: the step, the referral's moments, the entry on the child's
chronology, the requests and challenges it made, and the clocks it started or stopped (a clock
started at that moment counts its due and warning moments again from it, with its
organisation's calendar, exactly as it would have). The audit log is left as it is: it records
when the demo was loaded, truthfully.

Moments are counted in working hours back from now with the front door's calendar, so that the
demo's front door only ever worked in its opening hours.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import cast

from django.utils import timezone

from vigil.accounts.models import Organisation
from vigil.children.models import ChronologyEntry
from vigil.core.calendar import WorkingCalendar, local_date
from vigil.core.clocks import ClockRule, Counts, deadline
from vigil.core.models import Clock
from vigil.core.selectors import working_calendar_for
from vigil.referrals import policy
from vigil.referrals.models import Challenge, PartnerRequest, Referral, Step
from vigil.referrals.steps import next_due_refresh

# A calendar with no working day in this many days back is a mistake in the demo's data.
LONGEST_LOOK_BACK = 400
REFERRAL_MOMENTS = (
    "created_at",
    "updated_at",
    "sent_at",
    "acknowledged_at",
    "decided_at",
    "outcome_at",
    "feedback_at",
    "closed_at",
)


class Timeline:
    """Moments counted in working hours from now, with an organisation's calendar."""

    def __init__(self, organisation: Organisation) -> None:
        self.calendar: WorkingCalendar = working_calendar_for(organisation)
        self.now = timezone.now()

    def ago(self, hours: float) -> datetime:
        """`hours` of working time before now (after now, when negative)."""
        if hours < 0:
            return self.calendar.add_working_time(self.now, timedelta(hours=-hours))
        return self._back(self.now, timedelta(hours=hours))

    def _back(self, moment: datetime, amount: timedelta) -> datetime:
        day = local_date(moment)
        for _ in range(LONGEST_LOOK_BACK):
            if self.calendar.is_working_day(day):
                period = self.calendar.period(day)
                end = min(period.end, moment)
                if end > period.start:
                    if end - period.start >= amount:
                        return end - amount
                    amount -= end - period.start
            day -= timedelta(days=1)
        raise ValueError("The front door's calendar has no working days to count back over.")


def _restart(clock: Clock, at: datetime) -> None:
    """The clock as if started at `at`: its moments counted again from there."""
    if clock.counts == "moment":  # a due moment someone set: the same span from `at`
        due = at + (clock.due_at - clock.started_at)
        warn = at + (due - at) * 3 / 4
    else:
        calendar = working_calendar_for(clock.organisation)
        limit = deadline(ClockRule(cast(Counts, clock.counts), clock.n), at, calendar)
        due, warn = limit.due, limit.warn_at
    Clock.objects.filter(pk=clock.pk).update(started_at=at, due_at=due, warn_at=warn)


def _subjects(referral: Referral) -> list[uuid.UUID]:
    requests = PartnerRequest.objects.filter(referral=referral).values_list("pk", flat=True)
    challenges = Challenge.objects.filter(referral=referral).values_list("pk", flat=True)
    return [referral.pk, *requests, *challenges]


def _move_back(referral: Referral, since: datetime, at: datetime) -> None:
    """Everything about the referral written since `since` (this moment's step) moves to `at`."""
    Step.objects.filter(referral=referral, at__gte=since).update(at=at)
    rows = Referral.objects.filter(pk=referral.pk)
    for name in REFERRAL_MOMENTS:
        rows.filter(**{f"{name}__gte": since}).update(**{name: at})
    for model, names in (
        (PartnerRequest, ("requested_at", "answered_at", "last_chased_at")),
        (Challenge, ("raised_at", "answered_at")),
    ):
        for name in names:
            model.objects.filter(referral=referral, **{f"{name}__gte": since}).update(**{name: at})
    clocks = Clock.objects.filter(subject_id__in=_subjects(referral))
    for clock in clocks.filter(started_at__gte=since):
        _restart(clock, at)
    clocks.filter(stopped_at__gte=since).update(stopped_at=at)
    ChronologyEntry.objects.filter(
        source_type=policy.KIND, source_id=referral.pk, recorded_at__gte=since
    ).update(occurred_at=at, recorded_at=at)


def move_back(referral: Referral, *, since: datetime, to: datetime | None) -> None:
    """What a step on the referral wrote since `since` (the moment it began), moved back to
    when it happened, `to` (None: it happened now, as written)."""
    if to is None:
        return
    _move_back(referral, since, to)
    summary = Referral.objects.filter(pk=referral.pk).values_list("screening_summary", flat=True)
    attached = summary.first()
    if attached and attached.get("attached_at", "") >= since.isoformat():
        Referral.objects.filter(pk=referral.pk).update(
            screening_summary=attached | {"attached_at": to.isoformat()}
        )
    referral.refresh_from_db()
    next_due_refresh(referral)


def request_due(request: PartnerRequest, due: datetime) -> None:
    """A partner request's due moment (and its clock's), as the practitioner set it then."""
    request.refresh_from_db()
    PartnerRequest.objects.filter(pk=request.pk).update(due_at=due)
    started = request.requested_at
    Clock.objects.filter(subject_id=request.pk).update(
        due_at=due, warn_at=started + (due - started) * 3 / 4
    )
    request.refresh_from_db()
