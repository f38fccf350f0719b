"""Every API error is `{"error": {"code", "message"}}` with a stable code."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from vigil.core.versioning import EditConflictError
from vigil.referrals.workflow import MoveNotAllowedError


class ErrorBody(Schema):
    code: str
    message: str


class Error(Schema):
    error: ErrorBody


def answers(ok: dict[int, Any]) -> dict[int, Any]:
    """An operation's responses: its successes, and the errors any operation may give
    (a body that is not JSON, not authenticated, a browser session's CSRF check failed, not
    found or not allowed, conflict, too large, invalid input, rate limited)."""
    return {
        **ok,
        400: Error,
        401: Error,
        403: Error,
        404: Error,
        409: Error,
        413: Error,
        422: Error,
        429: Error,
    }


def _error(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str
) -> HttpResponse:
    return api.create_response(
        request, {"error": {"code": code, "message": message}}, status=status
    )


def _messages(error: DjangoValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(message for e in errors for message in e.messages)}"
            for field, errors in error.error_dict.items()
        )
    return " ".join(error.messages)


Answer = tuple[int, str, str]  # status, stable code, message for people


def _invalid(exc: ValidationError) -> Answer:
    details = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'body'}: {e.get('msg', '')}"
        for e in exc.errors
    )
    return 422, "invalid-input", details or "The request is not valid."


def _throttled(exc: Throttled) -> Answer:
    return 429, "rate-limited", f"Too many requests: wait {_wait(exc)} seconds and try again."


def _wait(exc: Throttled) -> int:
    return max(1, math.ceil(exc.wait or 1))


def _http_error(exc: HttpError) -> Answer:
    if "CSRF" in str(exc):
        message = (
            "The CSRF check failed: send the X-CSRFToken header from the page, or use an API token."
        )
        return exc.status_code, "csrf-failed", message
    return exc.status_code, _CODES.get(exc.status_code, "error"), str(exc)


_CODES = {400: "bad-request", 403: "forbidden", 405: "method-not-allowed"}
_NOT_FOUND: Answer = (404, "not-found", "There is nothing here, or you may not see it.")
_UNAUTHENTICATED: Answer = (
    401,
    "not-authenticated",
    "Sign in, or send an API token as 'Authorization: Bearer vgl_…'.",
)

# Forbidden answers exactly like not found.
HANDLERS: list[tuple[type[Exception], Callable[[Any], Answer]]] = [
    (ValidationError, _invalid),
    (DjangoValidationError, lambda exc: (422, "invalid-input", _messages(exc))),
    (AuthenticationError, lambda exc: _UNAUTHENTICATED),
    (Http404, lambda exc: _NOT_FOUND),
    (PermissionDenied, lambda exc: _NOT_FOUND),
    (ObjectDoesNotExist, lambda exc: _NOT_FOUND),
    (EditConflictError, lambda exc: (409, "conflict", str(exc))),
    # A move the workflow does not allow from where the referral stands now.
    (MoveNotAllowedError, lambda exc: (409, "move-not-allowed", str(exc))),
    (Throttled, _throttled),
    (HttpError, _http_error),
]


def install(api: NinjaAPI) -> None:
    """Answer every error the API raises as `{"error": {"code", "message"}}`."""
    for kind, answer in HANDLERS:
        api.add_exception_handler(kind, _responder(api, answer))


def _responder(api: NinjaAPI, answer: Callable[[Any], Answer]) -> Callable[..., HttpResponse]:
    def respond(request: HttpRequest, exc: Any) -> HttpResponse:
        status, code, message = answer(exc)
        response = _error(api, request, status, code, message)
        if isinstance(exc, Throttled):
            response["Retry-After"] = str(_wait(exc))
        return response

    return respond
