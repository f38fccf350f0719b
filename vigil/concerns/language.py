"""Wording help: phrases that blame a child for their own exploitation, and better words.

PROCESS.md (Language) lists the phrases, from published guidance on language in exploitation
cases. The recorder sees a gentle prompt and may keep their words: the record is theirs, and a
quotation (the child's own words, or someone else's) may need the phrase. Pure: the standard
library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Prompt:
    phrase: str
    suggestion: str


@dataclass(frozen=True)
class Match:
    field: str
    found: str
    suggestion: str


_PROMPTS: Final[tuple[tuple[str, Prompt], ...]] = (
    (
        r"put(?:s|ting)? (?:themsel(?:f|ves)|himself|herself) at risk",
        Prompt(
            "putting themselves at risk",
            'Say what the child is at risk of, and from whom: "is at risk of being sexually '
            'exploited by the adults she meets at the flat".',
        ),
    ),
    (
        r"risk[- ]taking behaviou?r",
        Prompt(
            "risk-taking behaviour",
            "Describe what happened and the risk posed by others: the child cannot consent to "
            "their own abuse.",
        ),
    ),
    (
        r"lifestyle choices?",
        Prompt(
            "lifestyle choice",
            "A child does not choose to be exploited. Describe the control or grooming instead.",
        ),
    ),
    (
        r"choos(?:e|es|ing) to",
        Prompt(
            "choosing to",
            "Consider whether the child had a real choice; describe the pressure on them.",
        ),
    ),
    (
        r"consen(?:ted|sual|ting)",
        Prompt(
            "consented / consensual",
            "A child cannot consent to their own exploitation. Say what happened, and who did it.",
        ),
    ),
    (
        r"promiscu(?:ous|ity)",
        Prompt("promiscuous", 'Describe the abuse: "is being sexually abused by several adults".'),
    ),
    (
        r"sleep(?:s|ing)? around",
        Prompt(
            "sleeping around", 'Describe the abuse: "is being sexually abused by several adults".'
        ),
    ),
    (
        r"prostitut(?:e|es|ed|ion|ing)",
        Prompt(
            "prostitute / prostitution",
            'The sexual abuse of a child for gain is child sexual exploitation: say "is being '
            'sexually exploited".',
        ),
    ),
    (
        r"(?:boy|girl)[- ]?friends?",
        Prompt(
            "boyfriend / girlfriend",
            'If this person may be abusing the child, say "an adult the child calls her '
            'boyfriend" or name them as a person of concern.',
        ),
    ),
    (
        r"in a relationship with",
        Prompt(
            "in a relationship with",
            'If the other person is an adult who may be abusing the child, say "is being '
            'groomed or abused by".',
        ),
    ),
    (
        r"street[- ]?wise",
        Prompt(
            "streetwise",
            "Knowing their way around does not protect a child: describe what they are exposed to.",
        ),
    ),
    (
        r"sexually active",
        Prompt(
            "sexually active", 'If the child is being abused, say so: "is being sexually abused".'
        ),
    ),
    (
        r"sext(?:ing|ed|s)?",
        Prompt(
            "sexting",
            'Sexual images of a child are indecent images of a child: say "indecent images '
            'were shared".',
        ),
    ),
    (
        r"recruit(?:s|ed|ing)?",
        Prompt(
            "recruiting",
            "If this child is also being exploited, they may have been made to introduce others: "
            "say so.",
        ),
    ),
)

_PATTERNS: Final[tuple[tuple[re.Pattern[str], Prompt], ...]] = tuple(
    (re.compile(rf"\b{pattern}\b", re.IGNORECASE), prompt) for pattern, prompt in _PROMPTS
)

PHRASES: Final[tuple[str, ...]] = tuple(prompt.phrase for _pattern, prompt in _PROMPTS)


def wording_prompts(fields: dict[str, str]) -> list[Match]:
    """Each listed phrase found in the text of each field, in the order of the fields."""
    found: list[Match] = []
    for name, text in fields.items():
        for pattern, prompt in _PATTERNS:
            hit = pattern.search(text or "")
            if hit:
                found.append(Match(name, hit.group(0), prompt.suggestion))
    return found
