from django.urls import path

from vigil.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read-all/", views.read_all, name="read-all"),
    path("<uuid:notification_id>/open/", views.open_notification, name="open"),
]
