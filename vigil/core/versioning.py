"""Optimistic locking: concurrent edits never silently overwrite each other.

An edit form carries the version of the record it was opened on; saving is a conditional
update (`UPDATE ... WHERE id = ? AND version = ?`) that also moves the version on. When someone
else saved first, nothing is written and the person is told, keeping what they typed.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F


class EditConflictError(Exception):
    """Someone else changed the record since this edit began."""

    message = (
        "Someone else changed this while you were editing it. Nothing has been saved. "
        "Your changes are still below: check the latest version, then save again."
    )

    def __str__(self) -> str:
        return self.message


def update_versioned(instance: models.Model, version: int, **fields: Any) -> None:
    """Save `fields` onto `instance` if its stored version is still `version`."""
    manager = type(instance)._default_manager
    updated = manager.filter(pk=instance.pk, version=version).update(
        version=F("version") + 1, **fields
    )
    if not updated:
        raise EditConflictError()
    instance.refresh_from_db()
