"""What each clock is called in the product, and the words of its notifications.

Notifications carry no case detail: they name the kind of deadline and link to the record.
"""

from __future__ import annotations

from typing import Final

LABELS: Final[dict[str, str]] = {
    "dsl-triage": "First decision on a concern",
    "dsl-triage-urgent": "First decision on an immediate-risk concern",
    "mash-acknowledge": "MASH acknowledgement of a referral",
    "mash-decision": "MASH decision on a referral",
    "rag-red": "Outcome of a red-rated enquiry",
    "rag-amber": "Outcome of an amber-rated enquiry",
    "rag-green": "Outcome of a green-rated enquiry",
    "return-home-interview": "Return home interview",
    "assessment": "Child and family assessment",
    "icpc": "Initial child protection conference",
    "allocate-high-risk": "Allocation of a high-risk case",
    "challenge-response": "Answer to a professional challenge",
    "screening-review": "CSE screening review",
    "monitor-review": "Review of a concern being monitored",
    "partner-request": "A partner agency's answer to a MASH request",
}


def label(kind: str) -> str:
    return LABELS.get(kind, kind.replace("-", " ").capitalize())


def warning_title(kind: str) -> str:
    return f"A deadline is near: {label(kind).lower()}"


def overdue_title(kind: str) -> str:
    return f"A deadline has passed: {label(kind).lower()}"
