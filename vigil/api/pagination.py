"""The API's pages: `limit` and `offset`, both bounded.

Django Ninja's own limit/offset pagination leaves the offset unbounded, and an offset past what
the database's integers hold fails inside the database (SQLite: "datatype mismatch"). Here a
larger offset is refused like any other invalid input (422).
"""

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

LARGEST_OFFSET = 100_000_000


class Paged(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(100, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=LARGEST_OFFSET)
