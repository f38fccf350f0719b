"""The demo's referrals whenever it is loaded: early on a Monday after the clocks change, the
front door's history still falls in its working hours, in order, in the past, with some
referrals overdue and some in time (tests/concerns/test_demo_cases.py checks the rest, at the
moment the suite runs)."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from vigil.core import demo
from vigil.core.calendar import local_date
from vigil.core.selectors import working_calendar_for
from vigil.referrals import workflow
from vigil.referrals.models import Referral, Step

LONDON = ZoneInfo("Europe/London")
# Easter Monday 29 March 2027 (a bank holiday), 08:15 in London, the day after the clocks go
# forward. Steps written "now" (drafts, the referrals of today's screenings) stay now.
EARLY_MONDAY = datetime(2027, 3, 29, 8, 15, tzinfo=LONDON)


@pytest.mark.django_db
def test_loaded_before_opening_the_history_is_in_working_hours() -> None:
    with time_machine.travel(EARLY_MONDAY):
        assert demo.load()
        now = timezone.now()
        referrals = Referral.objects.select_related("route__receiver")
        assert set(Counter(referrals.values_list("state", flat=True))) == set(workflow.STATES)
        live = referrals.filter(state__in=workflow.LIVE)
        assert live.filter(next_due_at__lt=now).exists()
        assert live.filter(next_due_at__gt=now).exists()
        calendar = working_calendar_for(
            referrals.get(route__code="mash", state="closed").route.receiver
        )
        past = Step.objects.filter(at__lt=now - timedelta(minutes=5)).values_list("at", flat=True)
        assert past and all(moment <= now for moment in Step.objects.values_list("at", flat=True))
        for moment in past:
            period = calendar.period(local_date(moment))
            assert calendar.is_working_day(period.day) and period.start <= moment <= period.end
