"""Permission matrix entries for the partnership's referral routes: configuration, which only
the partnership's administrators see (an organisation's administrator is answered 404)."""

from __future__ import annotations

from tests.architecture.test_permission_matrix import PARTNERSHIP_ADMIN, Entry
from tests.conftest import World
from vigil.referrals.models import Route


def _route(w: World, rel: str, who: object) -> dict[str, object]:
    return {"route_id": Route.objects.get(code="mash").pk}


MATRIX: dict[str, Entry] = {
    "administration/referral-routes/": Entry(PARTNERSHIP_ADMIN),
    "administration/referral-routes/new/": Entry(PARTNERSHIP_ADMIN),
    "administration/referral-routes/<uuid:route_id>/": Entry(PARTNERSHIP_ADMIN, kwargs=_route),
}
