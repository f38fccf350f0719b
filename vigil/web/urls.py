from django.urls import path

from vigil.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("health/", views.health, name="health"),
    path("session/keep-alive/", views.keep_alive, name="keep-alive"),
]
