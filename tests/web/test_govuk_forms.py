"""The form renderer turns every standard Django field into the GOV.UK component."""

from __future__ import annotations

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import get_default_renderer

from vigil.web.forms import GovukBoundField, GovukDateInput, GovukFormRenderer


class ConcernForm(forms.Form):
    name = forms.CharField(help_text="Full name, not initials")
    email = forms.EmailField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(attrs={"placeholder": "Password"}))
    count = forms.IntegerField()
    details = forms.CharField(widget=forms.Textarea)
    setting = forms.ChoiceField(choices=[("school", "School"), ("home", "Home")])
    risk = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, help_text="Pick one"
    )
    signs = forms.MultipleChoiceField(
        choices=[("missing", "Going missing"), ("money", "Unexplained money")],
        widget=forms.CheckboxSelectMultiple,
    )
    confirm = forms.BooleanField(label="I confirm this is accurate")
    seen_on = forms.DateField(widget=GovukDateInput, help_text="For example, 27 3 2026")
    seen_at = forms.TimeField(required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def element(html: str, tag: str, element_id: str) -> str:
    """The opening tag of the element with this id."""
    match = re.search(rf"<{tag}\b[^>]*\bid=\"{re.escape(element_id)}\"[^>]*>", html)
    assert match, f"no <{tag} id={element_id}> in:\n{html}"
    return match.group(0)


@pytest.fixture
def invalid() -> ConcernForm:
    form = ConcernForm(data={"name": "", "count": "lots", "seen_on_day": "31"})
    assert not form.is_valid()
    return form


def test_it_is_the_project_renderer_and_bound_field() -> None:
    assert isinstance(get_default_renderer(), GovukFormRenderer)
    assert isinstance(ConcernForm()["name"], GovukBoundField)


def test_text_input_has_label_hint_and_describedby() -> None:
    html = str(ConcernForm())
    assert '<label class="govuk-label govuk-label--s" for="id_name">Name</label>' in html
    assert '<div id="id_name-hint" class="govuk-hint">Full name, not initials</div>' in html
    name = element(html, "input", "id_name")
    assert 'class="govuk-input"' in name
    assert 'aria-describedby="id_name-hint"' in name


def test_error_message_and_error_classes(invalid: ConcernForm) -> None:
    html = str(invalid)
    assert (
        '<p id="id_name-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
    ) in html
    name = element(html, "input", "id_name")
    assert "govuk-input--error" in name
    assert 'aria-describedby="id_name-hint id_name-error"' in name
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert "govuk-textarea--error" in element(html, "textarea", "id_details")


def test_optional_fields_say_so() -> None:
    html = str(ConcernForm())
    assert 'for="id_email">Email (optional)</label>' in html
    assert 'for="id_name">Name</label>' in html


def test_email_and_password_inputs() -> None:
    html = str(ConcernForm())
    email = element(html, "input", "id_email")
    assert 'type="email"' in email
    assert 'autocomplete="email"' in email
    assert 'spellcheck="false"' in email
    password = element(html, "input", "id_password")
    assert 'type="password"' in password
    assert "govuk-password-input__input" in password
    assert 'autocomplete="current-password"' in password
    assert "placeholder" not in password  # GOV.UK: no placeholder text
    assert 'data-module="govuk-password-input"' in html
    assert 'aria-controls="id_password"' in html


def test_number_is_a_text_input_with_a_numeric_keyboard() -> None:
    count = element(str(ConcernForm()), "input", "id_count")
    assert 'type="text"' in count
    assert 'inputmode="numeric"' in count
    assert "min=" not in count
    assert "step=" not in count


def test_number_still_validates() -> None:
    form = ConcernForm(data={"count": "lots"})
    form.is_valid()
    assert form.errors["count"] == ["Enter a whole number."]


def test_select() -> None:
    assert 'class="govuk-select"' in element(str(ConcernForm()), "select", "id_setting")


def test_radios_in_a_fieldset_with_legend(invalid: ConcernForm) -> None:
    html = str(invalid)
    fieldset = re.search(
        r'<fieldset class="govuk-fieldset"[^>]*>\s*<legend[^>]*>Risk</legend>', html
    )
    assert fieldset, html
    assert 'aria-describedby="id_risk-hint id_risk-error"' in fieldset.group(0)
    assert 'data-module="govuk-radios"' in html
    yes = element(html, "input", "id_risk_0")
    assert 'type="radio"' in yes
    assert 'class="govuk-radios__input"' in yes
    assert '<label class="govuk-label govuk-radios__label" for="id_risk_0">Yes</label>' in html


def test_checkboxes_in_a_fieldset() -> None:
    html = str(ConcernForm())
    assert re.search(r"<fieldset[^>]*>\s*<legend[^>]*>Signs</legend>", html)
    box = element(html, "input", "id_signs_1")
    assert 'type="checkbox"' in box
    assert 'class="govuk-checkboxes__input"' in box
    assert 'for="id_signs_1">Unexplained money</label>' in html


def test_single_checkbox_for_a_boolean() -> None:
    html = str(ConcernForm())
    box = element(html, "input", "id_confirm")
    assert 'class="govuk-checkboxes__input"' in box
    assert (
        '<label class="govuk-label govuk-checkboxes__label" for="id_confirm">'
        "I confirm this is accurate</label>"
    ) in html


def test_date_input_renders_day_month_year(invalid: ConcernForm) -> None:
    html = str(invalid)
    assert '<div class="govuk-date-input" id="id_seen_on">' in html
    day = element(html, "input", "id_seen_on_0")
    assert 'name="seen_on_day"' in day
    assert 'inputmode="numeric"' in day
    assert "govuk-input--width-2" in day
    assert "govuk-input--error" in day
    assert "govuk-input--width-4" in element(html, "input", "id_seen_on_2")
    assert 'for="id_seen_on_1">Month</label>' in html


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("7", "3", "2026", datetime.date(2026, 3, 7)),
        (" 07", "03 ", "2026", datetime.date(2026, 3, 7)),
    ],
)
def test_date_input_parses(day: str, month: str, year: str, expected: datetime.date) -> None:
    form = ConcernForm(data={"seen_on_day": day, "seen_on_month": month, "seen_on_year": year})
    form.is_valid()
    assert form.cleaned_data["seen_on"] == expected


@pytest.mark.parametrize(
    ("parts", "error"),
    [
        ({}, "This field is required."),
        (
            {"seen_on_day": "31", "seen_on_month": "2", "seen_on_year": "2026"},
            "Enter a valid date.",
        ),
        ({"seen_on_day": "3", "seen_on_year": "2026"}, "Enter a valid date."),
    ],
)
def test_date_input_rejects(parts: dict[str, str], error: str) -> None:
    form = ConcernForm(data=parts)
    form.is_valid()
    assert form.errors["seen_on"] == [error]


def test_date_input_shows_a_stored_date() -> None:
    html = str(ConcernForm(initial={"seen_on": datetime.date(2026, 3, 7)}))
    assert 'value="7"' in element(html, "input", "id_seen_on_0")
    assert 'value="2026"' in element(html, "input", "id_seen_on_2")


def test_time_input() -> None:
    assert 'class="govuk-input"' in element(str(ConcernForm()), "input", "id_seen_at")


def test_hidden_fields_are_plain_hidden_inputs() -> None:
    html = str(ConcernForm())
    token = element(html, "input", "id_token")
    assert 'type="hidden"' in token
    assert "govuk-" not in token


def test_a_widget_keeps_its_own_classes() -> None:
    class Narrow(forms.Form):
        postcode = forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    postcode = element(str(Narrow()), "input", "id_postcode")
    assert 'class="govuk-input govuk-input--width-10"' in postcode


def test_a_page_can_give_its_own_label_and_hint() -> None:
    from django.template.loader import render_to_string

    form = ConcernForm()
    html = render_to_string(
        "govuk/forms/field.html",
        {"field": form["name"], "label": "Full name of the child", "hint": "As on the school roll"},
    )
    assert "Full name of the child</label>" in html
    assert '<div id="id_name-hint" class="govuk-hint">As on the school roll</div>' in html
    assert 'aria-describedby="id_name-hint"' in element(html, "input", "id_name")


def test_question_with_label_as_page_heading() -> None:
    from django.template.loader import render_to_string

    class Code(forms.Form):
        code = forms.CharField()

    form = Code(data={"code": ""})
    form.is_valid()
    html = render_to_string(
        "govuk/forms/question.html",
        {
            "field": form["code"],
            "heading": True,
            "label": "Enter the code",
            "hint": "6 digits",
            "input_class": "govuk-input--width-10",
            "inputmode": "numeric",
        },
    )
    assert re.search(
        r'<h1 class="govuk-label-wrapper"><label class="govuk-label govuk-label--l" for="id_code">Enter the code</label></h1>',
        html,
    )
    code = element(html, "input", "id_code")
    assert "govuk-input govuk-input--width-10 govuk-input--error" in code
    assert 'inputmode="numeric"' in code
    assert 'aria-describedby="id_code-hint id_code-error"' in code
