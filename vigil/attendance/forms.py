"""The attendance pages' forms: they collect what was typed; the services check the rest."""

from __future__ import annotations

from typing import Any

from django import forms

from vigil.attendance.models import FlagKind, FlagState
from vigil.attendance.patterns import LIMITS, Thresholds


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Upload the attendance file",
        help_text="A CSV file saved as UTF-8, with the header upn,date,session,code.",
        error_messages={
            "required": "Choose the attendance file to import",
            "empty": "The file you chose is empty: choose the school's attendance file",
        },
    )


class FlagFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Pattern", choices=[("", "Any pattern"), *FlagKind.choices], required=False
    )
    state = forms.ChoiceField(
        label="State", choices=[*FlagState.choices, ("all", "Any state")], required=False
    )

    def chosen(self) -> tuple[str, str]:
        """The pattern and the state to list (open flags unless another state is chosen)."""
        if not self.is_valid():
            return "", FlagState.OPEN
        state = self.cleaned_data["state"] or FlagState.OPEN
        return self.cleaned_data["kind"], "" if state == "all" else state


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DismissForm(VersionForm):
    reason = forms.CharField(
        label="Why does this flag need no more action?",
        help_text="For example: the absence is explained and agreed with the family, or the "
        "child has been referred to the education welfare service. It goes on the child's "
        "chronology.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the flag needs no more action"},
    )


def _number(label: str, name: str, hint: str) -> forms.IntegerField:
    low, high = LIMITS[name]
    message = f"Enter a whole number from {low} to {high}"
    return forms.IntegerField(
        label=label,
        help_text=hint,
        min_value=low,
        max_value=high,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class ThresholdsForm(VersionForm):
    persistent_sessions = _number(
        "Sessions looked at for persistent absence",
        "persistent_sessions",
        "The child's latest sessions with marks (60 is six school weeks).",
    )
    persistent_percent = _number(
        "Attendance under which absence is persistent (%)",
        "persistent_percent",
        "Of the possible sessions among them. The national measure is 90%.",
    )
    persistent_minimum = _number(
        "Possible sessions needed before persistent absence is flagged",
        "persistent_minimum",
        "So that a child who has just joined the school is not flagged on a few sessions.",
    )
    part_day_count = _number(
        "Part-day absences that raise a flag",
        "part_day_count",
        "Days when the child attended one session and was absent from the other.",
    )
    part_day_days = _number(
        "Within how many days",
        "part_day_days",
        "Counted back from today: 28 is four weeks.",
    )

    def thresholds(self) -> Thresholds:
        data: dict[str, Any] = self.cleaned_data
        return Thresholds(**{name: data[name] for name in LIMITS})
