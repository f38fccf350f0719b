"""The briefing pages' forms: they collect what was typed; the services check the rest (with
the same messages, so that every problem is listed at once)."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from vigil.accounts.models import OrganisationKind, Role
from vigil.web.forms import GovukDateInput

MARKDOWN_HINT = (
    "Write in Markdown: a blank line between paragraphs; ## before a heading; - before each "
    "item of a list; 1. before each step; **bold**; [words](https://address) for a link. "
    "Scripts, styles and images are removed. Changing the text publishes a new version, which "
    "everyone in the audience is asked to read again."
)


class BriefingForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        error_messages={
            "required": "Enter the briefing's title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    body = forms.CharField(
        label="Text",
        help_text=MARKDOWN_HINT,
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "true"}),
        error_messages={"required": "Enter the briefing's text"},
    )
    questions = forms.CharField(
        label="Reflective questions (optional)",
        help_text="One question a line, up to 10. Each person may answer them privately, for "
        "their own development record: nobody else reads their answers.",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    audience_roles = forms.MultipleChoiceField(
        label="Who is it for?",
        help_text="People with any of these roles at an organisation of a kind selected below.",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the roles the briefing is for",
            "invalid_choice": "Select the roles the briefing is for",
        },
    )
    audience_kinds = forms.MultipleChoiceField(
        label="At which kinds of organisation?",
        choices=OrganisationKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select the kinds of organisation the briefing is for",
            "invalid_choice": "Select the kinds of organisation the briefing is for",
        },
    )
    must_read_by = forms.DateField(
        label="Must be read by (optional)",
        help_text="With a date, everyone in the audience who has not read it is asked to, each "
        "time they sign in, until they have. For example, 31 1 2027",
        widget=GovukDateInput,
        required=False,
        error_messages={"invalid": "Enter the date as a day, a month and a year"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def briefing_fields(self) -> dict[str, Any]:
        """The cleaned values, as the services take them."""
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["questions"] = (data.get("questions") or "").splitlines()
        return data


class ConfirmReadForm(forms.Form):
    """ "I have read and understood": the version the person read travels with it."""

    version_id = forms.UUIDField(widget=forms.HiddenInput)


class ReflectionForm(forms.Form):
    answer = forms.CharField(
        label="Your answer",
        help_text="Only you can read this. It is kept in your development record, where you "
        "can change it at any time.",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        error_messages={"required": "Write your answer"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReportVersionForm(forms.Form):
    """Which version's readers a report lists (a GET form: the page works without scripts)."""

    version = forms.TypedChoiceField(label="Version", coerce=int, required=False)

    def __init__(self, *args: Any, numbers: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["version"])
        field.choices = [(n, f"Version {n}") for n in numbers]

    def number(self) -> int | None:
        if self.is_valid():
            return self.cleaned_data.get("version") or None
        return None
