"""A person's own notifications: the list, opening one, marking all as read."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from vigil.accounts.policy import person_of
from vigil.notifications.selectors import notifications_for
from vigil.notifications.services import notification_mark_read, notifications_mark_all_read


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    found = notifications_for(actor=person_of(request), unread_only=unread_only)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page, "unread_only": unread_only})


@login_required
@require_POST
def open_notification(request: HttpRequest, notification_id: uuid.UUID) -> HttpResponse:
    """Mark it read and go to what it is about."""
    if not notification_mark_read(actor=person_of(request), notification_id=notification_id):
        raise Http404
    notification = notifications_for(actor=person_of(request)).get(pk=notification_id)
    target = notification.link
    if not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        target = "/notifications/"
    return redirect(target)


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(actor=person_of(request))
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("notifications:inbox")
