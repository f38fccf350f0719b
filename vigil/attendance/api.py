"""API: a school's attendance marks imported as CSV, the absence flags and dismissing them,
and the pupils held for matching, with the pages' access rules (the school's DSLs)."""

import io
import uuid
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from vigil.api.auth import api_person
from vigil.api.errors import answers
from vigil.api.pagination import Paged
from vigil.attendance import selectors, services
from vigil.attendance.models import ImportSource
from vigil.attendance.schemas import DismissIn, FlagOut, HeldOut, ImportOut, Rejected

router = Router(tags=["attendance"])

_CSV = {
    "required": True,
    "content": {
        "text/csv": {
            "schema": {"type": "string"},
            "example": "upn,date,session,code\nK999900126001,2026-11-23,AM,/\n",
        }
    },
}


@router.post(
    "/organisations/{organisation_id}/attendance",
    response={**answers({201: ImportOut}), 422: Rejected},
    openapi_extra={"requestBody": _CSV},
)
def attendance_import(request: HttpRequest, organisation_id: uuid.UUID) -> Status[object]:
    """Import a school's attendance marks: the CSV file as the request body (UTF-8, the
    header `upn,date,session,code`; up to 10 MB). Any bad line rejects the whole file (422,
    every bad line's number and problem, the first 1,000 listed) and nothing is stored. Marks
    given again are replaced. Then the school's absence flags are computed."""
    actor = api_person(request)
    school = selectors.school_check(actor=actor, organisation_id=organisation_id)
    # Up to the 10 MB the middleware lets through, not the 1 MB Django allows a form body.
    body = request.read(settings.VIGIL_MAX_REQUEST_BYTES + 1)
    try:
        record = services.attendance_import(
            actor=actor, school=school, file=io.BytesIO(body), source=ImportSource.API
        )
    except services.ImportRejectedError as rejected:
        problems = [{"line": p.line, "message": p.message} for p in rejected.problems]
        error = {"code": "bad-lines", "message": rejected.summary, "problems": problems}
        return Status(422, {"error": {**error, "problem_count": rejected.count}})
    return Status(201, record)


@router.get("/absence-flags", response=answers({200: list[FlagOut]}))
@paginate(Paged)
def flags(
    request: HttpRequest,
    kind: Literal["", "unexplained", "persistent", "part-day"] = "",
    state: Literal["", "open", "dismissed", "concern"] = "open",
) -> object:
    """The absence flags of the schools where you are a DSL, newest first: open ones unless
    `state` says otherwise (`dismissed`, `concern`, or empty for all)."""
    return selectors.flags_for(actor=api_person(request), kind=kind, state=state)


@router.post("/absence-flags/{flag_id}/dismiss", response=answers({200: FlagOut}))
def dismiss(request: HttpRequest, flag_id: uuid.UUID, payload: DismissIn) -> object:
    """Dismiss an open flag with your reason (it goes on the child's chronology). Send the
    version you read: a flag changed since is a 409 conflict."""
    actor = api_person(request)
    flag = selectors.flag_check(actor=actor, flag_id=flag_id)
    return services.flag_dismiss(
        actor=actor, flag=flag, version=payload.version, reason=payload.reason
    )


@router.get(
    "/organisations/{organisation_id}/attendance/unmatched",
    response=answers({200: list[HeldOut]}),
)
@paginate(Paged)
def unmatched(request: HttpRequest, organisation_id: uuid.UUID) -> object:
    """The pupils whose marks are held for matching: no child's file at the school carries
    their UPN yet. By UPN, with their marks' count and dates."""
    actor = api_person(request)
    school = selectors.school_check(actor=actor, organisation_id=organisation_id)
    return selectors.held_pupils(actor=actor, school=school)
