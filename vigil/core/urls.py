from django.urls import path

from vigil.core import views

app_name = "core"

urlpatterns = [
    path("administration/partnership/", views.partnership_settings, name="partnership"),
    path("administration/partnership/closures/", views.closure_new, name="closure-new"),
    path(
        "administration/organisations/<uuid:organisation_id>/closures/",
        views.closure_new,
        name="organisation-closure-new",
    ),
    path(
        "administration/closures/<uuid:closure_id>/remove/",
        views.closure_delete,
        name="closure-remove",
    ),
    path("deadlines/", views.deadlines, name="deadlines"),
]
