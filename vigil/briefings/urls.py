"""The briefing pages: the reader's, the read reports of an organisation's case leads, and the
partnership administrators' (each module holds its own patterns, with their prefixes)."""

from vigil.briefings import admin_views, reader_views, report_views

app_name = "briefings"

urlpatterns = [
    *reader_views.urlpatterns,
    *report_views.urlpatterns,
    *admin_views.urlpatterns,
]
