"""The client's network address, trusting exactly VIGIL_PROXY_COUNT reverse proxies.

Used by the lock-out (django-axes), the audit log and the API's rate limits, so that all three
agree, and so that nobody can choose their own address by sending X-Forwarded-For.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address, or None when the request has none (a request built in code)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.AXES_IPWARE_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not proxies or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote
