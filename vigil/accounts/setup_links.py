"""The set-up e-mail a new person receives: a link to choose their password.

The link is allauth's password-reset link (one use, expiring after PASSWORD_RESET_TIMEOUT),
so that nobody, the administrator included, ever knows another person's password.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from vigil.accounts.models import Person


def setup_url(person: Person) -> str:
    key = f"{user_pk_to_url_str(person)}-{default_token_generator.make_token(person)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return f"{settings.VIGIL_BASE_URL}{path.replace('UID-KEY', key)}"


def send_setup_link(person: Person) -> None:
    context = {
        "person": person,
        "url": setup_url(person),
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    send_mail(
        subject="Your Vigil account: choose a password",
        message=render_to_string("accounts/email/setup.txt", context),
        from_email=None,
        recipient_list=[person.email],
    )
