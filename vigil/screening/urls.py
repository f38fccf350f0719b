from django.urls import path

from vigil.screening import views

app_name = "screening"

urlpatterns = [
    path("know-the-signs/", views.know_the_signs, name="know-the-signs"),
]
