"""The API's rate limit: counted in one statement, judged on a sliding window."""

from __future__ import annotations

import pytest

from vigil.api.auth import parse_rate
from vigil.core.models import RateWindow
from vigil.core.rates import judge, rate_hit, rates_prune

MINUTE = 60
T0 = 1_800_000_000.0  # a window's start: 1,800,000,000 is a multiple of 60


def test_a_rate_is_requests_per_unit_and_a_wrong_one_says_what_is_expected() -> None:
    assert parse_rate("600/m") == (600, 60)
    assert parse_rate("5/s") == (5, 1)
    assert parse_rate("1000/day") == (1000, 86400)
    with pytest.raises(ValueError, match="s, m, h or d"):
        parse_rate("600 a minute")


def test_within_the_limit_is_allowed_and_needs_no_wait() -> None:
    assert judge(count=10, previous=0, into=0, limit=10, duration=MINUTE).allowed


def test_the_previous_window_counts_for_the_share_still_within_the_last_minute() -> None:
    # 15 seconds into the window, three quarters of the previous window's 8 still count: 6 + 5.
    over = judge(count=5, previous=8, into=15, limit=10, duration=MINUTE)
    assert not over.allowed
    # One more would be within the limit once the previous window's share, falling by 8/60 a
    # second, has fallen by 2: 15 s.
    assert over.wait == 15
    assert judge(count=5, previous=8, into=23, limit=10, duration=MINUTE).allowed


def test_a_window_alone_over_the_limit_waits_until_it_has_mostly_passed() -> None:
    over = judge(count=20, previous=0, into=30, limit=11, duration=MINUTE)
    # 30 s to the window's end, then half a minute for its 20 to weigh 10, leaving room for 1.
    assert not over.allowed and over.wait == 60


@pytest.mark.django_db
def test_one_row_a_caller_moves_on_with_the_windows() -> None:
    for _ in range(3):
        assert rate_hit("person:a", limit=3, duration=MINUTE, now=T0 + 1).allowed
    assert not rate_hit("person:a", limit=3, duration=MINUTE, now=T0 + 2).allowed
    assert rate_hit("person:b", limit=3, duration=MINUTE, now=T0 + 2).allowed  # its own count
    # Next window: the 4 counted become the previous window's, weighing 4 * 50/60 at 10 s in.
    row = RateWindow.objects.get(key="person:a")
    assert (row.window, row.count, row.previous) == (int(T0), 4, 0)
    assert not rate_hit("person:a", limit=3, duration=MINUTE, now=T0 + MINUTE + 10).allowed
    row.refresh_from_db()
    assert (row.window, row.count, row.previous) == (int(T0) + MINUTE, 1, 4)
    # Two windows on, nothing earlier counts.
    assert rate_hit("person:a", limit=3, duration=MINUTE, now=T0 + 3 * MINUTE).allowed
    row.refresh_from_db()
    assert (row.count, row.previous) == (1, 0)


@pytest.mark.django_db
def test_the_tick_forgets_callers_not_seen_for_a_day() -> None:
    rate_hit("ip:192.0.2.1", limit=3, duration=MINUTE, now=T0)
    rate_hit("person:a", limit=3, duration=MINUTE, now=T0 + 86_000)
    assert rates_prune(now=T0 + 86_500) == 1
    assert list(RateWindow.objects.values_list("key", flat=True)) == ["person:a"]
