"""How django-allauth behaves in Vigil: no public sign-up; second-factor secrets encrypted at
rest; nobody can remove their last second factor; passkeys offered to the roles that need them.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.http import HttpRequest

from vigil.accounts.addresses import client_address
from vigil.briefings.home import after_sign_in

_ENCRYPTED = "fernet:"


def display_name(user: Any) -> str:
    return str(getattr(user, "full_name", "") or getattr(user, "username", ""))


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Administrators create people (issue: "No public sign-up").
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Unread must-read briefings first; a nudge, not a block (vigil/briefings/home.py).
        return after_sign_in(request, super().get_login_redirect_url(request))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Enrolling the first second factor, straight after signing in with a password, needs
        no second password prompt; every later change to one's factors does."""
        request = context.request
        user = getattr(request, "user", None)
        if app == "allauth.mfa" and user is not None and user.is_authenticated:
            enrolled = Authenticator.objects.filter(
                user_id=user.pk, type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
            ).exists()
            if not enrolled:
                return False
        return bool(super().is_reauthentication_required(app=app, **kwargs))

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failed sign-ins are throttled per account *from each address*.

        A limit on the account alone would let anyone lock a designated safeguarding lead
        out by guessing at their username; the per-address limits (allauth's, and the
        django-axes lock-out) stop one address from trying many accounts.
        """
        login = str(credentials.get("username", "")).lower()
        return f"{login}@{client_address(request) or 'unknown'}"


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"vigil-mfa:{key}".encode()).digest()))
            for key in keys
        ]
    )


class MFAAdapter(DefaultMFAAdapter):
    def get_totp_issuer(self) -> str:
        from vigil.core.selectors import partnership_get

        partnership = partnership_get()
        return f"Vigil ({partnership.name})" if partnership else "Vigil"

    def encrypt(self, text: str) -> str:
        """TOTP secrets are stored encrypted with a key derived from VIGIL_SECRET_KEY
        (rotate it with SECRET_KEY_FALLBACKS, and old secrets still open)."""
        return _ENCRYPTED + _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(_ENCRYPTED):
            return encrypted_text
        try:
            return _fernet().decrypt(encrypted_text[len(_ENCRYPTED) :].encode()).decode()
        except InvalidToken as error:
            # Never fall back to a guessable secret: fail loudly instead.
            raise RuntimeError(
                "A second-factor secret cannot be decrypted: was VIGIL_SECRET_KEY changed "
                "without keeping the old one in SECRET_KEY_FALLBACKS?"
            ) from error

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Keep at least one app or security key: a second factor is not optional."""
        if authenticator.type not in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id,
            type__in=(Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN),
        ).exclude(pk=authenticator.pk)
        return others.exists()
