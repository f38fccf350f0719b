"""Reading briefings and reports: who sees which briefing, what waits at sign-in, the read
report's rows and counts, and that reflective answers are read by their author only."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.briefings.publishing import new_version, published
from tests.factories import MembershipFactory, person_with
from vigil.accounts.models import Role
from vigil.accounts.policy import forget_holdings
from vigil.briefings import reports, selectors, services

pytestmark = pytest.mark.django_db


def confirm(world, who: str, briefing) -> None:
    briefing.refresh_from_db()
    services.briefing_read_confirm(
        actor=world[who], briefing=briefing, version_id=briefing.current_id
    )


def test_each_person_sees_the_briefings_for_their_roles_and_kinds(world) -> None:
    schools = published(world, title="For schools")
    police = published(world, title="For the police", audience_kinds=["police"])
    mash = published(world, title="For the MASH", audience_roles=["mash"], audience_kinds=["mash"])
    seen = {
        who: [f.briefing.title for f in selectors.briefings_for(actor=world[who])]
        for who in ("staff", "dsl", "mash", "police", "admin", "auditor")
    }
    assert seen["staff"] == seen["dsl"] == [schools.title]
    assert seen["mash"] == [mash.title] and seen["police"] == [police.title]
    assert seen["admin"] == seen["auditor"] == []


def test_withdrawn_briefings_leave_every_list(world) -> None:
    briefing = published(world)
    services.briefing_withdraw(actor=world["admin"], briefing=briefing, version=briefing.version)
    assert selectors.briefings_for(actor=world["staff"]) == []
    assert selectors.must_read_count(actor=world["staff"]) == 0


def test_must_read_counts_unread_current_versions_with_a_date(world) -> None:
    must = published(world, title="Must")
    published(world, title="Whenever", must_read_by=None)
    staff = world["staff"]
    assert selectors.must_read_count(actor=staff) == 1
    confirm(world, "staff", must)
    assert selectors.must_read_count(actor=staff) == 0
    new_version(world, must)
    assert selectors.must_read_count(actor=staff) == 1  # a new version asks again
    [waiting] = [f for f in selectors.briefings_for(actor=staff) if f.briefing.pk == must.pk]
    assert waiting.standing.waiting and waiting.last_receipt.briefing_version.number == 1


def test_the_sign_in_check_is_a_few_queries_however_many_briefings(world) -> None:
    for number in range(12):
        published(world, title=f"Briefing {number}")
    staff = world["staff"]
    forget_holdings(staff)
    with CaptureQueriesContext(connection) as queries:
        assert selectors.must_read_count(actor=staff) == 12
    assert len(queries) <= 3


def test_dated_briefings_come_first_and_overdue_ones_say_so(world) -> None:
    later = published(world, title="Later", must_read_by=timezone.localdate() + timedelta(30))
    soon = published(world, title="Soon")
    undated = published(world, title="Any time", must_read_by=None)
    found = selectors.briefings_for(actor=world["staff"])
    assert [f.briefing.pk for f in found] == [soon.pk, later.pk, undated.pk]
    past = timezone.now() + timedelta(days=20)
    with time_machine.travel(past):
        overdue = {
            f.briefing.title: f.overdue for f in selectors.briefings_for(actor=world["staff"])
        }
    assert overdue == {"Soon": True, "Later": False, "Any time": False}


@pytest.mark.parametrize(
    ("who", "opens", "confirms"),
    [
        ("staff", True, True),
        ("dsl", True, True),
        ("admin", True, False),  # the partnership's administrators check what they publish
        ("other_dsl", True, True),
        ("school_admin", False, False),
        ("mash", False, False),
        ("police", False, False),
        ("auditor", False, False),
        ("analyst", False, False),
    ],
)
def test_who_opens_a_briefing_and_who_confirms_it(world, who, opens, confirms) -> None:
    briefing = published(world)
    if not opens:
        with pytest.raises(Http404):
            selectors.briefing_to_read(actor=world[who], briefing_id=briefing.pk)
        return
    reading = selectors.briefing_to_read(actor=world[who], briefing_id=briefing.pk)
    assert reading.can_confirm is confirms
    assert bool(reading.questions) is confirms


def test_a_person_can_open_the_version_they_read_after_it_is_replaced_or_withdrawn(
    world,
) -> None:
    briefing = published(world)
    confirm(world, "staff", briefing)
    first = briefing.current
    new_version(world, briefing)
    services.briefing_withdraw(actor=world["admin"], briefing=briefing, version=briefing.version)
    assert selectors.version_to_read(actor=world["staff"], version_id=first.pk) == first
    with pytest.raises(Http404):
        selectors.version_to_read(actor=world["deputy"], version_id=first.pk)
    with pytest.raises(Http404):
        selectors.briefing_to_read(actor=world["staff"], briefing_id=briefing.pk)


def test_answers_are_read_by_their_author_only(world) -> None:
    question = published(world).questions.first()
    services.reflection_save(actor=world["staff"], question=question, answer="Only mine.")
    assert [a.answer for a in selectors.answers_of(actor=world["staff"])] == ["Only mine."]
    for who in ("dsl", "deputy", "manager", "admin", "auditor"):
        assert list(selectors.answers_of(actor=world[who])) == []
        if who in ("dsl", "deputy", "manager"):
            _, answer = selectors.question_to_answer(actor=world[who], question_id=question.pk)
            assert answer is None
        else:
            with pytest.raises(Http404):
                selectors.question_to_answer(actor=world[who], question_id=question.pk)


def test_an_answer_stays_reachable_when_its_question_is_retired(world) -> None:
    briefing = published(world)
    question = briefing.questions.first()
    services.reflection_save(actor=world["staff"], question=question, answer="Kept.")
    services.briefing_update(
        actor=world["admin"], briefing=briefing, version=briefing.version, questions=[]
    )
    _, answer = selectors.question_to_answer(actor=world["staff"], question_id=question.pk)
    assert answer.answer == "Kept."
    with pytest.raises(Http404):
        selectors.question_to_answer(actor=world["dsl"], question_id=question.pk)


# The read report ---------------------------------------------------------------------------


def test_the_audience_at_an_organisation_is_one_membership_with_both(world) -> None:
    briefing = published(world, audience_roles=["staff"])
    # A DSL here who is also staff at a health team is not staff here.
    dual = person_with(Role.DSL, world.school, username="dual", full_name="Dual Example")
    MembershipFactory(person=dual, organisation=world.police, role=Role.STAFF)
    ended = person_with(Role.STAFF, world.school, username="left", full_name="Left Example")
    ended.memberships.update(ended_at=timezone.now())
    gone = person_with(Role.STAFF, world.school, username="gone", full_name="Gone Example")
    gone.is_active = False
    gone.save()
    people = reports.audience_at(briefing, world.school)
    assert [p.username for p in people] == ["staff"]
    assert list(reports.audience_at(briefing, world.police)) == []  # police: not its kind


def test_the_report_lists_who_has_and_has_not_read_each_version(world) -> None:
    briefing = published(world)
    confirm(world, "deputy", briefing)
    confirm(world, "staff", briefing)
    new_version(world, briefing)
    confirm(world, "deputy", briefing)
    current = reports.read_report(
        actor=world["dsl"], organisation_id=world.school.pk, briefing_id=briefing.pk
    )
    assert current.version.number == 2 and current.read == 1 and current.people.count() == 4
    rows = {r.person.username: r for r in reports.report_rows(current, current.people)}
    assert rows["deputy"].read and rows["deputy"].last_number == 2
    assert not rows["staff"].read and rows["staff"].last_number == 1
    assert not rows["dsl"].read and rows["dsl"].last_number is None
    assert rows["dsl"].roles == ["Designated safeguarding lead"]
    first = reports.read_report(
        actor=world["dsl"], organisation_id=world.school.pk, briefing_id=briefing.pk, number=1
    )
    assert first.version.number == 1 and first.read == 2 and not first.is_current


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("dsl", True),
        ("deputy", True),
        ("manager", True),
        ("staff", False),
        ("other_dsl", False),  # another school's DSL: their own school's report only
        ("school_admin", False),
        ("admin", False),
        ("auditor", False),
        ("mash_manager", False),
    ],
)
def test_only_the_organisations_case_leads_see_its_report(world, who, sees) -> None:
    briefing = published(world)
    if sees:
        reports.read_report(
            actor=world[who], organisation_id=world.school.pk, briefing_id=briefing.pk
        )
    else:
        with pytest.raises(Http404):
            reports.read_report(
                actor=world[who], organisation_id=world.school.pk, briefing_id=briefing.pk
            )


def test_summaries_cover_each_organisation_and_briefing_of_its_kind(world) -> None:
    schools = published(world, title="Schools")
    published(world, title="Police only", audience_kinds=["police"])
    confirm(world, "staff", schools)
    found = reports.report_summaries(actor=world["dsl"])
    assert [(s.organisation.name, s.briefing.title, s.people, s.read) for s in found] == [
        (world.school.name, "Schools", 4, 1)
    ]
    assert reports.report_summaries(actor=world["staff"]) == []
