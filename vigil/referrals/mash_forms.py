"""The front door's forms: each collects what was typed for one action on a referral; the
services check the rest (a reason long enough, a move still open, a due time in the future).

Every form carries the referral's version it was shown at, so that two practitioners acting
at once cannot both win and the one who loses keeps what they typed.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any, cast
from zoneinfo import ZoneInfo

from django import forms
from django.db.models import QuerySet

from vigil.accounts.models import Organisation, Person
from vigil.referrals import workflow
from vigil.web.forms import GovukDateInput

LONDON = ZoneInfo("Europe/London")
STALE = "This page is out of date: go back to the referral and try again"
_TIME = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")
# The rating's limit on the enquiry's outcome, from receipt (PROCESS.md, Timescales).
RATING_LIMITS = {
    "red": "Red: outcome within 4 hours, around the clock",
    "amber": "Amber: outcome within 1 working day",
    "green": "Green: outcome within 3 working days",
}


def _reason(label: str, hint: str, missing: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": missing},
    )


def _radios(label: str, choices: dict[str, str], missing: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=list(choices.items()),
        widget=forms.RadioSelect,
        error_messages={"required": missing},
    )


class MoveForm(forms.Form):
    """A move on the referral: it carries the version the referral was shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": STALE})


class AcknowledgeForm(MoveForm):
    rating = _radios("How do you rate it?", RATING_LIMITS, "Select red, amber or green")
    reason = _reason(
        "Why do you rate it so?",
        "What in the referral and the screening supports the rating.",
        "Enter why you rate it so",
    )

    def __init__(self, *args: Any, rated: bool, suggested: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not rated:
            # An unrated route is acknowledged with a button.
            del self.fields["rating"], self.fields["reason"]
        elif suggested:
            self.fields["rating"].initial = suggested
            self.fields["rating"].help_text = (
                f"The screening on receipt suggests {suggested}. Your professional judgement "
                "decides: you may rate it differently, with your reason."
            )


class DecisionForm(MoveForm):
    decision = _radios(
        "What is the first decision?", workflow.FIRST_DECISIONS, "Select the decision"
    )
    reason = _reason(
        "Why?", "What the decision rests on: the referral, checks made, the rating.", "Enter why"
    )

    def __init__(self, *args: Any, direct: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if direct:
            field = cast(forms.ChoiceField, self.fields["decision"])
            field.choices = list(workflow.OUTCOMES.items())
            field.label = "What is the response?"
            field.error_messages["required"] = "Select the response"


class ConcludeForm(MoveForm):
    outcome = _radios("What is the enquiry's outcome?", workflow.OUTCOMES, "Select the outcome")
    reason = _reason(
        "Why?",
        "What the partners' information and the enquiry showed.",
        "Enter why this is the outcome",
    )


class FeedbackForm(MoveForm):
    feedback = _reason(
        "Feedback to the referrer",
        "What was decided, what happens next and who to contact. The referrer and their "
        "organisation's safeguarding leads will see it.",
        "Enter the feedback for the referrer",
    )


class CloseForm(forms.Form):
    """A button. The version is optional: closing is guarded by the state it leaves from."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(MoveForm):
    assignee = forms.ModelChoiceField(
        label="Who will hold it?",
        queryset=Person.objects.none(),
        empty_label="Choose someone",
        error_messages={
            "required": "Select who will hold the referral",
            "invalid_choice": "Select someone who works at the front door",
        },
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["assignee"])
        field.queryset = people


class PartnerRequestForm(forms.Form):
    partner = forms.ModelChoiceField(
        label="Which partner agency?",
        queryset=Organisation.objects.none(),
        empty_label="Choose an agency",
        error_messages={
            "required": "Select the partner agency",
            "invalid_choice": "Select a partner agency from the list",
        },
    )
    question = _reason(
        "What are you asking?",
        "What the agency knows about the child and the people around them that helps the "
        "enquiry. The agency sees the child's name and date of birth and this question.",
        "Enter what you are asking",
    )
    due_on = forms.DateField(
        label="Date the answer is due",
        help_text="Leave the date and time blank for the enquiry's rating clock. "
        "For example, 24 11 2026",
        widget=GovukDateInput,
        required=False,
        error_messages={"invalid": "Enter a real date, for example 24 11 2026"},
    )
    due_time = forms.CharField(
        label="Time the answer is due",
        help_text="UK time, 24-hour clock, for example 17:00",
        max_length=5,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["partner"])
        field.queryset = partners

    def clean_due_time(self) -> time | None:
        typed = self.cleaned_data.get("due_time", "")
        if not typed:
            return None
        found = _TIME.match(typed)
        if not found:
            raise forms.ValidationError("Enter the time as hours and minutes, for example 17:00")
        return time(int(found[1]), int(found[2]))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, at = cleaned.get("due_on"), cleaned.get("due_time")
        if self.errors:
            return cleaned
        if day and at is None:
            self.add_error("due_time", "Enter the time the answer is due, for example 17:00")
        elif at is not None and not day:
            self.add_error("due_on", "Enter the date the answer is due")
        return cleaned

    def due_at(self) -> datetime | None:
        """The due moment typed, in London time; None for the enquiry's rating clock."""
        day, at = self.cleaned_data.get("due_on"), self.cleaned_data.get("due_time")
        if day is None or at is None:
            return None
        return datetime.combine(day, at, tzinfo=LONDON)


class AnswerForm(MoveForm):
    """A partner agency's answer to a request, or a manager's answer to a challenge."""

    answer = _reason("Your answer", "", "Enter your answer")

    def __init__(self, *args: Any, label: str, hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].label = label
        self.fields["answer"].help_text = hint


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). A value that is not on the list is ignored."""

    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state")]
        + [(s, label) for s, label in workflow.STATES.items() if s in workflow.LIVE],
    )
    rating = forms.ChoiceField(
        label="Rating", required=False, choices=[("", "Any rating"), *workflow.RATINGS.items()]
    )
    clock = forms.ChoiceField(
        label="Time left",
        required=False,
        choices=[("", "Any"), ("overdue", "Overdue"), ("due-soon", "Due within 4 hours")],
    )
    holder = forms.ChoiceField(
        label="Held by",
        required=False,
        choices=[("", "Anyone"), ("me", "Me"), ("nobody", "Nobody")],
    )

    def filters(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}
