"""allauth pages answered before allauth's own patterns.

- There is no public sign-up, sign-in by e-mailed code, or self-service e-mail change: an
  administrator creates people and sets their e-mail address. Those pages answer 404.
- Passkeys (security keys) are offered to the roles that need them most (policy.PASSKEY_ROLES);
  for anyone else their pages answer 404.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.webauthn import views as webauthn
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, re_path

from vigil.accounts import policy
from vigil.accounts.models import Person
from vigil.web.views import not_found


def passkeys_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if isinstance(user, Person) and not policy.passkeys_offered(user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


urlpatterns = [
    path("signup/", not_found),
    path("signup/passkey/", not_found),
    path("email/", not_found),
    path("confirm-email/", not_found),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", not_found),
    path("password/set/", not_found),
    path("login/code/confirm/", not_found),
    path("2fa/webauthn/", passkeys_only(webauthn.list_webauthn)),
    path("2fa/webauthn/add/", passkeys_only(webauthn.add_webauthn)),
    path("2fa/webauthn/keys/<int:pk>/remove/", passkeys_only(webauthn.remove_webauthn)),
    path("2fa/webauthn/keys/<int:pk>/edit/", passkeys_only(webauthn.edit_webauthn)),
]
