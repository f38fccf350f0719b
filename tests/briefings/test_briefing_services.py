"""The briefing services: publishing, new versions, withdrawing, confirming a read, private
reflective answers, reminders and the export, each with its audit or access event."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from tests.briefings.publishing import BODY, new_version, published
from vigil.audit.models import AuditEvent, Log
from vigil.briefings import services
from vigil.briefings.models import BriefingQuestion, ReadReceipt, ReflectiveAnswer
from vigil.core.versioning import EditConflictError
from vigil.notifications.models import Notification

pytestmark = pytest.mark.django_db


def events(verb: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("seq"))


# Publishing --------------------------------------------------------------------------------


def test_publishing_makes_version_one_with_its_questions_on_the_audit_log(world) -> None:
    briefing = published(world)
    assert briefing.current.number == 1 and briefing.current.body == BODY.strip()
    assert [q.text for q in briefing.questions.all()] == [
        "Would I notice the signs?",
        "Who is our DSL today?",
    ]
    [event] = events("briefing.publish")
    assert event.object_id == str(briefing.pk) and json.loads(event.details) == {"number": 1}
    assert event.actor == str(world["admin"].pk)


@pytest.mark.parametrize("who", ["school_admin", "dsl", "staff", "auditor"])
def test_only_the_partnerships_administrators_publish(world, who) -> None:
    with pytest.raises(PermissionDenied):
        services.briefing_publish(
            actor=world[who],
            title="T",
            body="B",
            audience_roles=["staff"],
            audience_kinds=["school"],
        )


def test_every_problem_is_named_at_once(world) -> None:
    with pytest.raises(ValidationError) as refused:
        services.briefing_publish(
            actor=world["admin"],
            title=" ",
            body="",
            questions=["Same?", "Same?"],
            audience_roles=["headteacher"],
            audience_kinds=[],
            must_read_by=timezone.localdate() - timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {
        "title",
        "body",
        "questions",
        "audience_roles",
        "audience_kinds",
        "must_read_by",
    }


def test_a_changed_text_is_a_new_version_that_keeps_the_old_one(world) -> None:
    briefing = published(world)
    first = briefing.current
    new_version(world, briefing)
    briefing.refresh_from_db()
    assert briefing.current.number == 2 and "A new paragraph." in briefing.current.body
    first.refresh_from_db()
    assert first.body == BODY.strip()  # what was read stays as it was
    [event] = events("briefing.update")
    assert json.loads(event.details) == {"number": 2, "fields": ["body"]}


def test_title_audience_and_date_change_without_a_new_version(world) -> None:
    briefing = published(world)
    services.briefing_update(
        actor=world["admin"],
        briefing=briefing,
        version=briefing.version,
        title="Renamed",
        audience_kinds=["school", "college"],
        must_read_by=None,
    )
    briefing.refresh_from_db()
    assert briefing.current.number == 1 and briefing.title == "Renamed"
    assert briefing.audience_kinds == ["school", "college"] and briefing.must_read_by is None


def test_questions_taken_off_are_retired_and_keep_their_answers(world) -> None:
    briefing = published(world)
    kept, dropped = briefing.questions.order_by("order")
    services.reflection_save(actor=world["staff"], question=dropped, answer="Our DSL is Dev.")
    services.briefing_update(
        actor=world["admin"],
        briefing=briefing,
        version=briefing.version,
        questions=["A new question?", kept.text],
    )
    dropped.refresh_from_db()
    assert dropped.retired_at is not None
    assert ReflectiveAnswer.objects.get(question=dropped).answer == "Our DSL is Dev."
    live = BriefingQuestion.objects.filter(briefing=briefing, retired_at__isnull=True)
    assert [q.text for q in live.order_by("order")] == ["A new question?", kept.text]
    assert json.loads(events("briefing.update")[0].details)["fields"] == ["questions"]


def test_two_administrators_editing_at_once_do_not_overwrite_each_other(world) -> None:
    briefing = published(world)
    opened_at = briefing.version
    services.briefing_update(
        actor=world["admin"], briefing=briefing, version=opened_at, title="First"
    )
    with pytest.raises(EditConflictError):
        services.briefing_update(
            actor=world["admin"], briefing=briefing, version=opened_at, body="Second text"
        )
    briefing.refresh_from_db()
    assert briefing.title == "First" and briefing.current.number == 1


def test_withdrawn_briefings_are_asked_of_nobody_and_cannot_change(world) -> None:
    briefing = published(world)
    services.briefing_withdraw(actor=world["admin"], briefing=briefing, version=briefing.version)
    assert briefing.withdrawn_at is not None and events("briefing.withdraw")
    with pytest.raises(ValidationError):
        services.briefing_update(
            actor=world["admin"], briefing=briefing, version=briefing.version, title="Again"
        )
    with pytest.raises(PermissionDenied):
        services.briefing_read_confirm(
            actor=world["staff"], briefing=briefing, version_id=briefing.current_id
        )


# Reading -----------------------------------------------------------------------------------


def test_a_receipt_names_the_version_read_once(world) -> None:
    briefing = published(world)
    receipt = services.briefing_read_confirm(
        actor=world["staff"], briefing=briefing, version_id=briefing.current_id
    )
    again = services.briefing_read_confirm(
        actor=world["staff"], briefing=briefing, version_id=briefing.current_id
    )
    assert again.pk == receipt.pk and receipt.briefing_version.number == 1
    [event] = events("briefing.read")
    assert event.actor == str(world["staff"].pk) and json.loads(event.details) == {"number": 1}


def test_a_version_replaced_while_reading_is_refused_and_the_new_one_asks_again(world) -> None:
    briefing = published(world)
    read_first = briefing.current_id
    new_version(world, briefing)
    with pytest.raises(services.NewerVersionError):
        services.briefing_read_confirm(
            actor=world["staff"], briefing=briefing, version_id=read_first
        )
    assert not ReadReceipt.objects.exists()


def test_people_outside_the_audience_cannot_confirm(world) -> None:
    briefing = published(world)
    for who in ("mash", "police", "admin", "auditor"):
        with pytest.raises(PermissionDenied):
            services.briefing_read_confirm(
                actor=world[who], briefing=briefing, version_id=briefing.current_id
            )


def test_a_reflective_answer_is_saved_without_its_words_on_the_audit_log(world) -> None:
    briefing = published(world)
    question = briefing.questions.first()
    words = "I would talk to Dev straight away. Private thought."
    answer = services.reflection_save(actor=world["staff"], question=question, answer=words)
    changed = services.reflection_save(
        actor=world["staff"], question=question, answer=words + " More.", version=answer.version
    )
    assert changed.version == 2 and changed.answer.endswith("More.")
    logged = events("reflection.save")
    assert len(logged) == 2
    everything = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert "Private thought" not in everything and "Dev straight away" not in everything


def test_a_stale_or_duplicate_answer_is_a_conflict(world) -> None:
    question = published(world).questions.first()
    answer = services.reflection_save(actor=world["staff"], question=question, answer="One")
    with pytest.raises(EditConflictError):
        services.reflection_save(actor=world["staff"], question=question, answer="Two")
    services.reflection_save(
        actor=world["staff"], question=question, answer="Two", version=answer.version
    )
    with pytest.raises(EditConflictError):
        services.reflection_save(
            actor=world["staff"], question=question, answer="Three", version=answer.version
        )


def test_only_the_audience_answers_and_an_answer_is_required(world) -> None:
    question = published(world).questions.first()
    with pytest.raises(PermissionDenied):
        services.reflection_save(actor=world["mash"], question=question, answer="Mine")
    with pytest.raises(ValidationError):
        services.reflection_save(actor=world["staff"], question=question, answer="   ")


# Following up ------------------------------------------------------------------------------


def test_reminders_go_to_those_who_have_not_read_it_once_a_day(world) -> None:
    briefing = published(world)
    services.briefing_read_confirm(
        actor=world["deputy"], briefing=briefing, version_id=briefing.current_id
    )

    def remind() -> int:
        return services.briefing_reminders_send(
            actor=world["dsl"], organisation_id=world.school.pk, briefing_id=briefing.pk
        )

    assert remind() == 3
    reminded = set(Notification.objects.values_list("recipient__username", flat=True))
    assert reminded == {"staff", "dsl", "manager"}  # not the deputy, who has read it
    assert remind() == 0  # the same day: nobody twice
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert remind() == 3
    note = Notification.objects.filter(recipient=world["staff"]).first()
    assert note.title == "A briefing is waiting for you to read it"  # no case detail
    assert note.link == f"/briefings/{briefing.pk}/"
    details = [json.loads(e.details) for e in events("briefing.remind")]
    assert [d["reminded"] for d in details] == [3, 0, 3]


def test_reminders_are_for_the_organisations_case_leads_only(world) -> None:
    briefing = published(world)
    for who, organisation in (
        ("staff", world.school),
        ("other_dsl", world.school),
        ("admin", world.school),
        ("mash_manager", world.mash),
    ):
        with pytest.raises(Http404):
            services.briefing_reminders_send(
                actor=world[who], organisation_id=organisation.pk, briefing_id=briefing.pk
            )
    assert not Notification.objects.exists()


def test_the_export_goes_on_the_access_log(world) -> None:
    briefing = published(world)
    report = services.read_report_export(
        actor=world["manager"], organisation_id=world.school.pk, briefing_id=briefing.pk
    )
    assert report.version.number == 1
    [event] = AuditEvent.objects.filter(verb="briefing-report.export")
    assert event.log == Log.ACCESS
    assert json.loads(event.details) == {"organisation": str(world.school.pk), "number": 1}
