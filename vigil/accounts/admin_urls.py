from django.urls import path

from vigil.accounts import admin_views as views

app_name = "accounts_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/new/", views.organisation_new, name="organisation-new"),
    path("organisations/<uuid:organisation_id>/", views.organisation, name="organisation"),
    path(
        "organisations/<uuid:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person-new"),
    path("people/<uuid:person_id>/", views.person, name="person"),
    path("people/<uuid:person_id>/edit/", views.person_edit, name="person-edit"),
    path("people/<uuid:person_id>/roles/", views.membership_add, name="membership-add"),
    path("people/<uuid:person_id>/<slug:action>/", views.person_action, name="person-action"),
    path("roles/<uuid:membership_id>/end/", views.membership_end, name="membership-end"),
]
