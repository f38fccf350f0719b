"""Sign-in, sign-out, failures, lock-outs and second-factor changes, on the audit log.

Sign-in belongs to django-allauth and django-axes, and their signals are the published way to
hear about it. This is the one module in Vigil that listens to signals (the architecture test
holds it to that): every business consequence still lives in a service.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from axes.signals import user_locked_out
from django.contrib.auth import signals as auth_signals
from django.http import HttpRequest

from vigil.accounts.addresses import client_address
from vigil.accounts.models import Person
from vigil.audit.services import ANONYMOUS, audit_event_record


def _address(request: HttpRequest | None) -> str:
    address = client_address(request) if request is not None else None
    return address or "unknown"


def _record(
    actor: Any, verb: str, person_id: object, request: HttpRequest | None, **details: object
) -> None:
    audit_event_record(
        actor=actor,
        verb=verb,
        object_type="person",
        object_id=person_id or "unknown",
        details={"ip": _address(request), **details},
    )


def _signed_in(sender: Any, request: HttpRequest, user: Person, **kwargs: Any) -> None:
    _record(user, "auth.sign-in", user.pk, request)


def _signed_out(sender: Any, request: HttpRequest, user: Person | None, **kwargs: Any) -> None:
    if user is not None:
        _record(user, "auth.sign-out", user.pk, request)


def _failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or credentials.get("login") or "")
    person_id = (
        Person.objects.filter(username__iexact=username).values_list("pk", flat=True).first()
    )
    _record(ANONYMOUS, "auth.sign-in-failed", person_id, request)


def _locked_out(
    sender: Any,
    request: HttpRequest,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    _record(ANONYMOUS, "auth.locked-out", None, request)


def _factor(verb: str) -> Any:
    def handler(
        sender: Any,
        request: HttpRequest | None = None,
        user: Person | None = None,
        authenticator: Any = None,
        **kwargs: Any,
    ) -> None:
        person = user or getattr(authenticator, "user", None)
        kind = getattr(authenticator, "type", "unknown")
        actor = person if person is not None else ANONYMOUS
        _record(actor, verb, getattr(person, "pk", None), request, factor=str(kind))

    return handler


def _password(verb: str) -> Any:
    def handler(
        sender: Any, request: HttpRequest | None = None, user: Person | None = None, **kwargs: Any
    ) -> None:
        _record(user, verb, getattr(user, "pk", None), request)

    return handler


_HANDLERS = [
    (auth_signals.user_logged_in, _signed_in),
    (auth_signals.user_logged_out, _signed_out),
    (auth_signals.user_login_failed, _failed),
    (user_locked_out, _locked_out),
    (mfa_signals.authenticator_added, _factor("auth.factor-added")),
    (mfa_signals.authenticator_removed, _factor("auth.factor-removed")),
    (mfa_signals.authenticator_reset, _factor("auth.factor-reset")),
    (mfa_signals.authentication_failed, _factor("auth.second-factor-failed")),
    (account_signals.password_changed, _password("auth.password-changed")),
    (account_signals.password_reset, _password("auth.password-reset")),
    (account_signals.password_set, _password("auth.password-set")),
]


def connect() -> None:
    for signal, handler in _HANDLERS:
        signal.connect(handler, dispatch_uid=f"vigil-audit-{handler.__qualname__}-{id(signal)}")
