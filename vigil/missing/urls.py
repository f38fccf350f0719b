"""The missing-episode pages: recording, the episode and its return home interview, the lists
and the partnership's rule for repeated episodes."""

from vigil.missing import episode_views, list_views, recording_views

app_name = "missing"

urlpatterns = [
    *recording_views.urlpatterns,
    *episode_views.urlpatterns,
    *list_views.urlpatterns,
]
