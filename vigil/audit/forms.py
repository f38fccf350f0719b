from __future__ import annotations

from django import forms

from vigil.audit.models import Log
from vigil.audit.selectors import EventFilter


class EventFilterForm(forms.Form):
    log = forms.ChoiceField(required=False, choices=[("", "Both logs"), *Log.choices], label="Log")
    verb = forms.CharField(
        required=False,
        max_length=64,
        label="Action",
        help_text="For example, auth.sign-in, or auth. for every sign-in event.",
    )
    actor = forms.CharField(
        required=False, max_length=64, label="Who (person id, system or anonymous)"
    )
    object_type = forms.CharField(required=False, max_length=32, label="Record type")
    object_id = forms.CharField(required=False, max_length=64, label="Record id")
    since = forms.DateField(required=False, label="From", help_text="For example, 01/11/2026.")
    until = forms.DateField(required=False, label="To", help_text="For example, 30/11/2026.")

    def filters(self) -> EventFilter:
        if not self.is_valid():
            return EventFilter()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        return EventFilter(**data)
