"""The attendance pages: a school's imports and held pupils, the absence flags, and the
partnership's thresholds."""

from django.urls import path

from vigil.attendance import flag_views, settings_views, views

app_name = "attendance"

urlpatterns = [
    path("attendance/", views.overview, name="overview"),
    path(
        "attendance/schools/<uuid:organisation_id>/import/",
        views.import_file,
        name="import-file",
    ),
    path(
        "attendance/schools/<uuid:organisation_id>/unmatched/",
        views.unmatched,
        name="unmatched",
    ),
    path(
        "attendance/schools/<uuid:organisation_id>/match/",
        views.match_again,
        name="match",
    ),
    path("attendance/imports/<uuid:import_id>/", views.import_page, name="import"),
    path(
        "attendance/imports/<uuid:import_id>/status/",
        views.import_status,
        name="import-status",
    ),
    path("attendance/flags/", flag_views.flag_list, name="flags"),
    path("attendance/flags/<uuid:flag_id>/", flag_views.flag_page, name="flag"),
    path("attendance/flags/<uuid:flag_id>/dismiss/", flag_views.flag_dismiss, name="dismiss"),
    path("attendance/flags/<uuid:flag_id>/concern/", flag_views.flag_concern, name="concern"),
    path("attendance/thresholds/", settings_views.thresholds, name="thresholds"),
]
