from django.urls import path

from vigil.children import views

app_name = "children"

urlpatterns = [
    path("", views.child_list, name="list"),
    path("<uuid:child_id>/", views.child_file, name="file"),
    path("<uuid:child_id>/edit/", views.child_edit, name="edit"),
    path("<uuid:child_id>/share/", views.share, name="share"),
    path(
        "<uuid:child_id>/entries/<uuid:entry_id>/correct/",
        views.entry_correct_page,
        name="correct",
    ),
]
