"""The missing-episode pages' forms: they collect what was typed (a date and a time become one
moment in UK time); the services check the rest, with the same messages as the API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone

from vigil.core.calendar import LONDON
from vigil.missing import rules
from vigil.missing.checks import Problems
from vigil.web.forms import GovukDateInput

YES_NO = [("yes", "Yes"), ("no", "No")]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H%M"]


def _time(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="In UK time, 24-hour clock. For example, 21:30",
        input_formats=TIME_FORMATS,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter the time, for example 21:30",
            "invalid": "Enter the time as hours and minutes, for example 21:30",
        },
    )


def _date(label: str, what: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text="For example, 21 11 2026",
        widget=GovukDateInput,
        error_messages={
            "required": f"Enter the date {what}",
            "invalid": f"Enter the date {what} as a real date, for example 21 11 2026",
        },
    )


def _text(label: str, longest: int, hint: str = "", missing: str = "") -> forms.CharField:
    """A line of text; `missing` is the message when it is required and left empty."""
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(missing),
        max_length=longest,
        error_messages={
            "required": missing,
            "max_length": f"This must be {longest:,} characters or fewer",
        },
    )


def _area(label: str, hint: str = "", rows: int = 4, missing: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        required=bool(missing),
        max_length=rules.LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": missing,
            "max_length": f"This must be {rules.LONG_TEXT:,} characters or fewer",
        },
    )


def _moment(data: dict[str, Any], day: str, clock: str) -> datetime | None:
    if data.get(day) is None or data.get(clock) is None:
        return None
    return datetime.combine(data[day], data[clock], tzinfo=LONDON)


def _past(form: forms.Form, data: dict[str, Any], day: str, clock: str, what: str) -> None:
    """The service's check that a moment has happened, made here too so that every problem
    is listed at once (the service checks again, and the rest)."""
    moment = _moment(data, day, clock)
    if moment is not None:
        problems = Problems()
        problems.moment(day, moment, what=what, now=timezone.now())
        for field, message in problems.found.items():
            form.add_error(field, message)


class RiskForm(forms.Form):
    immediate_risk = forms.ChoiceField(
        label="Could the child be at immediate risk of harm?",
        help_text="For example: missing overnight, very young, known to be with someone who may "
        "harm them, unwell or in need of medication.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if the child could be at immediate risk of harm"},
    )


class EpisodeForm(forms.Form):
    immediate_risk = forms.ChoiceField(choices=YES_NO, widget=forms.HiddenInput)
    missing_on = _date("When did the child go missing?", "the child went missing")
    missing_time = _time("At what time?")
    missing_from = _text(
        "Where did they go missing from?",
        rules.SHORT_TEXT,
        "For example: home, their foster placement, school, a family visit.",
        missing="Enter where the child went missing from",
    )
    reported_by = _text(
        "Who reported them missing?",
        rules.SHORT_TEXT,
        "Their name and who they are to the child, for example Sam Example, foster carer.",
        missing="Enter who reported the child missing",
    )
    police_reference = _text(
        "Police reference (optional)",
        rules.POLICE_REFERENCE,
        "If the child was reported to the police: the log or incident number they gave.",
    )
    note = _area(
        "Anything else to record (optional)",
        "Facts only: what is known about where they may be and who they may be with.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _past(self, data, "missing_on", "missing_time", "when the child went missing")
        return data

    def episode_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "immediate_risk": data["immediate_risk"] == "yes",
            "missing_since": _moment(data, "missing_on", "missing_time"),
            **{k: data[k] for k in ("missing_from", "reported_by", "police_reference", "note")},
        }


class ReturnForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    returned_on = _date("When did the child return?", "the child returned")
    returned_time = _time("At what time?")
    found_at = _text(
        "Where were they found, or where did they return to?",
        rules.SHORT_TEXT,
        "For example: came home on their own, found by police at Example Park.",
        missing="Enter where the child was found or returned to",
    )
    returned_with = _text(
        "Who were they with? (optional)",
        rules.SHORT_TEXT,
        "Names and descriptions of anyone with them, or returned alone.",
    )
    condition = _area(
        "Their condition and health on return",
        "Injuries, tiredness, intoxication, new items or clothes, anything they needed. "
        "Write “No concerns noted” if there were none.",
        missing="Enter the child's condition and health on return",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _past(self, data, "returned_on", "returned_time", "when the child returned")
        return data

    def return_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "version": data["version"],
            "returned_at": _moment(data, "returned_on", "returned_time"),
            **{k: data[k] for k in ("found_at", "returned_with", "condition")},
        }


class InterviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label="What happened?",
        choices=list(rules.OUTCOMES.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the interview was offered, declined or held"},
    )
    happened_on = _date("When?", "it happened")
    happened_time = _time("At what time?")
    interviewer = _text(
        "The independent person's name",
        rules.SHORT_TEXT,
        "Someone who is not the child's carer, teacher or social worker.",
        missing="Enter the independent person's name",
    )
    interviewer_role = _text(
        "Their organisation or role",
        rules.SHORT_TEXT,
        "For example: return home interview worker, Example Children's Charity.",
        missing="Enter their organisation or role",
    )
    childs_words = _area(
        "What the child said, in their own words (optional)",
        "Write down exactly what the child said, including why they declined if they did.",
        rows=5,
    )
    push_factors = forms.MultipleChoiceField(
        label="What pushed the child away? (push factors)",
        help_text="Only when the interview was held. Select all that the child described.",
        choices=list(rules.PUSH_FACTORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    push_other = _text(
        "Another push factor", rules.SHORT_TEXT, "When you selected “Something else”."
    )
    pull_factors = forms.MultipleChoiceField(
        label="What drew the child away? (pull factors)",
        help_text="Only when the interview was held. Select all that the child described.",
        choices=list(rules.PULL_FACTORS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pull_other = _text(
        "Another pull factor", rules.SHORT_TEXT, "When you selected “Something else”."
    )
    disclosures = _area(
        "Did the child disclose harm or a risk of harm? (optional)",
        "What they disclosed, as they said it. You can then record a concern from it.",
        rows=5,
    )
    note = _area("Anything else to record (optional)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _past(self, data, "happened_on", "happened_time", "when it happened")
        problems = Problems()
        for side, known in (("push", rules.PUSH_FACTORS), ("pull", rules.PULL_FACTORS)):
            chosen, other = data.get(f"{side}_factors") or [], data.get(f"{side}_other") or ""
            problems.factors(f"{side}_factors", chosen, other, known, f"{side}_other")
            if (chosen or other) and data.get("outcome") not in (None, rules.DONE):
                problems.add(f"{side}_factors", rules.ONLY_WHEN_HELD)
        for field, message in problems.found.items():
            self.add_error(field, message)
        return data

    def interview_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["happened_at"] = _moment(data, "happened_on", "happened_time")
        for name in ("happened_on", "happened_time"):
            data.pop(name)
        return data


class SettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    repeat_episodes = forms.IntegerField(
        label="Flag when a child has this many episodes or more",
        min_value=2,
        max_value=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a whole number of episodes from 2 to 20",
            "invalid": "Enter a whole number of episodes from 2 to 20",
            "min_value": "Enter a whole number of episodes from 2 to 20",
            "max_value": "Enter a whole number of episodes from 2 to 20",
        },
    )
    repeat_days = forms.IntegerField(
        label="within this many days",
        help_text="Counted in calendar days, the first and last day included. Default: 3 "
        "episodes within 90 days.",
        min_value=1,
        max_value=366,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a whole number of days from 1 to 366",
            "invalid": "Enter a whole number of days from 1 to 366",
            "min_value": "Enter a whole number of days from 1 to 366",
            "max_value": "Enter a whole number of days from 1 to 366",
        },
    )
