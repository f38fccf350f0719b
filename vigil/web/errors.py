"""Turning a service's refusal into messages on the form the person filled in.

The form is shown again with everything they typed, and the GOV.UK error summary lists what
to put right.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from vigil.core.versioning import EditConflictError


def add_service_errors(form: forms.BaseForm, error: ValidationError | EditConflictError) -> None:
    if isinstance(error, EditConflictError):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, error.messages)
