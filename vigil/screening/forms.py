"""The screening pages' forms: they collect what was typed; the services check the rest."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any, cast

from django import forms

from vigil.children.chronology_html import london
from vigil.children.models import ChronologyEntry
from vigil.screening import catalogue, wording
from vigil.screening.models import Basis, Level
from vigil.screening.selectors import Suggestion
from vigil.web.forms import GovukDateInput

YES_NO = [("yes", "Yes"), ("no", "No")]
NEW_NOTE = ""


def _sign_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The counted signs, by group: monitoring items are never offered as signs."""
    return [
        (group.title, [(i.id, i.label) for i in catalogue.in_group(group.code) if i.counted])
        for group in catalogue.GROUPS
    ]


class ObservationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    indicator = forms.ChoiceField(
        label="Which sign?",
        help_text="The guidance for each sign is under Know the signs.",
        choices=[("", "Choose a sign"), *_sign_choices()],
    )
    observed_on = forms.DateField(
        label="When was it seen?", help_text="For example, 21 11 2026", widget=GovukDateInput
    )
    basis = forms.ChoiceField(
        label="What is it based on?",
        choices=Basis.choices,
        initial=Basis.EVIDENCE,
        widget=forms.RadioSelect,
    )
    entry_id = forms.ChoiceField(
        label="What supports it?",
        help_text="An entry already on the child's chronology, or a new note below.",
        required=False,
    )
    note = forms.CharField(
        label="New note (when no entry supports it yet)",
        help_text="What was seen or said, and by whom. It goes on the child's chronology.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args: Any, entries: list[ChronologyEntry], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["entry_id"])
        field.choices = [(NEW_NOTE, "None yet: I will write a new note")] + [
            (str(e.pk), f"{london(e.occurred_at)}: {e.title}") for e in entries
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["entry_id"] = uuid.UUID(data["entry_id"]) if data.get("entry_id") else None
        return data


class SuggestionsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    picks = forms.MultipleChoiceField(
        label="Signs recorded on the child's concerns",
        help_text="Select each sign you confirm. Each cites the concern it was recorded on.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, suggestions: list[Suggestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["picks"])
        field.choices = [
            (
                s.key,
                f"{s.indicator.label}: {s.observed_on:%-d %B %Y} ({s.source} {s.concern_reference})",
            )
            for s in suggestions
        ]
        field.initial = [s.key for s in suggestions]

    def picked(self) -> list[tuple[str, date, uuid.UUID]]:
        picks = []
        for key in self.cleaned_data["picks"]:
            indicator, day, entry_id = key.split("|")
            picks.append((indicator, date.fromisoformat(day), uuid.UUID(entry_id)))
        return picks


class ComputeForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    immediate_risk = forms.ChoiceField(
        label="Is the child at immediate risk of harm?",
        help_text="If yes, call the police on 999 now, then compute the level.",
        choices=YES_NO,
        widget=forms.RadioSelect,
    )


class JudgementForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    level = forms.ChoiceField(
        label="What level of risk do you judge it to be?",
        help_text="The computed level is advice: your professional judgement decides.",
        choices=[(level.value, wording.level_name(level.value)) for level in reversed(Level)],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Your reasons",
        help_text="Needed when your level differs from the computed one. A level below it "
        "needs a manager's or another DSL's sign-off.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class SignOffForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.ChoiceField(
        label="Do you agree with the judgement?",
        choices=[("yes", "Yes, sign it off"), ("no", "No, return it to the assessor")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Your reasons", widget=forms.Textarea(attrs={"rows": 3}), required=True
    )


class VersionForm(forms.Form):
    """A button that changes the screening: it carries the version it was shown at."""

    version = forms.IntegerField(widget=forms.HiddenInput)
