"""The referrer's forms: the draft referral (built from the form as data, `form.py`), the
route it goes by, withdrawing, following up or challenging, and the list's filter.

They collect what was typed; the services check the rest. A draft keeps whatever is typed, so
no answer is required here: only a value that could never be right (a date that is not one,
a choice not on the list) is refused, and sending names each answer still missing.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms

from vigil.referrals import form, workflow
from vigil.referrals.models import Route
from vigil.web.forms import GovukDateInput

STALE = "This page is out of date: open the referral again and try again"
# When an answer that depends on another one is needed: shown as its hint, always (the form
# works without JavaScript, so every question is on the page).
NEEDED_WHEN = {
    "basis_other": "Needed when you select “Other” as a basis of concern.",
    "violence_details": "Needed when the child has experienced violence.",
    "parents_not_told_reason": "Needed when the parents or carers have not been told.",
    "parents_not_told_other": "Needed when the reason is another reason.",
    "young_person_not_told_reason": "Needed when the young person has not been told.",
    "young_person_not_told_other": "Needed when the reason is another reason.",
}
DATE_HINT = "For example, 27 3 2012"


def needed_when(spec: form.Field) -> str:
    if spec.required_when is None:
        return ""
    if spec.name in NEEDED_WHEN:
        return NEEDED_WHEN[spec.name]
    other, values = spec.required_when
    chosen = " or ".join(f"“{form.choice_label(other, v)}”" for v in sorted(values))
    return f"Needed when “{form.FIELDS[other].label}” is {chosen}."


def _hint(spec: form.Field) -> str:
    parts = [spec.hint, DATE_HINT if spec.kind == "date" else "", needed_when(spec)]
    return " ".join(part for part in parts if part)


def answer_field(spec: form.Field) -> forms.Field:
    """The Django field for one answer of the referral form: never required in a draft."""
    common: dict[str, Any] = {"label": spec.label, "required": False, "help_text": _hint(spec)}
    if spec.kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), **common)
    if spec.kind == "email":
        return forms.CharField(widget=forms.EmailInput(attrs={"spellcheck": "false"}), **common)
    if spec.kind == "date":
        wrong = {"invalid": f"{spec.label} must be a real date"}
        return forms.DateField(widget=GovukDateInput, error_messages=wrong, **common)
    unknown = {"invalid_choice": f"{spec.label}: choose from the list"}
    if spec.kind == "choice":
        return forms.ChoiceField(
            choices=spec.choices, widget=forms.RadioSelect, error_messages=unknown, **common
        )
    if spec.kind == "multi":
        return forms.MultipleChoiceField(
            choices=spec.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages=unknown,
            **common,
        )
    return forms.CharField(**common)


def _stored(value: object) -> object:
    """An answer as the referral keeps it: text, a list of choices, or an ISO date."""
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return value


class ReferralDraftForm(forms.Form):
    """The whole referral form on one page: the route, then every section's answers."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": STALE})
    route = forms.ChoiceField(
        label="Where is the referral going?",
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": "Select a route that is still in use"},
    )

    def __init__(self, *args: Any, routes: list[Route], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.routes = routes
        cast(forms.ChoiceField, self.fields["route"]).choices = [(r.code, r.name) for r in routes]
        for name, spec in form.FIELDS.items():
            self.fields[name] = answer_field(spec)

    def answers(self) -> dict[str, object]:
        """Every answer on the page, as typed: a question left blank is kept blank (an
        unticked box is absent from the post, so it is given here as none ticked)."""
        return {name: _stored(self.cleaned_data.get(name)) for name in form.FIELDS}

    def route_chosen(self) -> Route | None:
        code = self.cleaned_data.get("route")
        return next((route for route in self.routes if route.code == code), None)

    def route_options(self) -> list[tuple[Any, Route]]:
        """Each route's radio with the route, for its receiver and description."""
        return list(zip(self["route"], self.routes, strict=True))

    def sections(self) -> list[dict[str, Any]]:
        """The page's fieldsets: each section's questions, in the form's order."""
        return [
            {
                "title": section.title,
                "questions": [
                    {
                        "field": self[spec.name],
                        "kind": spec.kind,
                        "optional": not spec.required and spec.required_when is None,
                    }
                    for spec in section.fields
                ],
            }
            for section in form.SECTIONS
        ]


def _shown_date(value: object) -> object:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return value


def draft_initial(answers: dict[str, Any], version: int, route: Route) -> dict[str, Any]:
    """What the draft page shows: the saved answers (dates as dates, shown as day, month and
    year), with the form's defaults."""
    shown = {
        name: _shown_date(value) if form.FIELDS[name].kind == "date" and value else value
        for name, value in answers.items()
        if name in form.FIELDS
    }
    return {**form.DEFAULTS, **shown, "version": version, "route": route.code}


class StartForm(forms.Form):
    """Starting a draft: the concern it follows and the route, both optional."""

    concern = forms.UUIDField(required=False)
    route = forms.SlugField(required=False)


def _reason(label: str, hint: str, missing: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": missing},
    )


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": STALE})
    reason = _reason(
        "Why are you withdrawing the referral?",
        "The front door is told, with your reason. It goes on the child's chronology.",
        "Enter why you are withdrawing the referral",
    )


class ChallengeForm(forms.Form):
    reason = _reason(
        "What do you want the front door to look at again, and why?",
        "For example, no outcome has arrived in time, or you disagree with the rating or "
        "the decision. A manager at the front door answers it.",
        "Enter what you want looked at again, and why",
    )


class ListFilterForm(forms.Form):
    """The list's filter (GET). A value that is not on the list is ignored."""

    state = forms.ChoiceField(
        label="State",
        required=False,
        choices=[("", "Any state"), *workflow.STATES.items()],
    )

    def state_chosen(self) -> str:
        return (self.cleaned_data.get("state") or "") if self.is_valid() else ""
