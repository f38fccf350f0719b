"""Being built."""

from django.urls import URLPattern

app_name = "missing"

urlpatterns: list[URLPattern] = []
