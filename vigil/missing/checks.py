"""Checking what is typed about a missing episode, for the pages and the API alike: each
problem is named against its field, with what to do, and all of them at once."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError

from vigil.missing import rules


class Problems:
    """Collects the problems of one submission; `raise_any` raises them together."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.found.setdefault(field, message)

    def raise_any(self) -> None:
        if self.found:
            raise ValidationError(self.found)

    def text(
        self, field: str, value: Any, *, what: str, longest: int, required: bool = True
    ) -> str:
        """The text stripped; a problem when it is missing (if required) or too long."""
        text = str(value or "").strip()
        if required and not text:
            self.add(field, f"Enter {what}")
        elif len(text) > longest:
            self.add(field, f"{what[0].upper()}{what[1:]} must be {longest:,} characters or fewer")
        return text

    def moment(
        self,
        field: str,
        value: datetime | None,
        *,
        what: str,
        now: datetime,
        not_before: datetime | None = None,
        before_what: str = "",
    ) -> datetime | None:
        """A moment that has happened: not in the future, not before `not_before`."""
        if value is None:
            self.add(field, f"Enter {what}")
        elif value.tzinfo is None:
            self.add(field, f"Give {what} with its time zone")
        elif value > now:
            self.add(field, f"{what[0].upper()}{what[1:]} must be now or in the past")
        elif not_before is not None and value < not_before:
            self.add(field, f"{what[0].upper()}{what[1:]} must be after {before_what}")
        return value

    def factors(
        self, field: str, chosen: Any, other: str, known: Any, other_field: str
    ) -> list[str]:
        picked = list(dict.fromkeys(str(code) for code in (chosen or [])))
        problem = rules.factor_problems(picked, other, known)
        if problem:
            where, message = problem
            self.add(other_field if where == "other" else field, message)
        return picked
