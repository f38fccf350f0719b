"""The pages' forms. They only collect and show what was typed: what a concern must say is
checked by `recording.check` (the same for pages and the API), and the services check the rest.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.utils import ErrorDict

from vigil.children.models import Gender
from vigil.concerns.models import DecisionKind
from vigil.web.forms import GovukDateInput

YES_NO = [("yes", "Yes"), ("no", "No")]


class StepForm(forms.Form):
    """A step of recording. It only shows what the draft holds: the form validates nothing
    itself (`recording.check` does, and its messages are added), so that nothing typed is ever
    refused before it is saved. `required` marks what the concern needs, for the labels."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def full_clean(self) -> None:
        self._errors = ErrorDict()
        self.cleaned_data = {}


class RiskForm(StepForm):
    immediate_risk = forms.ChoiceField(
        label="Is the child at immediate risk of harm?",
        help_text="For example: in danger now, about to meet someone who may harm them, or missing tonight.",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class WhatForm(StepForm):
    seen_or_heard = forms.CharField(
        label="What did you see or hear?",
        help_text="Describe the facts in your own words: what happened, what you noticed, who was there.",
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    childs_words = forms.CharField(
        label="What did the child say, in their own words?",
        help_text="Write down exactly what the child said, even if it was not clear or used slang.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


class WhenForm(StepForm):
    happened_on = forms.CharField(
        label="When did it happen?",
        help_text="If it was over several days, give the most recent. For example, 21 11 2026",
        widget=GovukDateInput,
    )
    happened_time = forms.CharField(
        label="At what time?",
        help_text="For example, 15:40",
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
    )
    location = forms.CharField(
        label="Where did it happen?",
        help_text="Or where you were told about it",
    )


class OthersForm(StepForm):
    others_involved = forms.CharField(
        label="Was anyone else involved?",
        help_text="Other children or adults: names if you know them, descriptions, vehicles, "
        "usernames. Use full names, not initials.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )


STEP_FORMS: dict[str, type[StepForm]] = {
    "risk": RiskForm,
    "what": WhatForm,
    "when": WhenForm,
    "others": OthersForm,
}


class NewChildForm(forms.Form):
    given_names = forms.CharField(label="Given names", max_length=100)
    family_name = forms.CharField(label="Family name", max_length=100)
    known_as = forms.CharField(label="Known as", max_length=100, required=False)
    date_of_birth = forms.DateField(
        label="Date of birth", help_text="For example, 27 3 2012", widget=GovukDateInput
    )
    gender = forms.ChoiceField(
        label="Gender", choices=Gender.choices, widget=forms.RadioSelect, initial="not-known"
    )


class DecisionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="What have you decided?", choices=DecisionKind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Every decision needs its reason, including why you are or are not referring.",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    review_on = forms.DateField(
        label="Review date",
        help_text="Needed when you decide to monitor. For example, 8 1 2027",
        required=False,
        widget=GovukDateInput,
    )
    police_contacted_at = forms.DateTimeField(
        label="When did you contact the police?",
        help_text="Needed when you contacted the police. Date and time, for example 2026-11-24 16:05",
        required=False,
    )
    police_log_number = forms.CharField(
        label="Police log number",
        help_text="Needed when you contacted the police",
        required=False,
        max_length=40,
    )

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["police_log_number"] = data.get("police_log_number") or ""
        return data


class ChildConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    child_id = forms.UUIDField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label="Why is the concern about this child instead?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(label="Summary", widget=forms.Textarea(attrs={"rows": 4}))
    action_taken = forms.CharField(label="Action taken", widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label="Outcome", widget=forms.Textarea(attrs={"rows": 3}))
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why the concern can be closed now",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
