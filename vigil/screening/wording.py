"""How a screening's levels, windows and actions read in the product. Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

RISK: Final[Mapping[str, str]] = {
    "high": "high risk",
    "medium": "medium risk",
    "low": "low risk",
    "none": "no risk identified",
}

LEVEL_NAMES: Final[Mapping[str, str]] = {
    "high": "High",
    "medium": "Medium",
    "low": "Low",
    "none": "None identified",
}

WINDOWS: Final[Mapping[str, str]] = {
    "current": "In the last 6 months",
    "recent": "6 to 12 months ago",
    "historical": "More than 12 months ago (shown, not counted)",
}

# The actions of SCREENING.md section 5, in plain words.
ACTIONS: Final[Mapping[str, str]] = {
    "call-999": "Call the police on 999 now: the child is at immediate risk of harm",
    "refer-mash-today": "Refer to the front door (MASH) today",
    "notify-police": "Tell the police",
    "consider-strategy-discussion": "Ask the front door to consider a strategy discussion",
    "refer-mash": "Refer to the front door (MASH)",
    "agree-safety-plan": "Agree a safety plan with the child and the people around them",
    "early-help": "Offer early help",
    "inform-social-worker": "Tell the child's social worker",
    "monitor": "Keep monitoring, and review by the date below",
    "record-and-monitor": "Record what you know and keep watching for signs",
}


def risk(level: str) -> str:
    return RISK.get(level, level)


def level_name(level: str) -> str:
    return LEVEL_NAMES.get(level, level)


def action(action_id: str) -> str:
    return ACTIONS.get(action_id, action_id)


def case_error(error: Mapping[str, str]) -> str:
    """A computation refused by the contract (for instance, the child is now 18)."""
    if error.get("code") == "not-a-child":
        return "The child is 18 or over on the screening's date: this screening is for children"
    return f"The screening cannot be computed: {error.get('message', '')}"
