"""Who is calling the API: a bearer token, or a signed-in browser session (with CSRF and a
completed second factor). Either way the request acts with exactly that person's access."""

from __future__ import annotations

import threading
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle

from vigil.accounts.addresses import client_address
from vigil.accounts.models import Person
from vigil.accounts.tokens import api_token_authenticate
from vigil.core.rates import rate_hit


class TokenAuth(HttpBearer):
    openapi_description = (
        "An API token (`vgl_…`) created on the account page or by `vigil token create`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = api_token_authenticate(token)
        if person is not None:
            request.user = person
        return person


class SessionAuth(APIKeyCookie):
    """The browser's session; CSRF is checked on unsafe methods."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if user.is_authenticated and getattr(request, "second_factor_complete", False):
            return user
        return None


_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """`600/m` is 600 requests a minute: (600, 60). Units s, m, h and d."""
    count, _, unit = rate.partition("/")
    if not count.isdigit() or unit[:1] not in _SECONDS:
        raise ValueError(f"A rate is a number of requests, '/' and s, m, h or d, not {rate!r}")
    return int(count), _SECONDS[unit[:1]]


class PersonRateThrottle(BaseThrottle):
    """Per person once authenticated, per address before, counted in the database so that
    the limit holds across every server process (`vigil/core/rates.py`). `wait` is always
    known, so every 429 carries Retry-After. One instance serves every thread: what `wait`
    reports is kept per thread."""

    def __init__(self, rate: str) -> None:
        self.rate = rate
        self.num_requests, self.duration = parse_rate(rate)
        self._last = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        auth = getattr(request, "auth", None)
        ident = f"person:{auth.pk}" if auth is not None else f"ip:{client_address(request)}"
        hit = rate_hit(ident, limit=self.num_requests, duration=self.duration, now=time.time())
        self._last.wait = hit.wait
        return hit.allowed

    def wait(self) -> float | None:
        return getattr(self._last, "wait", None)


AUTH = [TokenAuth(), SessionAuth()]
THROTTLE: list[BaseThrottle] = [PersonRateThrottle(settings.VIGIL_API_RATE)]


def api_person(request: HttpRequest) -> Person:
    """The person an authenticated API request acts for."""
    person = getattr(request, "auth", None)
    if not isinstance(person, Person):
        raise AuthenticationError()
    return person
