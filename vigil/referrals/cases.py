"""What a referral starts with and carries: the answers prefilled from the child's file and the
referrer's account, and the summary of the latest screening attached when it is sent."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from vigil.accounts.models import Person
from vigil.children.models import Child
from vigil.screening import wording
from vigil.screening.models import Screening


def prefill(child: Child, referrer: Person) -> dict[str, Any]:
    """The form as far as the file and the referrer's account already answer it; everything
    stays editable in the draft, because the file may be out of date."""
    answers: dict[str, Any] = {
        "referrer_name": referrer.full_name,
        "referrer_role": referrer.job_title,
        "referrer_phone": "",
        "referrer_email": referrer.email or "",
        "given_names": child.given_names,
        "family_name": child.family_name,
        "known_as": child.known_as,
        "date_of_birth": child.date_of_birth.isoformat(),
        "gender": child.get_gender_display(),
        "ethnicity": child.get_ethnicity_display() if child.ethnicity else "",
        "address": child.address,
        "postcode": child.postcode,
        "school": child.organisation.name,
        "placement": child.placement,
        "looked_after_basis": child.looked_after_basis,
        "lawful_basis": "public-task",
        "basis": [],
    }
    if child.learning_disability:
        answers["disability"] = "Learning difficulty or disability (from SEND records)"
    return answers


def screening_summary(screening: Screening | None) -> dict[str, Any] | None:
    """The screening as the referral carries it: fixed when the referral is sent."""
    if screening is None:
        return None
    level = screening.judged_level or screening.computed_level
    assessed = screening.assessed_on
    return {
        "reference": screening.reference,
        "instrument": screening.instrument,
        "assessed_on": assessed.isoformat(),
        "computed_level": screening.computed_level,
        "judged_level": level,
        "level_label": wording.risk(level),
        "score": screening.score,
        "reason": screening.judgement_reason,
        "review_by": screening.review_by.isoformat() if screening.review_by else None,
        "attached_at": timezone.now().isoformat(),
    }
