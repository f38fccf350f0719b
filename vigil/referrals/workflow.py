"""A referral's states and moves: one table per workflow, checked by one guard.

PROCESS.md steps 5 and 6: a referral is sent to the front door, which acknowledges it (rating
it red, amber or green on the MASH route), decides the first response (a MASH enquiry, or
another response straight away), reaches an outcome, feeds back and closes. The referrer may
withdraw it before the first decision. Each route of the partnership names its workflow;
services move a referral only through `move`, and store the move as a conditional update so
that two people acting at once cannot both win (ARCHITECTURE.md, Workflows are tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Side = Literal["referrer", "receiver"]

DRAFT: Final = "draft"
SENT: Final = "sent"
ACKNOWLEDGED: Final = "acknowledged"
ENQUIRY: Final = "enquiry"
OUTCOME: Final = "outcome"
FEEDBACK_SENT: Final = "feedback-sent"
CLOSED: Final = "closed"
WITHDRAWN: Final = "withdrawn"

STATES: Final[dict[str, str]] = {
    DRAFT: "Draft",
    SENT: "Sent",
    ACKNOWLEDGED: "Acknowledged",
    ENQUIRY: "MASH enquiry",
    OUTCOME: "Outcome decided",
    FEEDBACK_SENT: "Feedback sent",
    CLOSED: "Closed",
    WITHDRAWN: "Withdrawn",
}
# Finished: nothing more happens to the referral itself.
ENDED: Final = frozenset({CLOSED, WITHDRAWN})
# Sent and not yet finished: the front door is working on it.
LIVE: Final = frozenset({SENT, ACKNOWLEDGED, ENQUIRY, OUTCOME, FEEDBACK_SENT})

# The outcomes of PROCESS.md step 6, and the first decision that opens an enquiry instead.
OUTCOMES: Final[dict[str, str]] = {
    "no-further-action": "No further action",
    "advice-signposting": "Advice and signposting",
    "early-help": "Early help",
    "child-in-need": "Child in need assessment (section 17)",
    "strategy-discussion": "Strategy discussion / section 47 enquiry",
    "police-investigation": "Police investigation",
    "exploitation-panel": "Referral to the exploitation panel",
}
ENQUIRY_DECISION: Final = "mash-enquiry"
FIRST_DECISIONS: Final[dict[str, str]] = {ENQUIRY_DECISION: "A MASH enquiry", **OUTCOMES}

RATINGS: Final[dict[str, str]] = {"red": "Red", "amber": "Amber", "green": "Green"}


@dataclass(frozen=True)
class Move:
    """A move: its name, the states it leaves from, where it goes and which side makes it."""

    action: str
    sources: frozenset[str]
    target: str
    side: Side
    label: str


def _move(action: str, sources: set[str], target: str, side: Side, label: str) -> Move:
    return Move(action, frozenset(sources), target, side, label)


_SEND = _move("send", {DRAFT}, SENT, "referrer", "Send the referral")
_WITHDRAW = _move("withdraw", {SENT, ACKNOWLEDGED}, WITHDRAWN, "referrer", "Withdraw")
_ACKNOWLEDGE = _move("acknowledge", {SENT}, ACKNOWLEDGED, "receiver", "Acknowledge")
_FEEDBACK = _move("feedback", {OUTCOME}, FEEDBACK_SENT, "receiver", "Send feedback")
_CLOSE = _move("close", {FEEDBACK_SENT}, CLOSED, "receiver", "Close")

# The MASH's workflow: rated on acknowledgement, with an enquiry that gathers partners' answers.
MASH: Final[tuple[Move, ...]] = (
    _SEND,
    _ACKNOWLEDGE,
    _move("open-enquiry", {ACKNOWLEDGED}, ENQUIRY, "receiver", "Open a MASH enquiry"),
    _move("decide", {ACKNOWLEDGED}, OUTCOME, "receiver", "Decide the response now"),
    _move("conclude", {ENQUIRY}, OUTCOME, "receiver", "Record the enquiry's outcome"),
    _FEEDBACK,
    _CLOSE,
    _WITHDRAW,
)
# A route without an enquiry (education welfare, police, the LADO): acknowledged, then decided.
DIRECT: Final[tuple[Move, ...]] = (
    _SEND,
    _ACKNOWLEDGE,
    _move("decide", {ACKNOWLEDGED}, OUTCOME, "receiver", "Decide the response"),
    _FEEDBACK,
    _CLOSE,
    _WITHDRAW,
)
WORKFLOWS: Final[dict[str, tuple[Move, ...]]] = {"mash": MASH, "direct": DIRECT}
# Workflows whose acknowledgement rates the referral red, amber or green.
RATED: Final = frozenset({"mash"})


class MoveNotAllowedError(ValueError):
    """The move does not exist in the workflow, or not from the referral's state."""


def moves_from(workflow: str, state: str, side: Side | None = None) -> tuple[Move, ...]:
    """The moves open from `state`, for one side or both, in table order."""
    return tuple(
        m for m in WORKFLOWS[workflow] if state in m.sources and (side is None or m.side == side)
    )


def move(workflow: str, state: str, action: str, side: Side) -> Move:
    """The one guard: the move `action` by `side` from `state`, or MoveNotAllowedError."""
    if workflow not in WORKFLOWS:
        raise MoveNotAllowedError(f"There is no workflow called {workflow!r}.")
    for candidate in WORKFLOWS[workflow]:
        if candidate.action == action and candidate.side == side:
            if state in candidate.sources:
                return candidate
            raise MoveNotAllowedError(
                f"A referral that is {STATES.get(state, state).lower()} cannot be moved "
                f"by “{candidate.label.lower()}”."
            )
    raise MoveNotAllowedError(f"“{action}” is not a move the {side} can make on this route.")


def target_of_first_decision(decision: str) -> str:
    """A MASH enquiry goes to the enquiry; any outcome straight away, to the outcome."""
    if decision == ENQUIRY_DECISION:
        return "open-enquiry"
    if decision in OUTCOMES:
        return "decide"
    raise MoveNotAllowedError(f"{decision!r} is not a first decision.")


def rating_suggested(screening_level: str | None) -> str:
    """The rating the screening on receipt suggests: high red, medium amber, otherwise green.
    The practitioner rates with a reason and may differ."""
    return {"high": "red", "medium": "amber"}.get(screening_level or "", "green")


def rag_clock(rating: str) -> str:
    """The clock that limits the enquiry's outcome for a rating (CLOCKS.md section 3)."""
    if rating not in RATINGS:
        raise MoveNotAllowedError(f"{rating!r} is not a rating: red, amber or green.")
    return f"rag-{rating}"
