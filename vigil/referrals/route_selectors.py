"""Reading the partnership's referral routes for its administrators: every route, in use or
not; one route to change; the organisations that may receive referrals; and the fingerprint
an edit carries of the route as it was shown.

Routes are configuration, not case data; only the partnership's administrators see this side
of them (anyone else is answered as if there were nothing there).
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db.models import QuerySet
from django.http import Http404

from vigil.accounts import policy
from vigil.accounts.models import Organisation, Person
from vigil.referrals.models import Route


def _partnership_admin(actor: Person | None) -> None:
    if not policy.is_partnership_admin(actor):
        raise Http404


def routes_configured(*, actor: Person | None) -> QuerySet[Route]:
    """Every route, in the order referrers see them; those out of use too."""
    _partnership_admin(actor)
    return Route.objects.select_related("receiver").order_by("order", "name")


def route_for_admin(*, actor: Person | None, route_id: uuid.UUID) -> Route:
    _partnership_admin(actor)
    route = Route.objects.select_related("receiver").filter(pk=route_id).first()
    if route is None:
        raise Http404
    return route


def receivers_offered() -> QuerySet[Organisation]:
    """The organisations a route may send referrals to: those still open."""
    return Organisation.objects.filter(is_active=True).order_by("name")


def route_fingerprint(route: Route) -> str:
    """What the route held when a form showed it: an edit carries this back, and saving
    refuses when the route has changed since (the model keeps no version number)."""
    values = {
        "code": route.code,
        "name": route.name,
        "description": route.description,
        "receiver": str(route.receiver_id),
        "workflow": route.workflow,
        "clocks": sorted(route.clocks),
        "order": route.order,
        "is_active": route.is_active,
    }
    encoded = json.dumps(values, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()
