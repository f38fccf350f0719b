"""Django forms rendered as GOV.UK Design System components.

`GovukFormRenderer` (settings.FORM_RENDERER) makes `{{ form }}` and `{{ field.as_field_group }}`
render GOV.UK form groups: label or legend, hint, error message and the input, with the ids and
`aria-describedby` the Design System documents (`<id>-hint`, `<id>-error`). The markup lives in
templates/govuk/forms/; the attributes each input needs (its GOV.UK class, error state,
autocomplete) are added here, by `GovukBoundField`, so that the templates stay small.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates

# The GOV.UK class of each kind of input, and its error modifier.
_INPUT_CLASSES: list[tuple[type[forms.Widget], str, str]] = [
    (forms.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input", ""),
    (forms.RadioSelect, "govuk-radios__input", ""),
    (forms.CheckboxInput, "govuk-checkboxes__input", ""),
    (forms.Select, "govuk-select", "govuk-select--error"),
    (forms.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (widgets.Input, "govuk-input", "govuk-input--error"),
]

# Sensible autocomplete tokens for the names that say what a field holds (WCAG 1.3.5).
# Child and case data are deliberately absent: a browser should not offer to fill those.
# (bandit reads "current-password" as a secret: it is an autocomplete token.)
_AUTOCOMPLETE = {
    "username": "username",
    "login": "username",
    "password": "current-password",  # nosec B105
    "oldpassword": "current-password",  # nosec B105
    "old_password": "current-password",  # nosec B105
    "password1": "new-password",
    "password2": "new-password",
    "new_password1": "new-password",
    "new_password2": "new-password",
    "email": "email",
    "first_name": "given-name",
    "last_name": "family-name",
    "telephone": "tel",
    "phone": "tel",
}


def _add_class(attrs: dict[str, Any], *names: str) -> None:
    """Append CSS classes to attrs["class"], keeping those already there."""
    classes = " ".join([attrs.get("class", ""), *names]).split()
    attrs["class"] = " ".join(dict.fromkeys(classes))


class GovukBoundField(BoundField):
    """A bound field whose widget carries the GOV.UK classes, ids and ARIA attributes."""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def aria_describedby(self) -> str | None:
        if self.field.widget.attrs.get("aria-describedby"):
            return None
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(self.hint_id)
            if self.errors:
                ids.append(self.error_id)
        return " ".join(ids)

    @property
    def anchor_id(self) -> str:
        """The id an error summary links to: the input itself, or the first of a group."""
        if self.field.widget.use_fieldset and self.auto_id:
            return f"{self.auto_id}_0"
        return self.id_for_label or self.auto_id or ""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: Any = None) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden or isinstance(widget, forms.MultiWidget):
            return attrs
        for widget_class, css_class, error_class in _INPUT_CLASSES:
            if isinstance(widget, widget_class):
                # attrs given here replace the widget's own: keep its classes (widths) too.
                given, own = str(attrs.pop("class", "")), str(widget.attrs.get("class", ""))
                _add_class(attrs, css_class, own, given, error_class if self.errors else "")
                break
        if isinstance(widget, forms.PasswordInput):
            # The GOV.UK password input, whose "Show" button needs these hooks.
            _add_class(attrs, "govuk-password-input__input govuk-js-password-input-input")
            attrs.update(spellcheck="false", autocapitalize="none")
        # GOV.UK: placeholder text is not a label and disappears as people type.
        attrs["placeholder"] = False
        autocomplete = _AUTOCOMPLETE.get(self.name)
        if autocomplete and "autocomplete" not in widget.attrs:
            attrs.setdefault("autocomplete", autocomplete)
        if isinstance(widget, forms.EmailInput) or self.name in {"username", "login"}:
            attrs.setdefault("spellcheck", "false")
        return attrs

    def as_widget(self, widget: Any = None, attrs: Any = None, only_initial: bool = False) -> Any:
        # GOV.UK: a number is typed into a text input with a numeric keyboard, never
        # <input type="number">, which changes the value on scrolling and rounds long numbers.
        widget = widget or self.field.widget
        if isinstance(widget, forms.NumberInput):
            kept = {k: v for k, v in widget.attrs.items() if k not in {"min", "max", "step"}}
            integer = isinstance(self.field, forms.IntegerField)
            kept.setdefault("inputmode", "numeric" if integer else "decimal")
            widget = forms.TextInput(attrs=kept)
        return super().as_widget(widget, attrs, only_initial)


class GovukFormRenderer(DjangoTemplates):
    """The project's form renderer (settings.FORM_RENDERER): GOV.UK markup for every form."""

    form_template_name = "govuk/forms/form.html"
    formset_template_name = "govuk/forms/formset.html"
    field_template_name = "govuk/forms/field.html"
    bound_field_class = GovukBoundField


class GovukDateInput(forms.MultiWidget):
    """A date asked as the GOV.UK date input: day, month and year in three boxes.

    Use with a `forms.DateField`: the parts are joined as `YYYY-MM-DD`, which DateField
    parses; an incomplete or impossible date fails its usual validation.
    """

    template_name = "govuk/forms/widgets/date_input.html"
    parts = (("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4))

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        boxes: dict[str, forms.Widget | type[forms.Widget]] = {
            name: forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})
            for name, _label, _width in self.parts
        }
        super().__init__(boxes, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = (
            (part or "").strip() for part in super().value_from_datadict(data, files, name)
        )
        if not (day or month or year):
            return None
        return f"{year}-{month}-{day}"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        has_error = context["widget"]["attrs"].get("aria-invalid") == "true"
        for subwidget, (_name, label, width) in zip(
            context["widget"]["subwidgets"], self.parts, strict=True
        ):
            subwidget["label"] = label
            subwidget["attrs"].pop("required", None)
            _add_class(
                subwidget["attrs"],
                "govuk-input govuk-date-input__input",
                f"govuk-input--width-{width}",
                "govuk-input--error" if has_error else "",
            )
        return context
