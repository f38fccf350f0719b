from django.urls import path

from vigil.accounts import views

app_name = "break_glass"

urlpatterns = [
    path("", views.break_glass_list, name="list"),
    path("<uuid:grant_id>/", views.break_glass_report, name="report"),
    path("open/<slug:kind>/<uuid:record_id>/", views.break_glass_open, name="open"),
]
