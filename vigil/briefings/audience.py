"""Who a briefing is for, and which of a person's briefings are waiting for them. Pure: the
standard library only.

A briefing's audience is a set of roles and a set of organisation kinds. Someone is in it when
one of their current roles is in the roles at an organisation whose kind is in the kinds: a
teacher (staff at a school) is in a schools' briefing for staff; a health visitor (staff at a
health team) is not; a person who is staff at a school and a DSL at another is in it through
either.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Audience:
    roles: frozenset[str]
    kinds: frozenset[str]

    @classmethod
    def of(cls, roles: Iterable[str], kinds: Iterable[str]) -> Audience:
        return cls(frozenset(roles), frozenset(kinds))

    def includes(self, role: str, kind: str) -> bool:
        """One role held at one organisation of a kind."""
        return role in self.roles and kind in self.kinds

    def includes_any(self, held: Iterable[tuple[str, str]]) -> bool:
        """Any of a person's (role, organisation kind) pairs."""
        return any(self.includes(role, kind) for role, kind in held)


@dataclass(frozen=True)
class Standing:
    """Where a person stands with one briefing's current version."""

    must_read_by: date | None
    read_current: bool

    @property
    def waiting(self) -> bool:
        return not self.read_current

    @property
    def must_read(self) -> bool:
        """Unread and with a date to read it by: asked for at sign-in."""
        return self.waiting and self.must_read_by is not None

    def overdue(self, today: date) -> bool:
        return self.must_read and self.must_read_by is not None and self.must_read_by < today


def reading_order(due: date | None, title: str) -> tuple[int, date, str]:
    """Briefings with a date first, the soonest first; then the rest by title."""
    return (0, due, title.lower()) if due is not None else (1, date.max, title.lower())
