"""The demo's referrals as scripts: who refers which child, by which route, and each step after,
with how many working hours ago it happened (None: now). Loaded by `vigil/referrals/demo.py`.

Every word is fictional, factual and never blames a child (PROCESS.md, Language): the demo's
tests check each one with `wording_prompts`. `{name}` is the child's given name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Step = tuple[float | None, str, dict[str, Any]]


@dataclass(frozen=True)
class Script:
    referrer: str  # the username of who writes and sends it
    child: str  # which of their school's children: screened, refer, monitor, police or new
    route: str  # the route's code
    steps: tuple[Step, ...]
    more: str = ""  # added to the concern's own words in the details
    answers: dict[str, Any] = field(default_factory=dict)


def _steps(*steps: tuple[Any, ...]) -> tuple[Step, ...]:
    """(hours ago, action) or (hours ago, action, {arguments})."""
    return tuple((s[0], s[1], s[2] if len(s) > 2 else {}) for s in steps)


def _sent(hours: float | None) -> tuple[tuple[Any, ...], ...]:
    """Started, saved and sent a few minutes apart, `hours` ago."""
    if hours is None:
        return ((None, "start"), (None, "save"), (None, "send"))
    return ((hours + 0.5, "start"), (hours + 0.3, "save"), (hours, "send"))


def _ack(hours: float | None, rating: str = "", reason: str = "") -> tuple[Any, ...]:
    return (hours, "acknowledge", {"rating": rating, "reason": reason})


def _decide(hours: float | None, decision: str, reason: str) -> tuple[Any, ...]:
    return (hours, "decide", {"decision": decision, "reason": reason})


GREEN = "A first referral with signs that need checking with partners; no sign of immediate risk, and {name} is at school every day."
AMBER = "Signs of grooming by an adult outside school over several weeks; {name} is safe at home tonight, and the school sees {name} daily."
RED = "An adult appears to be sexually exploiting {name} now; {name} may be at significant risk of harm before the end of the week."
POLICE_QUESTION = "Please tell us what the police know about {name}, the address named in the referral, and any adult linked to either, including missing episodes."
HEALTH_QUESTION = "Please tell us of any attendance at sexual health or emergency services, and any concerns the school nurse has recorded about {name}."
POLICE_ANSWER = "Two missing episodes recorded for {name} this year, both found at the same address in Examplebury. One adult linked to that address is known to the police for offences against children; intelligence shared with the MASH by secure e-mail."
REFERRER_VIEW = "{name} says the adult is kind to them and they do not want anyone to get into trouble. {name} agreed that the school talks to the people who can help."

SCRIPTS: tuple[Script, ...] = (
    # Drafts: begun today, not yet sent.
    Script(
        "dsl",
        "screened",
        "mash",
        _steps((None, "start"), (None, "save")),
        answers={"referrer_phone": "0161 496 0201"},
    ),
    Script("teacher3", "new", "mash", _steps((None, "start"))),
    # Sent, waiting for the front door: one just now, one by a teacher two days ago (overdue).
    Script("dsl2", "screened", "mash", _steps(*_sent(None)), more=REFERRER_VIEW),
    Script(
        "teacher3",
        "monitor",
        "mash",
        _steps(*_sent(18)),
        more="I am referring directly as {name}'s form tutor: {name} told me more this week and I did not want to wait. The DSL is told of this referral.",
    ),
    # Acknowledged: green (by a teacher), red with nobody yet allocated (overdue), amber.
    Script(
        "teacher",
        "monitor",
        "mash",
        _steps(*_sent(6.5), _ack(5, "green", GREEN)),
        more="I am {name}'s class teacher and am referring while the DSL is away on a course; the DSL is told of this referral.",
    ),
    Script("dsl2", "refer", "mash", _steps(*_sent(5.5), _ack(5, "red", RED))),
    Script(
        "dsl3",
        "screened",
        "mash",
        _steps(*_sent(None), _ack(None, "amber", AMBER), (None, "assign")),
    ),
    # MASH enquiries: one with the police's answer in and health's overdue; one waiting.
    Script(
        "dsl",
        "refer",
        "mash",
        _steps(
            *_sent(12.5),
            _ack(12, "amber", AMBER),
            (11.8, "assign"),
            _decide(
                11.5,
                "mash-enquiry",
                "Partners' information is needed to judge the risk from the adults named.",
            ),
            (11, "request", {"partner": "police", "question": POLICE_QUESTION, "due": 3}),
            (10.9, "request", {"partner": "health", "question": HEALTH_QUESTION, "due": 3}),
            (7, "answer", {"request": 0, "answer": POLICE_ANSWER}),
        ),
    ),
    Script(
        "deputy2",
        "refer",
        "mash",
        _steps(
            *_sent(5.5),
            _ack(5, "green", GREEN),
            _decide(
                4.5,
                "mash-enquiry",
                "A check with the police is needed before deciding on the response.",
            ),
            (4, "request", {"partner": "police", "question": POLICE_QUESTION, "due": -6}),
        ),
    ),
    # Outcomes reached, feedback still to send: decided at once, and after an enquiry.
    Script(
        "dsl3",
        "refer",
        "mash",
        _steps(
            *_sent(9.5),
            _ack(9, "green", GREEN),
            _decide(
                7,
                "early-help",
                "No information from partners suggests exploitation now. The family want support; early help is the right response, with the school's DSL as lead.",
            ),
        ),
    ),
    Script(
        "deputy",
        "refer",
        "mash",
        _steps(
            *_sent(20.5),
            _ack(20, "red", RED),
            (19.9, "assign"),
            _decide(
                19.8,
                "mash-enquiry",
                "Red: the police must be consulted today about the adults named.",
            ),
            (19.5, "request", {"partner": "police", "question": POLICE_QUESTION, "due": 17.5}),
            (18, "answer", {"request": 0, "answer": POLICE_ANSWER}),
            (
                17,
                "conclude",
                {
                    "outcome": "strategy-discussion",
                    "reason": "The police's information shows an adult known for offences against children is in contact with {name}. A strategy discussion is held today with the police and children's social care.",
                },
            ),
        ),
    ),
    # Feedback sent to the referrer.
    Script(
        "dsl2",
        "refer",
        "mash",
        _steps(
            *_sent(25.5),
            _ack(25, "amber", AMBER),
            _decide(
                22,
                "child-in-need",
                "{name}'s needs at home are behind what the school has seen; a child in need assessment will find out what support the family needs.",
            ),
            (
                20,
                "feedback",
                {
                    "feedback": "A social worker from the assessment team will contact {name}'s family this week to begin a child in need assessment. Please keep recording any new concern and share it with the social worker."
                },
            ),
        ),
    ),
    # Closed: a MASH enquiry that went to the exploitation panel; the education welfare service.
    Script(
        "dsl3",
        "refer",
        "mash",
        _steps(
            *_sent(61.5),
            _ack(61, "amber", AMBER),
            (60.8, "assign"),
            _decide(
                60.5,
                "mash-enquiry",
                "The adults named need checking with the police before a decision.",
            ),
            (60, "request", {"partner": "police", "question": POLICE_QUESTION, "due": 54}),
            (56, "answer", {"request": 0, "answer": POLICE_ANSWER}),
            (
                53,
                "conclude",
                {
                    "outcome": "exploitation-panel",
                    "reason": "Other children are linked to the same adults and the same address: the exploitation panel will plan the partnership's response to them together.",
                },
            ),
            (
                50,
                "feedback",
                {
                    "feedback": "{name} is on the agenda of this month's exploitation panel, with the other children linked to the same address. The police have opened an investigation into the adults. The school's DSL is invited to the panel."
                },
            ),
            (49, "close", {"reason": "Passed to the exploitation panel; the MASH's part is done."}),
        ),
    ),
    Script(
        "dsl",
        "monitor",
        "ews",
        _steps(
            *_sent(41.5),
            _ack(40),
            _decide(
                36,
                "early-help",
                "Attendance is the main need and the family want help with mornings. An attendance plan with early help from the education welfare officer.",
            ),
            (
                33,
                "feedback",
                {
                    "feedback": "The education welfare officer met {name}'s parent and agreed an attendance plan, reviewed in six weeks. Please tell us of any absence without a reason on the same day."
                },
            ),
            (32, "close", {"reason": "Attendance plan agreed with the family."}),
        ),
        more="{name}'s attendance is 84% this term, with most absences on Mondays. The school has written to the family twice and met them once.",
        answers={"basis": ["changed-behaviour"]},
    ),
    # Withdrawn by the teacher who sent it.
    Script(
        "teacher2",
        "monitor",
        "mash",
        _steps(
            *_sent(15.5),
            (
                15,
                "withdraw",
                {
                    "reason": "Sent before I spoke to the DSL, who had already talked with the family and the MASH consultation line this morning. The DSL will refer with the full information if the MASH advises it."
                },
            ),
        ),
    ),
    # Decided, fed back, and challenged by the DSL: the challenge waits for the MASH manager.
    Script(
        "dsl",
        "refer",
        "mash",
        _steps(
            *_sent(17.5),
            _ack(17, "green", GREEN),
            _decide(
                15,
                "no-further-action",
                "Partners hold no information about the adult named, and the family are protective. No further action by the MASH; the school continues to monitor.",
            ),
            (
                14,
                "feedback",
                {
                    "feedback": "No further action by the MASH: partners hold nothing about the adult named and the family are protective. Please refer again with any new information."
                },
            ),
            (
                3,
                "challenge",
                {
                    "reason": "No further action does not reflect what {name} told the learning mentor this week, or that the same adult has been seen waiting outside school again since. I ask the MASH manager to review the decision."
                },
            ),
        ),
    ),
    # By the police route: acknowledged by the child protection team, decision to come.
    Script(
        "dsl3",
        "police",
        "police-cpt",
        _steps(*_sent(3), _ack(2)),
        more="The police were called at the time; this referral gives the child protection team the school's information.",
    ),
)
