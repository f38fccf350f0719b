"""Human references for records people talk about on the phone: `CON-2026-000123`.

Numbers are given by one conditional update per reference (`UPDATE ... RETURNING`), so two
people recording at once never get the same number, on SQLite and PostgreSQL alike. The
year is the year in London when the number is given.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from vigil.core.models import ReferenceCounter


def reference_next(kind: str) -> str:
    """The next reference of `kind` (an upper-case code such as "CON") this year."""
    prefix = f"{kind}-{timezone.localdate().year}"
    number = _take(prefix)
    while number is None:  # the first of the year: create the counter, then take from it
        ReferenceCounter.objects.get_or_create(prefix=prefix)
        number = _take(prefix)
    return f"{prefix}-{number:06d}"


def _take(prefix: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_referencecounter SET last = last + 1 WHERE prefix = %s RETURNING last",
            [prefix],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])
