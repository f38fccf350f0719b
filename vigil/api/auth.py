"""Who is calling the API: a bearer token, or a signed-in browser session (with CSRF and a
completed second factor). Either way the request acts with exactly that person's access."""

from __future__ import annotations

import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from vigil.accounts.addresses import client_address
from vigil.accounts.models import Person
from vigil.accounts.tokens import api_token_authenticate


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


class PersonRateThrottle(SimpleRateThrottle):
    """Per person once authenticated, per address before; `wait` is always known, so every
    429 carries Retry-After."""

    scope = "person"

    def __init__(self, rate: str) -> None:
        self.rate = rate
        super().__init__(rate)

    def get_cache_key(self, request: HttpRequest) -> str:
        auth = getattr(request, "auth", None)
        ident = f"person:{auth.pk}" if auth is not None else f"ip:{client_address(request)}"
        return f"vigil-api-throttle:{ident}"

    def wait(self) -> float:
        if not self.history:
            return float(self.duration or 1)
        elapsed = float(self.now) - float(self.history[-1])
        return float(max(1, math.ceil(float(self.duration or 1) - elapsed)))


AUTH = [TokenAuth(), SessionAuth()]
THROTTLE: list[BaseThrottle] = [PersonRateThrottle(settings.VIGIL_API_RATE)]


def api_person(request: HttpRequest) -> Person:
    """The person an authenticated API request acts for."""
    person = getattr(request, "auth", None)
    if not isinstance(person, Person):
        raise AuthenticationError()
    return person
