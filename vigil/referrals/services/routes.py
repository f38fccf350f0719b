"""Configuring the partnership's referral routes (PROCESS.md: local configuration).

Where the partnership has more than one route (the MASH, the education welfare service, the
police, the LADO for allegations against adults who work with children) the referrer picks
one; each route names its receiving organisation, its workflow and the clocks that run on a
referral sent by it. Only the partnership's administrators add and change routes, and each
change is on the audit log.

The Route model keeps no version number. An edit carries the fingerprint of the route as the
form showed it (`route_fingerprint`): saving locks the row, compares, and refuses with
EditConflictError when someone has changed the route since, so two administrators editing at
once never overwrite each other unseen (SQLite's IMMEDIATE transactions serialise the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from vigil.accounts import policy
from vigil.accounts.models import Organisation, Person
from vigil.audit.services import audit_event_record
from vigil.core.versioning import EditConflictError
from vigil.referrals import workflow
from vigil.referrals.models import Route
from vigil.referrals.route_selectors import route_fingerprint
from vigil.referrals.routes import DEFAULT_CLOCKS, MASH_CLOCKS, ROUTE_CLOCKS

KIND = "referral-route"
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LONGEST = {"name": 120, "code": 20, "description": 300}
HIGHEST_ORDER = 999
# The rating's clocks start only when a referral is rated, which only the MASH workflow does.
RATED_ONLY = frozenset({"rag", "allocate-high-risk"})
SLUG_PROBLEM = "The code must only include lower-case letters, numbers and hyphens, like police-cpt"
WRONG_CLOCKS = (
    "The rating's clocks run only on the MASH workflow: untick them, or select the MASH workflow"
)
FIELDS = ("name", "code", "description", "receiver", "workflow", "clocks", "order", "is_active")


def _require_partnership_admin(actor: Person) -> None:
    if not policy.is_partnership_admin(actor):
        raise PermissionDenied


def _text_problems(values: dict[str, Any]) -> dict[str, str]:
    problems = {}
    if not values["name"]:
        problems["name"] = "Enter the route's name"
    if not values["code"]:
        problems["code"] = "Enter a code"
    elif not SLUG.fullmatch(values["code"]):
        problems["code"] = SLUG_PROBLEM
    for field, longest in LONGEST.items():
        if field not in problems and len(values[field]) > longest:
            problems[field] = f"The {field} must be {longest} characters or fewer"
    return problems


def _choice_problems(values: dict[str, Any]) -> dict[str, str]:
    problems = {}
    receiver = values["receiver"]
    if not isinstance(receiver, Organisation) or not receiver.is_active:
        problems["receiver"] = "Select the organisation that receives referrals by this route"
    if values["workflow"] not in workflow.WORKFLOWS:
        problems["workflow"] = "Select the workflow"
    clocks = set(values["clocks"])
    if clocks - ROUTE_CLOCKS:
        problems["clocks"] = "Select only the clocks listed"
    elif values["workflow"] not in workflow.RATED and clocks & RATED_ONLY:
        problems["clocks"] = WRONG_CLOCKS
    order = values["order"]
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= HIGHEST_ORDER:
        problems["order"] = f"The order must be a whole number from 0 to {HIGHEST_ORDER}"
    return problems


def _cleaned(fields: dict[str, Any], route: Route | None = None) -> dict[str, Any]:
    """The route's values, tidied and checked; ValidationError naming every problem at once."""
    values = {
        "name": (fields.get("name") or "").strip(),
        "code": (fields.get("code") or "").strip().lower(),
        "description": (fields.get("description") or "").strip(),
        "receiver": fields.get("receiver"),
        "workflow": fields.get("workflow") or "",
        "clocks": list(fields.get("clocks") or ()),
        "order": fields.get("order", 0),
        "is_active": bool(fields.get("is_active", True)),
    }
    problems = _text_problems(values) | _choice_problems(values)
    if "code" not in problems:
        taken = Route.objects.filter(code=values["code"])
        if route is not None:
            taken = taken.exclude(pk=route.pk)
        if taken.exists():
            problems["code"] = "Another route already uses that code: enter a different one"
    if problems:
        raise ValidationError(problems)
    # Kept in the order the clocks run, whatever order they were ticked in.
    values["clocks"] = [kind for kind in MASH_CLOCKS if kind in set(values["clocks"])]
    return values


def _changed(route: Route, values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(route, name) != value)


def _keep_live_referrals_whole(route: Route, changed: list[str]) -> None:
    """Referrals sent by the route and not yet finished are answered by its receiving
    organisation through its workflow: neither may change under them (a referral in a MASH
    enquiry has no way on in the direct workflow, and a new receiver would take the case over
    from the people working on it)."""
    held = [name for name in ("receiver", "workflow") if name in changed]
    if held and route.referrals.filter(state__in=workflow.LIVE).exists():
        message = (
            "Referrals sent by this route are still open, so this cannot change until they "
            "are closed or withdrawn. To send new referrals elsewhere, add a route and stop "
            "using this one"
        )
        raise ValidationError(dict.fromkeys(held, message))


def route_add(
    *,
    actor: Person,
    code: str,
    name: str,
    receiver: Organisation,
    workflow: str = "mash",
    clocks: Iterable[str] | None = None,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
) -> Route:
    """Add a route. Without `clocks`, the workflow's defaults run (`DEFAULT_CLOCKS`)."""
    _require_partnership_admin(actor)
    if clocks is None:
        clocks = DEFAULT_CLOCKS.get(workflow, ())
    values = _cleaned(
        {
            "code": code,
            "name": name,
            "receiver": receiver,
            "workflow": workflow,
            "clocks": clocks,
            "description": description,
            "order": order,
            "is_active": is_active,
        }
    )
    with transaction.atomic():
        route = Route.objects.create(**values)
        audit_event_record(
            actor=actor,
            verb="route.add",
            object_type=KIND,
            object_id=route.pk,
            details={"code": route.code, "receiver": str(route.receiver_id)},
        )
    return route


def route_update(*, actor: Person, route: Route, fingerprint: str, **fields: Any) -> Route:
    """Change a route: `fields` as for `route_add` (those not given stay as they are), and
    `fingerprint` the route's when the form was opened (EditConflictError if it has changed)."""
    _require_partnership_admin(actor)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"route_update() got unexpected fields {sorted(unknown)}")
    current = {name: getattr(route, name) for name in FIELDS}
    values = _cleaned(current | fields, route)
    with transaction.atomic():
        stored = Route.objects.select_for_update().filter(pk=route.pk).first()
        if stored is None or route_fingerprint(stored) != fingerprint:
            raise EditConflictError()
        changed = _changed(stored, values)
        _keep_live_referrals_whole(stored, changed)
        Route.objects.filter(pk=route.pk).update(**values)
        audit_event_record(
            actor=actor,
            verb="route.update",
            object_type=KIND,
            object_id=route.pk,
            details={"code": values["code"], "fields": changed},
        )
    route.refresh_from_db()
    return route
