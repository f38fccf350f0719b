from django.urls import path

from vigil.screening import screening_views as screenings
from vigil.screening import views

app_name = "screening"

urlpatterns = [
    path("know-the-signs/", views.know_the_signs, name="know-the-signs"),
    path("children/<uuid:child_id>/screenings/new/", screenings.screening_new, name="new"),
    path("screenings/<uuid:screening_id>/", screenings.screening_page, name="screening"),
    path(
        "screenings/<uuid:screening_id>/suggestions/",
        screenings.suggestions_confirm,
        name="suggestions",
    ),
    path(
        "screenings/<uuid:screening_id>/observations/",
        screenings.observation_new,
        name="observation-new",
    ),
    path(
        "screenings/<uuid:screening_id>/observations/<uuid:observation_id>/remove/",
        screenings.observation_remove,
        name="observation-remove",
    ),
    path("screenings/<uuid:screening_id>/compute/", screenings.compute, name="compute"),
    path("screenings/<uuid:screening_id>/judgement/", screenings.judgement, name="judgement"),
    path("screenings/<uuid:screening_id>/sign-off/", screenings.sign_off, name="sign-off"),
]
