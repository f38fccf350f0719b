"""API tokens for integrations: created by a signed-in person for themselves (or by
`vigil token create`), expiring, stored as a digest only, listed and revocable. A token acts
with exactly its person's access."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from vigil.accounts.models import ApiToken, Person
from vigil.audit.services import ActorLike, audit_event_record

PREFIX = "vgl"
DEFAULT_DAYS = 90
LONGEST_DAYS = 365


def _digest(secret: str) -> str:
    # Tokens are 256 bits of randomness: a plain SHA-256 is enough (no dictionary to attack).
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


def api_token_create(
    *, actor: ActorLike, person: Person, name: str, days: int = DEFAULT_DAYS
) -> tuple[ApiToken, str]:
    """Create a token for `person`; return it with the secret, which is shown only now.

    A signed-in person creates tokens for themselves only; the console (`vigil token create`)
    acts as the system for the server's operator.
    """
    if isinstance(actor, Person) and actor.pk != person.pk:
        raise PermissionDenied
    if not 1 <= days <= LONGEST_DAYS:
        raise ValidationError({"days": f"A token lasts from 1 to {LONGEST_DAYS} days."})
    if not person.is_active:
        raise ValidationError("That person's account is deactivated.")
    prefix = secrets.token_hex(6)
    secret = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            person=person,
            name=name.strip() or "API token",
            prefix=prefix,
            digest=_digest(secret),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
        audit_event_record(
            actor=actor,
            verb="api-token.create",
            object_type="api-token",
            object_id=token.pk,
            details={"person": str(person.pk), "days": days},
        )
    return token, secret


def api_token_revoke(*, actor: Person, token_id: uuid.UUID) -> ApiToken:
    """Revoke one of the person's own tokens. Someone else's answers as not found."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token_id, person=actor)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_event_record(
                actor=actor, verb="api-token.revoke", object_type="api-token", object_id=token.pk
            )
    return token


def api_tokens_of(*, actor: Person) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=actor).order_by("-created_at")


def api_token_authenticate(secret: str) -> Person | None:
    """The person a presented token acts for, or None (unknown, expired, revoked, inactive)."""
    parts = secret.split("_", 2) if secret.isascii() else []
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    token = ApiToken.objects.select_related("person").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(secret)):
        return None
    now = timezone.now()
    if token.revoked_at is not None or token.expires_at <= now or not token.person.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.person
