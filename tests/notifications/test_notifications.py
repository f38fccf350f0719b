"""Notifications: once per event, in the app with a badge, by e-mail with only a link."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command

from tests.conftest import signed_in
from vigil.notifications.models import Notification
from vigil.notifications.services import NotificationError, notification_send

pytestmark = pytest.mark.django_db


def send(world, key="event:1", who=("dsl", "deputy")) -> int:
    return notification_send(
        recipients=[world[name] for name in who],
        kind="test",
        title="A concern is waiting for your decision",
        link="/deadlines/",
        key=key,
    )


def test_each_event_notifies_each_person_once(world) -> None:
    assert send(world) == 2
    assert send(world) == 0
    assert send(world, who=("dsl", "manager")) == 1
    assert Notification.objects.count() == 3


def test_links_stay_inside_vigil(world) -> None:
    with pytest.raises(NotificationError):
        notification_send(
            recipients=[world["dsl"]], kind="t", title="x", link="https://evil.example/", key="k"
        )


def test_the_badge_counts_unread_and_opening_marks_read(world) -> None:
    send(world, key="a")
    send(world, key="b")
    client = signed_in(world["dsl"])
    assert client.get("/").context["unread_notifications"] == 2
    assert '2<span class="govuk-visually-hidden"> unread' in client.get("/").content.decode()
    note = Notification.objects.filter(recipient=world["dsl"]).first()
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/deadlines/"
    assert client.get("/").context["unread_notifications"] == 1
    client.post("/notifications/read-all/")
    assert not Notification.objects.filter(recipient=world["dsl"], read_at__isnull=True).exists()


def test_the_inbox_lists_newest_first_and_filters_unread(world) -> None:
    send(world, key="first")
    send(world, key="second")
    client = signed_in(world["dsl"])
    first = Notification.objects.get(recipient=world["dsl"], key="first")
    client.post(f"/notifications/{first.pk}/open/")
    page = client.get("/notifications/?show=unread")
    assert list(page.context["page"]) == [
        Notification.objects.get(recipient=world["dsl"], key="second")
    ]
    assert client.get("/notifications/").context["page"].paginator.count == 2


def test_nobody_opens_someone_elses_notification(world) -> None:
    send(world, who=("dsl",))
    note = Notification.objects.get()
    assert signed_in(world["other_dsl"]).post(f"/notifications/{note.pk}/open/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


@pytest.mark.django_db(transaction=True)
def test_the_email_holds_a_link_and_no_case_detail() -> None:
    from tests.conftest import build_world

    world = build_world()
    send(world, who=("dsl",))
    call_command("db_worker", batch=True, verbosity=0)
    (message,) = mail.outbox
    assert message.to == ["dsl@testshire.example"]
    assert "http://127.0.0.1:8000/deadlines/" in message.body
    assert "does not contain any details about a child" in message.body
    assert Notification.objects.get().emailed_at is not None
    call_command("db_worker", batch=True, verbosity=0)
    assert len(mail.outbox) == 1


def test_the_api_lists_and_marks_ones_own(world) -> None:
    send(world, who=("dsl",))
    from vigil.accounts.tokens import api_token_create

    _, secret = api_token_create(actor=world["dsl"], person=world["dsl"], name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    from django.test import Client

    listed = Client().get("/api/v1/notifications?unread=true", **headers).json()
    assert listed["count"] == 1 and listed["items"][0]["title"].startswith("A concern")
    marked = Client().post("/api/v1/notifications/read-all", **headers).json()
    assert marked == {"marked": 1}
