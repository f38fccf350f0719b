"""The form an administrator fills in to add or change a referral route. The service holds the
rules; the form checks those it can see on its own (with the service's own messages), so that
every problem is listed at once, and the service the rest (a code in use, a closed
organisation)."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.referrals import workflow
from vigil.referrals.route_selectors import receivers_offered
from vigil.referrals.routes import DIRECT_CLOCKS, MASH_CLOCKS
from vigil.referrals.services.routes import RATED_ONLY, SLUG, SLUG_PROBLEM, WRONG_CLOCKS

WORKFLOWS = [
    ("mash", "MASH: rated red, amber or green when acknowledged, with a MASH enquiry"),
    ("direct", "Direct: acknowledged, then decided (no rating, no enquiry)"),
]
CLOCKS = {
    "mash-acknowledge": "Acknowledgement to the referrer, from receipt",
    "mash-decision": "First decision on the response, from receipt",
    "rag": "The enquiry's outcome by its rating (red, amber or green), from receipt",
    "allocate-high-risk": "Allocation to a named worker when rated red",
}
# Shorter, for the list of routes.
SHORT_WORKFLOWS = {
    "mash": "MASH: rated, with an enquiry",
    "direct": "Direct: acknowledged, then decided",
}
SHORT_CLOCKS = {
    "mash-acknowledge": "Acknowledgement",
    "mash-decision": "First decision",
    "rag": "Outcome by rating",
    "allocate-high-risk": "Allocation when red",
}


def _labels(kinds: tuple[str, ...]) -> str:
    return ", ".join(CLOCKS[kind].split(",")[0].lower() for kind in kinds)


class RouteForm(forms.Form):
    name = forms.CharField(
        max_length=120,
        label="Name",
        help_text="What referrers see when they choose where to send a referral.",
        error_messages={
            "required": "Enter the route's name",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    code = forms.CharField(
        max_length=20,
        label="Code",
        help_text="A short name for reports and other systems: lower-case letters, numbers "
        "and hyphens, like police-cpt.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
        error_messages={
            "required": "Enter a code",
            "max_length": "The code must be 20 characters or fewer",
        },
    )
    description = forms.CharField(
        max_length=300,
        required=False,
        label="Description",
        help_text="When to use this route, for referrers choosing between them.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )
    receiver = forms.ModelChoiceField(
        queryset=receivers_offered(),
        label="Receiving organisation",
        help_text="Its MASH practitioners and managers receive and answer the referrals.",
        empty_label="Choose an organisation",
        error_messages={
            "required": "Select the organisation that receives referrals by this route",
            "invalid_choice": "Select the organisation that receives referrals by this route",
        },
    )
    workflow = forms.ChoiceField(
        choices=WORKFLOWS,
        label="Workflow",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the workflow", "invalid_choice": "Select the workflow"},
    )
    clocks = forms.MultipleChoiceField(
        choices=[(kind, CLOCKS[kind]) for kind in MASH_CLOCKS],
        required=False,
        label="Clocks that run on a referral sent by this route",
        help_text=f"Usually all four on the MASH workflow; on a direct route, "
        f"{_labels(DIRECT_CLOCKS)}. The partnership's settings give each clock its time limit.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select only the clocks listed"},
    )
    order = forms.IntegerField(
        min_value=0,
        max_value=999,
        initial=0,
        label="Order",
        help_text="Referrers see the routes from the lowest number up; the first is the default.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the order, a whole number from 0 to 999",
            "invalid": "The order must be a whole number from 0 to 999",
            "min_value": "The order must be a whole number from 0 to 999",
            "max_value": "The order must be a whole number from 0 to 999",
        },
    )
    is_active = forms.BooleanField(
        required=False, initial=True, label="In use: referrers can choose this route"
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().lower()
        if not SLUG.fullmatch(code):
            raise forms.ValidationError(SLUG_PROBLEM)
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = data.get("workflow")
        if chosen and chosen not in workflow.RATED and set(data.get("clocks") or ()) & RATED_ONLY:
            self.add_error("clocks", WRONG_CLOCKS)
        return data

    def route_fields(self) -> dict[str, Any]:
        """The cleaned values, as the services take them."""
        return {k: v for k, v in self.cleaned_data.items() if k != "fingerprint"}
