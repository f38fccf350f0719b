"""Protections that apply to every response."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

Handler = Callable[[HttpRequest], HttpResponse]

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)


class BoundedRequestMiddleware:
    """Refuse a request body over VIGIL_MAX_REQUEST_BYTES before anything reads it (413).

    Django bounds form bodies itself (DATA_UPLOAD_MAX_MEMORY_SIZE); this also bounds JSON and
    uploads, and answers with the right status and a message that says what to do.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.VIGIL_MAX_REQUEST_BYTES:
            limit = settings.VIGIL_MAX_REQUEST_BYTES // (1024 * 1024)
            message = f"The request is too large: send at most {limit} MB."
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"error": {"code": "too-large", "message": message}}, status=413
                )
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Responses for a signed-in person are never stored by browsers or proxies (ASVS 14.3),
    and every response denies powerful browser features it never uses."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith(settings.STATIC_URL):
            response.headers["Cache-Control"] = "no-store, max-age=0"
        return response
