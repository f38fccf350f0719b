"""The demo's missing episodes: one overdue return home interview, one child with repeated
episodes, one child missing now at immediate risk, one interview due soon; and the tick
escalates the overdue one."""

from __future__ import annotations

import pytest
from django.utils import timezone

from vigil.core import demo
from vigil.core.models import Clock
from vigil.core.services.timekeeping import clocks_tick
from vigil.missing import rules
from vigil.missing.models import Episode, RepeatFlag
from vigil.notifications.models import Notification
from vigil.screening import selectors as screenings
from vigil.screening.services import screening_start


@pytest.mark.django_db
def test_the_demo_has_every_kind_of_episode() -> None:
    assert demo.load()
    now = timezone.now()
    episodes = Episode.objects.select_related("child", "organisation")
    assert episodes.count() == 6
    running = Clock.objects.filter(kind="return-home-interview", stopped_at__isnull=True)
    assert running.filter(due_at__lt=now).count() == 1  # the overdue interview
    assert running.filter(due_at__gt=now).count() == 1  # due in two days
    missing_now = episodes.get(returned_at__isnull=True)
    assert missing_now.immediate_risk and missing_now.organisation.name == "Brindle Hill School"
    flag = RepeatFlag.objects.get()
    assert flag.episodes == 3 and flag.organisation.name == "Ashgrove Academy"
    repeated = episodes.filter(child=flag.child)
    assert sorted(repeated.values_list("interview", flat=True)) == [
        rules.DECLINED,
        rules.DONE,
        rules.DONE,
    ]
    # Stopped clocks read as stopped when the interview happened: in time or late, truthfully.
    stopped = Clock.objects.filter(kind="return-home-interview", stopped_at__isnull=False)
    assert stopped.count() == 3 and all(c.stopped_at < now for c in stopped)
    # The repeated child's episodes are offered to their next screening.
    dsl = flag.child.organisation.memberships.get(person__username="dsl").person
    screening = screening_start(actor=dsl, child=flag.child)
    offered = [s for s in screenings.suggestions_for(screening) if s.source == "missing episode"]
    assert [s.indicator.id for s in offered].count("i.going_missing") == 3
    # The worker's tick escalates the overdue interview to the school's managers.
    assert clocks_tick().escalated >= 1
    overdue = Notification.objects.filter(
        kind="clock-overdue", title="A deadline has passed: return home interview"
    )
    assert "manager" in {n.recipient.username for n in overdue}
