"""What every page shows: the service's name, navigation, unread count, emergency line."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from vigil.accounts import policy
from vigil.accounts.models import Person
from vigil.attendance import policy as attendance_policy
from vigil.core.selectors import partnership_get
from vigil.notifications.selectors import unread_count
from vigil.referrals.mash_panel import works_at_front_door

SERVICE = "Vigil"
RECORDING_ROLES = ("staff", *policy.CASE_LEADS)


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user if isinstance(request.user, Person) else None
    items = [("Home", reverse("web:home"))]
    if policy.has_role(user, *RECORDING_ROLES):
        items.append(("Concerns", reverse("concerns:list")))
        items.append(("Referrals", reverse("referrals:list")))
        items.append(("Missing episodes", reverse("missing:index")))
    if policy.has_role(user, *policy.CASE_LEADS):
        items.append(("Children", reverse("children:list")))
    if attendance_policy.follows_attendance(user):
        items.append(("Absence", reverse("attendance:overview")))
    if works_at_front_door(user):
        items.append(("Front door", reverse("referrals:queue")))
    items.append(("Deadlines", reverse("core:deadlines")))
    items.append(("Know the signs", reverse("screening:know-the-signs")))
    if policy.is_admin(user):
        items.append(("Administration", reverse("accounts_admin:index")))
    if policy.can_read_audit(user):
        items.append(("Audit", reverse("audit:events")))
    path = request.path
    return [
        {"label": label, "url": url, "active": path == url or (url != "/" and path.startswith(url))}
        for label, url in items
    ]


def service(request: HttpRequest) -> dict[str, Any]:
    partnership = partnership_get()
    context: dict[str, Any] = {
        "service_name": partnership.name if partnership else SERVICE,
        "product_name": SERVICE,
        "emergency_instruction": partnership.emergency_instruction if partnership else "",
        "front_door": {
            "name": partnership.front_door_name,
            "phone": partnership.front_door_phone,
            "out_of_hours_phone": partnership.out_of_hours_phone,
            "referral_url": partnership.referral_url,
        }
        if partnership
        else None,
        "navigation": [],
        "unread_notifications": 0,
        "idle_seconds": None,
    }
    user = request.user
    if user.is_authenticated and getattr(request, "second_factor_complete", False):
        context["navigation"] = _navigation(request)
        context["unread_notifications"] = unread_count(user)
        context["idle_seconds"] = settings.VIGIL_IDLE_MINUTES * 60
        context["passkeys_offered"] = policy.passkeys_offered(user)
    return context
