"""allauth pages Vigil does not offer, answered before allauth's own patterns.

There is no public sign-up, and a person's e-mail address is set by their administrator.
"""

from django.urls import path, re_path

from vigil.web.views import not_found

urlpatterns = [
    path("signup/", not_found),
    path("signup/passkey/", not_found),
    path("email/", not_found),
    path("confirm-email/", not_found),
    re_path(r"^confirm-email/(?P<key>[-:\w]+)/$", not_found),
    path("password/set/", not_found),
]
