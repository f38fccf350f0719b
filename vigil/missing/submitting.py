"""A page's POST to a service, keeping what was typed when the service refuses it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from vigil.core.versioning import EditConflictError
from vigil.web.errors import add_service_errors

Made = TypeVar("Made")


def submitted(
    request: HttpRequest, form: forms.BaseForm, act: Callable[[], Made], *, success: str
) -> Made | None:
    """What the service made, when the form is valid and the service accepts it (the success
    message is then shown on the next page); None when the form is to be shown again, with
    everything typed and the service's messages. A refusal of permission answers 404."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        made = act()
    except (ValidationError, EditConflictError) as error:
        add_service_errors(form, error)
        return None
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, success)
    return made
