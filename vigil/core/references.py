"""Human references for records people talk about on the phone: `CON-2026-000123`.

Numbers are given by one conditional update per reference (`UPDATE ... RETURNING`), so two
people recording at once never get the same number, on SQLite and PostgreSQL alike. The
year is the year in London when the number is given.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from vigil.core.models import ReferenceCounter


def reference_next(kind: str) -> str:
    """The next reference of `kind` (an upper-case code such as "CON") this year."""
    prefix = f"{kind}-{timezone.localdate().year}"
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(prefix=prefix)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE core_referencecounter SET last = last + 1 WHERE prefix = %s RETURNING last",
                [prefix],
            )
            (number,) = cursor.fetchone()
    return f"{prefix}-{number:06d}"
