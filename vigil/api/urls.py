"""The API's one entry point: `/api/v1/`, its OpenAPI document and docs page."""

from __future__ import annotations

from ninja import NinjaAPI

from vigil.accounts.api import router as accounts
from vigil.api import errors
from vigil.api.auth import AUTH, THROTTLE
from vigil.attendance.api import router as attendance
from vigil.audit.api import router as audit
from vigil.briefings.api import router as briefings
from vigil.children.api import router as children
from vigil.concerns.api import router as concerns
from vigil.core.api import router as core
from vigil.missing.api import router as missing
from vigil.notifications.api import router as notifications
from vigil.referrals.api import router as referrals
from vigil.referrals.front_door_api import router as front_door
from vigil.screening.api import router as screening
from vigil.screening.screenings_api import router as screenings

api = NinjaAPI(
    title="Vigil API",
    version="1",
    description=(
        "Vigil's JSON API. Authenticate with an API token (`Authorization: Bearer vgl_…`) or a "
        "signed-in session. Every request acts with exactly the person's access; a record you "
        "may not see answers 404, like one that does not exist. Errors are "
        '`{"error": {"code", "message"}}`.'
    ),
    auth=AUTH,
    throttle=THROTTLE,
    urls_namespace="api",
)
errors.install(api)
for router in (
    accounts,
    core,
    notifications,
    audit,
    screening,
    screenings,
    children,
    concerns,
    referrals,
    front_door,
    briefings,
    attendance,
    missing,
):
    api.add_router("", router)
