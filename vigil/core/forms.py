"""Forms for the partnership's configuration and closure days."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.core import clock_kinds
from vigil.core.bank_holidays import REGIONS
from vigil.core.clocks import COUNTS, DEFAULT_RULES, LONGEST
from vigil.screening.instruments import INSTRUMENTS

COUNT_LABELS = {
    "working-days": "working days",
    "working-hours": "working hours",
    "calendar-hours": "hours (around the clock)",
}


class PartnershipForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(max_length=200, label="Partnership name")
    front_door_name = forms.CharField(
        max_length=200,
        label="Front door (MASH) name",
        help_text="The name people know the multi-agency front door by.",
    )
    front_door_phone = forms.CharField(max_length=40, label="Front door phone number")
    out_of_hours_phone = forms.CharField(max_length=40, label="Out-of-hours phone number")
    referral_url = forms.URLField(
        required=False, label="Online referral address (optional)", assume_scheme="https"
    )
    emergency_instruction = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What to do when a child is at immediate risk",
        help_text="Shown first whenever someone says a child may be at immediate risk of harm.",
    )
    opening_from = forms.TimeField(label="The front door opens at", help_text="For example, 09:00.")
    opening_to = forms.TimeField(label="and closes at", help_text="For example, 17:00.")
    holiday_region = forms.ChoiceField(
        choices=list(REGIONS.items()), label="Bank holidays", widget=forms.RadioSelect
    )
    screening_instrument = forms.ChoiceField(
        choices=[(i.id, f"{i.title} ({i.id})") for i in INSTRUMENTS.values()],
        label="CSE screening instrument",
        help_text=(
            "Used for screenings started from now on. Screenings already made keep the "
            "instrument they were made with."
        ),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, rule in DEFAULT_RULES.items():
            self.fields[f"clock_{kind}_n"] = forms.IntegerField(
                min_value=1,
                max_value=LONGEST,
                label=f"{clock_kinds.label(kind)}: length",
                help_text=f"Default: {rule.n} {COUNT_LABELS[rule.counts]}.",
            )
            self.fields[f"clock_{kind}_counts"] = forms.ChoiceField(
                choices=[(c, COUNT_LABELS[c]) for c in COUNTS],
                label=f"{clock_kinds.label(kind)}: counted in",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opening_from"), data.get("opening_to")
        if opens and closes and opens >= closes:
            self.add_error("opening_to", "The closing time must be after the opening time.")
        return data

    def clock_rules(self) -> dict[str, dict[str, object]]:
        data = self.cleaned_data
        return {
            kind: {"counts": data[f"clock_{kind}_counts"], "n": data[f"clock_{kind}_n"]}
            for kind in DEFAULT_RULES
        }

    def settings(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if not k.startswith("clock_") and k != "version"
        }

    def clock_field_pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"clock_{kind}_n"], self[f"clock_{kind}_counts"]) for kind in DEFAULT_RULES]

    def setting_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("clock_")]


def initial_clock_fields(rules: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for kind, rule in DEFAULT_RULES.items():
        override = rules.get(kind) or {}
        initial[f"clock_{kind}_n"] = override.get("n", rule.n)
        initial[f"clock_{kind}_counts"] = override.get("counts", rule.counts)
    return initial


class ClosureForm(forms.Form):
    description = forms.CharField(
        max_length=200,
        label="What is it?",
        help_text="For example, Christmas holidays or a training day.",
    )
    first_day = forms.DateField(label="First day", help_text="For example, 21/12/2026.")
    last_day = forms.DateField(
        label="Last day", help_text="The same as the first day for a single day."
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", "The last day must be the same as or after the first day.")
        return data
