"""Time left until a deadline, as people say it: `1 day 3 hours left`, `overdue by 5 hours`."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template

register = template.Library()


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def span(delta: timedelta) -> str:
    """A span in the two largest units that matter: days and hours, or hours and minutes."""
    minutes = int(abs(delta.total_seconds()) // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return " ".join([_plural(days, "day"), *([_plural(hours, "hour")] if hours else [])])
    if hours:
        return " ".join(
            [_plural(hours, "hour"), *([_plural(minutes, "minute")] if minutes else [])]
        )
    return _plural(minutes, "minute")


@register.simple_tag
def time_left(due: datetime | None, now: datetime) -> str:
    """`{% time_left clock.due_at now %}`."""
    if due is None:
        return ""
    if due <= now:
        return f"Overdue by {span(now - due)}"
    return f"{span(due - now)} left"
