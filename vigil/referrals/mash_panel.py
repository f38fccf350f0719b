"""The front door's part of a referral's page: what the practitioner may do next.

`panel_context` gives the referral page (for the front door's practitioners and managers
only) the moves open now from the workflow table, each as a form that posts to its own
address, with the screening on receipt beside the rating, the enquiry's partner requests,
who holds the referral, and the open professional challenges (answered by a manager). The
same forms, bound to what was posted, come back on the action page when something is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from vigil.accounts import policy as access
from vigil.accounts.models import OrganisationKind, Person
from vigil.accounts.selectors import organisations_directory
from vigil.referrals import mash_forms, policy, selectors, workflow
from vigil.referrals.models import Challenge, PartnerRequest, Referral, Route

CONFLICT = (
    "Someone else changed this referral while you were working on it. Nothing has been "
    "saved. What you typed is still below: check where the referral is now, then try again "
    "if it is still needed."
)


@dataclass(frozen=True)
class Action:
    """One of the front door's actions: its address's name, heading, button and message."""

    name: str
    heading: str
    button: str
    success: str


ACTIONS = {
    a.name: a
    for a in (
        Action(
            "acknowledge",
            "Acknowledge the referral",
            "Acknowledge",
            "The referral has been acknowledged. The referrer has been told.",
        ),
        Action(
            "decide",
            "First decision",
            "Record the decision",
            "The decision has been recorded. The referrer has been told.",
        ),
        Action(
            "conclude",
            "The enquiry's outcome",
            "Record the outcome",
            "The enquiry's outcome has been recorded. The referrer has been told.",
        ),
        Action(
            "feedback",
            "Feedback to the referrer",
            "Send feedback",
            "Your feedback has been sent to the referrer.",
        ),
        Action("close", "Close the referral", "Close the referral", "The referral is closed."),
        Action("assign", "Who holds it", "Give it to them", "Who holds the referral is recorded."),
        Action(
            "request-new",
            "Ask a partner agency",
            "Send the request",
            "The request has been sent. The agency has been told.",
        ),
        Action(
            "challenge-answer",
            "Answer the challenge",
            "Send the answer",
            "Your answer has been sent to the referrer.",
        ),
    )
}
# The panel's action for each of the receiver's moves in the workflow table: both ways of
# making the first decision are one form.
MOVE_ACTIONS = {
    "acknowledge": "acknowledge",
    "open-enquiry": "decide",
    "decide": "decide",
    "conclude": "conclude",
    "feedback": "feedback",
    "close": "close",
}


def works_at_front_door(actor: Person | None) -> bool:
    """A practitioner or manager at an organisation that receives referrals by some route."""
    mine = access.organisations_where(actor, *access.RECEIVERS)
    return bool(mine) and Route.objects.filter(receiver_id__in=mine).exists()


def suggested_rating(referral: Referral) -> str:
    summary = referral.screening_summary
    return workflow.rating_suggested(summary["judged_level"] if summary else None)


def partners_for(referral: Referral) -> Any:
    """Who the front door may ask: the partnership's active agencies other than itself."""
    directory = organisations_directory().exclude(pk=referral.route.receiver_id)
    return directory.exclude(kind=OrganisationKind.PARTNERSHIP)


def _form_arguments(name: str, actor: Person, referral: Referral) -> dict[str, Any]:
    if name == "acknowledge":
        return {"rated": referral.route.rated, "suggested": suggested_rating(referral)}
    if name == "decide":
        return {"direct": referral.route.workflow != "mash"}
    if name == "assign":
        return {"people": selectors.front_door_people(referral)}
    if name == "request-new":
        return {"partners": partners_for(referral)}
    return {}


FORMS: dict[str, type[forms.Form]] = {
    "acknowledge": mash_forms.AcknowledgeForm,
    "decide": mash_forms.DecisionForm,
    "conclude": mash_forms.ConcludeForm,
    "feedback": mash_forms.FeedbackForm,
    "close": mash_forms.CloseForm,
    "assign": mash_forms.AssignForm,
    "request-new": mash_forms.PartnerRequestForm,
}


def form_for(name: str, actor: Person, referral: Referral, data: Any = None) -> forms.Form:
    """The action's form: blank on the panel, or bound to what was posted."""
    arguments = _form_arguments(name, actor, referral)
    initial = {"version": referral.version, "assignee": referral.assigned_to_id}
    return FORMS[name](data, initial=initial, auto_id=f"{name}-%s", **arguments)


def answer_form(challenge: Challenge, data: Any = None) -> mash_forms.AnswerForm:
    return mash_forms.AnswerForm(
        data,
        initial={"version": challenge.version},
        auto_id=f"challenge-{challenge.pk}-%s",
        label="Your answer to the challenge",
        hint="What you have looked at again, what stands or changes, and why. The referrer "
        "sees your answer.",
    )


def request_answer_form(request: PartnerRequest, data: Any = None) -> mash_forms.AnswerForm:
    return mash_forms.AnswerForm(
        data,
        initial={"version": request.version},
        auto_id="answer-%s",
        label="What your agency knows",
        hint="Facts and dates from your agency's records about the child and the people "
        "around them. The front door sees your answer.",
    )


def action_url(name: str, referral: Referral) -> str:
    return reverse(f"referrals:{name}", kwargs={"referral_id": referral.pk})


def screening_shown(referral: Referral) -> dict[str, Any] | None:
    """The screening on receipt as the panel shows it beside the rating."""
    summary = referral.screening_summary
    if not summary:
        return None
    return {
        **summary,
        "assessed_on": date.fromisoformat(summary["assessed_on"]),
        "suggested": suggested_rating(referral),
    }


def time_left(due: datetime | None, now: datetime | None = None) -> str:
    """`due in 3 hours`, `overdue by 2 days`: the time to a limit, in whole units."""
    if due is None:
        return "No limit running"
    gap = due - (now or timezone.now())
    words = _duration(abs(gap))
    return f"overdue by {words}" if gap <= timedelta(0) else f"due in {words}"


def _duration(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    if minutes < 1:
        return "less than a minute"
    if minutes < 60:
        count, unit = minutes, "minute"
    elif minutes < 48 * 60:
        count, unit = minutes // 60, "hour"
    else:
        count, unit = minutes // (24 * 60), "day"
    return f"{count} {unit}{'' if count == 1 else 's'}"


def _moves(actor: Person, referral: Referral) -> list[dict[str, Any]]:
    moves = workflow.moves_from(referral.route.workflow, referral.state, "receiver")
    names = list(dict.fromkeys(MOVE_ACTIONS[m.action] for m in moves if m.action in MOVE_ACTIONS))
    return [
        {
            "action": ACTIONS[name],
            "url": action_url(name, referral),
            "form": form_for(name, actor, referral),
        }
        for name in names
    ]


def _requests(actor: Person, referral: Referral) -> list[dict[str, Any]]:
    return [
        {
            "request": request,
            "time_left": "" if request.answered else time_left(request.due_at),
            "overdue": not request.answered and request.due_at <= timezone.now(),
            "chase_url": reverse("referrals:request-chase", kwargs={"request_id": request.pk}),
        }
        for request in selectors.requests_of(actor=actor, referral=referral)
    ]


def _challenges(actor: Person, referral: Referral) -> list[dict[str, Any]]:
    return [
        {
            "challenge": challenge,
            "form": answer_form(challenge)
            if policy.can_answer_challenge(actor, challenge)
            else None,
            "url": reverse("referrals:challenge-answer", kwargs={"challenge_id": challenge.pk}),
        }
        for challenge in selectors.challenges_of(actor=actor, referral=referral)
        if not challenge.answered
    ]


def _holding(actor: Person, referral: Referral) -> dict[str, Any] | None:
    if referral.state in workflow.ENDED:
        return None
    return {
        "holder": referral.assigned_to,
        "url": action_url("assign", referral),
        "form": form_for("assign", actor, referral),
        "take_it": referral.assigned_to_id != actor.pk,
        "me": actor.pk,
    }


def panel(actor: Person, referral: Referral) -> dict[str, Any]:
    enquiry = referral.state == workflow.ENQUIRY
    return {
        "referral": referral,
        "rated": referral.route.rated,
        "moves": _moves(actor, referral),
        "screening": screening_shown(referral),
        "holding": _holding(actor, referral),
        "requests": _requests(actor, referral),
        "request_form": form_for("request-new", actor, referral) if enquiry else None,
        "request_url": action_url("request-new", referral),
        "challenges": _challenges(actor, referral),
        "assign_action": ACTIONS["assign"],
        "request_action": ACTIONS["request-new"],
        "challenge_action": ACTIONS["challenge-answer"],
    }


def panel_context(actor: Person, referral: Referral) -> dict[str, Any]:
    """What the referral page needs for the front door's actions: empty for anyone else.
    The partial `referrals/_mash_panel.html` reads it as `mash_panel`."""
    if not policy.is_receiver(actor, referral):
        return {}
    return {"mash_panel": panel(actor, referral)}
