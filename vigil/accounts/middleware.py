"""Session lifetime and the second factor, enforced on every request.

- A session ends after VIGIL_IDLE_MINUTES without a request (the page warns first, see
  vigil.js), and after VIGIL_ABSOLUTE_SESSION_HOURS whatever happens (ASVS 7.3).
- Every person has a second factor. Someone signed in without one (their first sign-in, or
  after an administrator reset it) can only enrol one, read the help pages, or sign out.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from vigil.audit.services import audit_event_record
from vigil.web import unsent

Handler = Callable[[HttpRequest], HttpResponse]
LAST_SEEN = "vigil_last_seen"
STARTED = "vigil_started"
FACTOR = "vigil_has_factor"
# Writing the session on every request is wasted work; a minute's slack is harmless.
TOUCH_EVERY_SECONDS = 60
PRIMARY_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def _ended(request: HttpRequest, reason: str, text: str) -> HttpResponse:
    audit_event_record(
        actor=str(request.user.pk),
        verb=f"auth.{reason}",
        object_type="person",
        object_id=request.user.pk,
    )
    logout(request)
    unsent.keep(request)
    if request.path.startswith("/api/") or request.headers.get("Accept") == "application/json":
        return JsonResponse({"error": {"code": "signed-out", "message": text}}, status=401)
    messages.info(request, text)
    return redirect(f"{reverse('account_login')}?next={request.path}")


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        now = timezone.now().timestamp()
        session = request.session
        started = session.setdefault(STARTED, now)
        last = session.get(LAST_SEEN, now)
        idle = settings.VIGIL_IDLE_MINUTES
        if now - last > idle * 60:
            text = f"You were signed out because Vigil was not used for {idle} minutes. Sign in again to carry on."
            return _ended(request, "idle-timeout", text)
        if now - started > settings.VIGIL_ABSOLUTE_SESSION_HOURS * 3600:
            text = "You were signed out because you have been signed in for a long time. Sign in again to carry on."
            return _ended(request, "session-expired", text)
        if now - last >= TOUCH_EVERY_SECONDS or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return None


def has_second_factor(request: HttpRequest) -> bool:
    """Remembered in the session once true: a reset of someone's factors ends their sessions."""
    if request.session.get(FACTOR):
        return True
    enrolled = Authenticator.objects.filter(
        user_id=request.user.pk, type__in=PRIMARY_FACTORS
    ).exists()
    if enrolled:
        request.session[FACTOR] = True
    return enrolled


class SecondFactorRequiredMiddleware:
    # Every second-factor page (someone offered passkeys may enrol one first), and nothing else.
    OPEN_PREFIXES = (
        "/accounts/2fa/",
        "/accounts/logout/",
        "/static/",
        "/accessibility/",
        "/privacy/",
        "/session/keep-alive/",
    )

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.second_factor_complete = False  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            if has_second_factor(request):
                request.second_factor_complete = True  # type: ignore[attr-defined]
            elif not request.path.startswith(self.OPEN_PREFIXES):
                return self._enrol(request)
        return self.get_response(request)

    def _enrol(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            message = "Set up your second factor by signing in on the web first."
            return JsonResponse(
                {"error": {"code": "second-factor-required", "message": message}}, status=403
            )
        return redirect("mfa_activate_totp")
