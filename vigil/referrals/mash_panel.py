"""The front door's part of a referral's page: what the practitioner may do next (being built)."""

from typing import Any

from vigil.accounts.models import Person
from vigil.referrals.models import Referral


def panel_context(actor: Person, referral: Referral) -> dict[str, Any]:
    return {}
