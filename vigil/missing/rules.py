"""Missing episodes as rules and data: the sizes of what is typed, the return home interview's
outcomes and the moves between them, the push and pull factors, and when episodes repeat.

PROCESS.md: a return home interview is due within 72 hours after a missing episode, offered by
an independent person; the child may decline. The factors are worded about what happens to the
child, never about what the child "chooses" (PROCESS.md, Language). Pure: the standard library
only (tests/missing/test_rules.py checks it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from types import MappingProxyType
from typing import Final

# What is typed, at most (characters). Long enough for a full account, short enough to refuse
# a pasted document by mistake.
SHORT_TEXT: Final = 200
POLICE_REFERENCE: Final = 40
LONG_TEXT: Final = 10_000

# The return home interview ---------------------------------------------------------------

NOT_YET: Final = ""
OFFERED: Final = "offered"
DECLINED: Final = "declined"
DONE: Final = "done"

# What is recorded, as the person recording chooses it.
OUTCOMES: Final[Mapping[str, str]] = MappingProxyType(
    {
        OFFERED: "Offered to the child, not held yet",
        DECLINED: "The child declined the interview",
        DONE: "The interview was held",
    }
)
# Where the interview stands, as people read it.
STANDING: Final[Mapping[str, str]] = MappingProxyType(
    {
        NOT_YET: "Not offered yet",
        OFFERED: "Offered, not held yet",
        DECLINED: "Declined by the child",
        DONE: "Held",
    }
)
# From where the interview stands, what may be recorded next. A child who declined may still
# ask for the interview later; once held, it is done.
NEXT: Final[Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        NOT_YET: frozenset({OFFERED, DECLINED, DONE}),
        OFFERED: frozenset({OFFERED, DECLINED, DONE}),
        DECLINED: frozenset({DONE}),
        DONE: frozenset(),
    }
)
# Declined or held: the return home interview's clock stops (PROCESS.md, Timescales).
STOPS_THE_CLOCK: Final = frozenset({DECLINED, DONE})


def may_record(standing: str, outcome: str) -> bool:
    """Whether `outcome` may be recorded on an interview that stands at `standing`."""
    return outcome in NEXT.get(standing, frozenset())


# Push and pull factors ---------------------------------------------------------------------

OTHER: Final = "other"
ONLY_WHEN_HELD: Final = "Record push and pull factors when the interview is held"

PUSH_FACTORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "conflict-at-home": "Arguments or conflict at home",
        "abuse-at-home": "Abuse or violence at home, or domestic abuse between adults there",
        "neglect": "Not being looked after or fed (neglect)",
        "placement-breakdown": "A care placement breaking down, or a recent move",
        "bullying": "Bullying, in person or online",
        "school": "Problems at school or college, including exclusion",
        "wellbeing": "Feeling low, anxious or unsafe",
        "loss": "A bereavement or another loss",
        "not-accepted": "Not being accepted at home, for example their sexuality or gender",
        "rules-at-home": "Disagreements about rules or boundaries at home",
        OTHER: "Something else",
    }
)
PULL_FACTORS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "friends": "Wanting to be with friends",
        "older-person": "An older person who has contact with the child",
        "relationship": "A relationship the child describes",
        "drugs-alcohol": "Being given drugs or alcohol",
        "money-gifts": "Being given money, gifts, food or somewhere to stay",
        "family": "Wanting to see family, including birth family",
        "group-pressure": "Pressure or control from a group or gang",
        "online-contact": "Someone the child is in contact with online",
        "adult-places": "Being taken to parties or places where adults are",
        OTHER: "Something else",
    }
)


def factor_problems(
    chosen: Iterable[str], other: str, known: Mapping[str, str]
) -> tuple[str, str] | None:
    """What is wrong with a list of factors and its "other" text, and where: ("factors",
    message) or ("other", message); None when nothing is."""
    picked = list(chosen)
    if any(code not in known for code in picked):
        return "factors", "Choose only the factors listed"
    if OTHER in picked and not other.strip():
        return "other", "Say what the other factor is"
    if other.strip() and OTHER not in picked:
        return "other", "Tick “Something else” to record another factor, or clear its text"
    return None


# Repeated episodes -------------------------------------------------------------------------

DEFAULT_REPEAT_EPISODES: Final = 3
DEFAULT_REPEAT_DAYS: Final = 90


def repeated_window(
    days: Iterable[date], *, episodes: int, within_days: int
) -> tuple[date, date] | None:
    """The first and last day of the earliest run of `episodes` episodes that went missing
    within `within_days` calendar days (both ends counted: 3 in 90 days means the first and
    the third are at most 89 days apart), or None when there is none."""
    ordered = sorted(days)
    span = timedelta(days=within_days - 1)
    for first in range(len(ordered) - episodes + 1):
        last = first + episodes - 1
        if ordered[last] - ordered[first] <= span:
            return ordered[first], ordered[last]
    return None
