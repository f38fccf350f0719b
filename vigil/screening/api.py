"""API: the indicator catalogue, with its guidance; evaluating screening cases."""

from datetime import date
from typing import Any, Literal

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Router, Schema

from vigil.api.auth import api_person
from vigil.api.errors import ErrorBody, answers
from vigil.core.json_documents import InputRejectedError, read_cases
from vigil.screening import catalogue
from vigil.screening.contract import BASES, answer_document
from vigil.screening.instruments import DEFAULT, INSTRUMENTS
from vigil.screening.policy import can_evaluate_screenings

router = Router(tags=["signs"])

# Cases answered in one request: 10,000 evaluate in well under a second.
MAX_CASES = 10_000


class IndicatorOut(Schema):
    id: str
    group: str
    label: str
    guidance: str
    counted: bool


@router.get("/indicators", response=answers({200: list[IndicatorOut]}))
def indicators(request: HttpRequest, q: str = "") -> list[IndicatorOut]:
    """The signs of child sexual exploitation (SCREENING.md section 1), searchable."""
    found = catalogue.search(q[:100]) if q else catalogue.INDICATORS
    return [
        IndicatorOut(id=i.id, group=i.group, label=i.label, guidance=i.guidance, counted=i.counted)
        for i in found
    ]


# Evaluating cases (SCREENING.md section 6). The body is read by the contract itself, not by
# a schema: every malformed case must become an error result in its place, never a 422.

_DATE = {"type": "string", "format": "date", "example": "2026-11-24"}
_CASE: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"description": "The caller's own id, any JSON value, echoed back."},
        "instrument": {"type": "string", "enum": list(INSTRUMENTS), "default": DEFAULT},
        "assessed_on": _DATE,
        "child": {
            "type": "object",
            "properties": {
                "date_of_birth": _DATE,
                "learning_disability": {"type": "boolean", "default": False},
                "statuses": {"type": "array", "items": {"type": "string", "pattern": r"^v\."}},
            },
            "required": ["date_of_birth"],
        },
        "observations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "indicator": {"type": "string", "example": "i.going_missing"},
                    "observed_on": _DATE,
                    "basis": {"type": "string", "enum": list(BASES), "default": BASES[0]},
                },
                "required": ["indicator", "observed_on"],
            },
        },
        "immediate_risk": {"type": "boolean", "default": False},
    },
    "required": ["assessed_on", "child"],
}
_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "anyOf": [_CASE, {"type": "array", "items": _CASE}],
            }
        }
    },
}


class ScreeningResult(Schema):
    id: Any
    instrument: str
    level: Literal["none", "low", "medium", "high"]
    score: int | None
    band: int | None
    points: dict[str, int]
    rules: list[str]
    floors: list[str]
    indicators: dict[str, Literal["current", "recent"]]
    historical: list[str]
    context: list[str]
    age: int
    immediate_risk: bool
    actions: list[str]
    review_by: date | None


class ScreeningError(Schema):
    id: Any
    error: ErrorBody


Answer = ScreeningResult | ScreeningError


@router.post(
    "/screenings/evaluate",
    summary="Evaluate screening cases",
    response=answers({200: Answer | list[Answer]}),
    openapi_extra={"requestBody": _BODY},
    tags=["screening"],
)
def evaluate(request: HttpRequest) -> HttpResponse:
    """Evaluate one screening case (an object) or up to 10,000 (an array) with a screening
    instrument: the level, every rule and floor that decided it, the points, the actions and
    the review date. A case that is wrong gets an error result in its place. Nothing is
    stored, audited or logged; the level is advice for professional judgement."""
    if not can_evaluate_screenings(api_person(request)):
        raise Http404
    # Up to the 10 MB the middleware lets through, not the 1 MB Django allows a form body.
    body = request.read(settings.VIGIL_MAX_REQUEST_BYTES + 1)
    if len(body) > settings.VIGIL_MAX_REQUEST_BYTES:
        return _error(413, "too-large", "The request is too large: send at most 10 MB.")
    try:
        document = read_cases(body)
    except InputRejectedError as error:
        return _error(400, "invalid-input", str(error))
    if isinstance(document, list) and len(document) > MAX_CASES:
        message = f"{len(document):,} cases: send at most {MAX_CASES:,} in one request."
        return _error(413, "too-large", message)
    return HttpResponse(answer_document(document).text, content_type="application/json")


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}}, status=status)
