"""Every address Vigil answers. Each app owns its own patterns; the permission matrix test
(tests/architecture/test_permission_matrix.py) fails when one is added without an entry."""

from django.urls import include, path

from vigil.api.urls import api
from vigil.web import views as web_views

urlpatterns = [
    path("", include("vigil.web.urls")),
    path("accounts/", include("vigil.accounts.auth_urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("vigil.accounts.urls")),
    path("administration/", include("vigil.accounts.admin_urls")),
    path("", include("vigil.core.urls")),
    path("notifications/", include("vigil.notifications.urls")),
    path("audit/", include("vigil.audit.urls")),
    path("break-glass/", include("vigil.accounts.break_glass_urls")),
    path("", include("vigil.screening.urls")),
    path("", include("vigil.referrals.urls")),
    path("", include("vigil.briefings.urls")),
    path("", include("vigil.attendance.urls")),
    path("", include("vigil.missing.urls")),
    path("concerns/", include("vigil.concerns.urls")),
    path("children/", include("vigil.children.urls")),
    path("api/v1/", api.urls),
]

handler400 = web_views.bad_request
handler403 = web_views.not_found_for_forbidden
handler404 = web_views.not_found
handler500 = web_views.server_error
