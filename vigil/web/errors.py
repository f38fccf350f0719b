"""Turning a service's refusal into messages on the form the person filled in.

The form is shown again with everything they typed, and the GOV.UK error summary lists what
to put right.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

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


def service_submit(
    request: HttpRequest,
    form: forms.BaseForm,
    act: Callable[[], object],
    *,
    success: str,
    then: str,
) -> HttpResponse | None:
    """A page's POST: when the form is valid, call the service (`act`). On success, say so and
    go on to `then`; when the service refuses, its messages join the form (None: show the form
    again, with everything typed). A service's PermissionDenied answers 404, like the page."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        act()
    except (ValidationError, EditConflictError) as error:
        add_service_errors(form, error)
        return None
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, success)
    return redirect(then)
