"""Every API error is `{"error": {"code", "message"}}` with a stable code."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from vigil.core.versioning import EditConflictError


class ErrorBody(Schema):
    code: str
    message: str


class Error(Schema):
    error: ErrorBody


def answers(ok: dict[int, Any]) -> dict[int, Any]:
    """An operation's responses: its successes, and the errors any operation may give
    (not authenticated, a browser session's CSRF check failed, not found or not allowed,
    conflict, too large, invalid input, rate limited)."""
    return {
        **ok,
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


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', [])[1:]) or 'body'}: {e.get('msg', '')}"
            for e in exc.errors
        )
        return _error(api, request, 422, "invalid-input", details or "The request is not valid.")

    @api.exception_handler(DjangoValidationError)
    def rejected(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _error(api, request, 422, "invalid-input", _messages(exc))

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = "Sign in, or send an API token as 'Authorization: Bearer vgl_…'."
        return _error(api, request, 401, "not-authenticated", message)

    def not_found(request: HttpRequest, exc: Exception | type[Exception]) -> HttpResponse:
        # Forbidden answers exactly like not found.
        return _error(
            api, request, 404, "not-found", "There is nothing here, or you may not see it."
        )

    for kind in (Http404, PermissionDenied, ObjectDoesNotExist):
        api.add_exception_handler(kind, not_found)

    @api.exception_handler(EditConflictError)
    def conflict(request: HttpRequest, exc: EditConflictError) -> HttpResponse:
        return _error(api, request, 409, "conflict", str(exc))

    @api.exception_handler(Throttled)
    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, math.ceil(exc.wait or 1))
        response = _error(
            api,
            request,
            429,
            "rate-limited",
            f"Too many requests: wait {wait} seconds and try again.",
        )
        response["Retry-After"] = str(wait)
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "csrf-failed" if "CSRF" in str(exc) else _CODES.get(exc.status_code, "error")
        message = (
            "The CSRF check failed: send the X-CSRFToken header from the page, or use an API token."
            if code == "csrf-failed"
            else str(exc)
        )
        return _error(api, request, exc.status_code, code, message)


_CODES = {400: "bad-request", 403: "forbidden", 405: "method-not-allowed"}
