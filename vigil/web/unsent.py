"""Keeping what someone typed when their session ended as they pressed the button.

A person recording a concern may be signed out (idle too long) just before pressing "Save
and continue". What that request carried is kept in the new, signed-out session (the same
browser), and given back to the same page once they have signed in again, where the page puts
it into their draft. Only pages under KEEPABLE are kept; the draft's own access check still
decides whether the person may write to it.
"""

from __future__ import annotations

from django.http import HttpRequest

KEEPABLE = ("/concerns/drafts/",)
KEY = "vigil_unsent"
NOT_KEPT = {"csrfmiddlewaretoken", "version"}


def keep(request: HttpRequest) -> bool:
    """Keep a POST to a keepable page in the (signed-out) session. True when kept."""
    if request.method != "POST" or not request.path.startswith(KEEPABLE):
        return False
    typed = {name: values for name, values in request.POST.lists() if name not in NOT_KEPT}
    request.session[KEY] = {"path": request.path, "typed": typed}
    return True


def take(request: HttpRequest) -> dict[str, list[str]] | None:
    """What was kept for this page, once (None when nothing was)."""
    kept = request.session.get(KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[KEY]
    typed: dict[str, list[str]] = kept.get("typed") or {}
    return typed
