"""The demo's synthetic cases: about 200 children at three schools, concerns in every state."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from vigil.accounts.models import Membership, Role
from vigil.audit.models import AuditEvent
from vigil.children.models import Child, ChronologyEntry, EntryKind, Share
from vigil.concerns.language import wording_prompts
from vigil.concerns.models import Concern, Decision, DecisionKind, Status
from vigil.core import demo
from vigil.core.models import Clock

SCHOOLS = {"Ashgrove Academy", "Brindle Hill School", "Castlebrook High School"}
CONCERN_TEXTS = (
    "seen_or_heard",
    "childs_words",
    "location",
    "others_involved",
    "summary",
    "action_taken",
    "outcome",
    "rationale",
)


@pytest.fixture(scope="module")
def northmoor(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:
    """The demo, loaded once for the module and rolled back after it (each test runs in a
    savepoint inside): loading takes seconds, and every test here only reads it."""
    fast = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        VIGIL_AUDIT_CHECKPOINT_FILE=tmp_path_factory.mktemp("demo") / "checkpoints.jsonl",
    )
    with django_db_blocker.unblock(), fast, transaction.atomic():
        assert demo.load()
        yield
        transaction.set_rollback(True)


def _age(born, today) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@pytest.mark.django_db
def test_about_200_children_across_the_three_schools(northmoor: None) -> None:
    per_school = Counter(Child.objects.values_list("organisation__name", flat=True))
    assert set(per_school) == SCHOOLS
    assert 190 <= sum(per_school.values()) <= 210
    assert min(per_school.values()) >= 50
    today = timezone.localdate()
    ages = {_age(born, today) for born in Child.objects.values_list("date_of_birth", flat=True)}
    assert min(ages) >= 5 and max(ages) <= 17
    assert Child.objects.exclude(looked_after_basis="").exists()
    assert Child.objects.exclude(immigration_status="").exists()
    assert Child.objects.filter(learning_disability=True).exists()
    assert len(set(Child.objects.values_list("ethnicity", flat=True))) > 3
    # Every child has a concern, but the brother a concern was moved away from.
    assert Child.objects.filter(concerns__isnull=True).count() == 1


@pytest.mark.django_db
def test_concerns_are_in_every_state_at_every_school(northmoor: None) -> None:
    for school in SCHOOLS:
        states = Concern.objects.filter(organisation__name=school).values_list("status", flat=True)
        assert set(states) == set(Status.values), school
    assert Concern.objects.filter(status=Status.NEW, immediate_risk=True).exists()
    assert Concern.objects.filter(status=Status.NEW, immediate_risk=False).exists()
    assert not Decision.objects.filter(concern__status=Status.NEW).exists()
    closed = Concern.objects.filter(status=Status.CLOSED).prefetch_related("decisions")
    for concern in closed:
        assert concern.summary and concern.action_taken and concern.outcome and concern.rationale
        assert concern.decisions.all(), concern.reference
    now = timezone.now()
    happened = Concern.objects.values_list("happened_at", flat=True)
    assert all(now - timedelta(days=184) <= moment <= now for moment in happened)


@pytest.mark.django_db
def test_open_concerns_follow_each_kind_of_decision(northmoor: None) -> None:
    assert set(Decision.objects.values_list("kind", flat=True)) == set(DecisionKind.values)
    open_after = {
        concern.decisions.all()[len(concern.decisions.all()) - 1].kind
        for concern in Concern.objects.filter(status=Status.OPEN).prefetch_related("decisions")
    }
    assert open_after >= set(DecisionKind.values) - {DecisionKind.NO_FURTHER_ACTION}
    today, now = timezone.localdate(), timezone.now()
    monitored = Decision.objects.filter(kind=DecisionKind.MONITOR, concern__status=Status.OPEN)
    assert monitored and all(decision.review_on > today for decision in monitored)
    for decision in Decision.objects.filter(kind=DecisionKind.POLICE):
        assert re.fullmatch(r"NM-20\d\d-0\d{4}", decision.police_log_number)
        assert decision.police_contacted_at <= now
    assert Clock.objects.filter(kind="monitor-review", stopped_at__isnull=True).exists()


@pytest.mark.django_db
def test_a_moved_concern_a_share_and_a_correction(northmoor: None) -> None:
    link = ChronologyEntry.objects.get(kind=EntryKind.CHILD_LINK)
    moved = Concern.objects.get(pk=link.source_id)
    assert moved.child != link.child and moved.child_confirmed_at is not None
    assert link.corrects is not None and link.corrects.child == link.child
    share = Share.objects.get()
    assert share.to_organisation.name in SCHOOLS
    assert share.from_organisation_id != share.to_organisation_id and share.entries.exists()
    correction = ChronologyEntry.objects.get(kind=EntryKind.CORRECTION)
    assert correction.corrects is not None and correction.corrects.kind == EntryKind.CONCERN


@pytest.mark.django_db
def test_screenings_final_awaiting_sign_off_and_a_rescreen(northmoor: None) -> None:
    from vigil.screening.cases import judgement_summary
    from vigil.screening.models import Screening, State

    screenings = Screening.objects.all()
    states = Counter(screenings.values_list("state", flat=True))
    assert states[State.FINAL] >= 10 and states[State.AWAITING_SIGN_OFF] == 1
    waiting = screenings.get(state=State.AWAITING_SIGN_OFF)
    assert waiting.organisation.name == "Ashgrove Academy"  # the README's `manager` signs it off
    assert all(s.observations.exists() and s.result for s in screenings)
    twice = Counter(screenings.filter(state=State.FINAL).values_list("child_id", flat=True))
    assert max(twice.values()) == 2
    for screening in screenings:
        assert wording_prompts({"summary": judgement_summary(screening)}) == []


def test_every_school_has_staff_a_dsl_and_a_deputy(northmoor: None) -> None:
    for school in SCHOOLS:
        roles = set(
            Membership.objects.filter(organisation__name=school, ended_at__isnull=True).values_list(
                "role", flat=True
            )
        )
        assert roles >= {Role.STAFF, Role.DSL, Role.DEPUTY_DSL}, school


@pytest.mark.django_db
def test_no_text_blames_a_child(northmoor: None) -> None:
    texts: dict[str, str] = {}
    for concern in Concern.objects.all():
        texts |= {f"{concern.reference} {name}": getattr(concern, name) for name in CONCERN_TEXTS}
    for decision in Decision.objects.select_related("concern"):
        texts[f"{decision.concern.reference} decision {decision.pk}"] = decision.reason
    for entry in ChronologyEntry.objects.all():
        for name in ("title", "body", "childs_words"):
            texts[f"entry {entry.pk} {name}"] = getattr(entry, name)
    for share in Share.objects.all():
        texts[f"share {share.pk}"] = share.reason
    assert len(texts) > 1000
    assert wording_prompts(texts) == []


@pytest.mark.django_db
def test_referral_routes_each_with_its_receiver_workflow_and_clocks(northmoor: None) -> None:
    from vigil.accounts.models import OrganisationKind as Kind
    from vigil.referrals.models import Route
    from vigil.referrals.routes import DIRECT_CLOCKS, MASH_CLOCKS

    routes = {route.code: route for route in Route.objects.select_related("receiver")}
    expected = {
        "mash": (Kind.MASH, "mash", list(MASH_CLOCKS)),
        "ews": (Kind.EDUCATION_WELFARE, "direct", list(DIRECT_CLOCKS)),
        "police-cpt": (Kind.POLICE, "direct", list(DIRECT_CLOCKS)),
        "lado": (Kind.LADO, "direct", list(DIRECT_CLOCKS)),
    }
    assert {code: (r.receiver.kind, r.workflow, r.clocks) for code, r in routes.items()} == expected
    assert [r.code for r in Route.objects.all()] == list(expected)  # the MASH first
    assert routes["lado"].name == "LADO (allegations against adults who work with children)"
    for route in routes.values():  # someone at each receives and answers its referrals
        held = Membership.objects.filter(organisation=route.receiver, ended_at__isnull=True)
        assert held.filter(role__in=[Role.MASH, Role.MANAGER]).exists(), route.code


@pytest.mark.django_db
def test_referrals_in_every_state_across_the_schools(northmoor: None) -> None:
    from vigil.referrals import workflow
    from vigil.referrals.models import Challenge, PartnerRequest, Referral

    referrals = Referral.objects.select_related("route", "sent_by", "organisation")
    states = Counter(referrals.values_list("state", flat=True))
    assert set(states) == set(workflow.STATES) and 14 <= sum(states.values()) <= 20
    assert set(referrals.values_list("organisation__name", flat=True)) == SCHOOLS
    acknowledged = referrals.filter(state=workflow.ACKNOWLEDGED)
    assert {"red", "amber", "green"} <= set(acknowledged.values_list("rating", flat=True))
    assert referrals.filter(route__code="ews", state=workflow.CLOSED).exists()
    assert referrals.filter(route__code="police-cpt").exclude(state=workflow.DRAFT).exists()
    by_staff = referrals.filter(sent_without_dsl=True)
    assert by_staff.count() >= 2
    for referral in by_staff:
        assert referral.sent_by.memberships.get().role == Role.STAFF
    assert all(r.concern and r.concern.child_id == r.child_id for r in referrals)
    assert referrals.exclude(screening=None).exists()  # the latest screening attached
    # The enquiry's requests: one answered by the police, one overdue and unanswered.
    now = timezone.now()
    requests = PartnerRequest.objects.filter(referral__state=workflow.ENQUIRY)
    assert requests.filter(partner__kind="police", answered_by__username="police").exists()
    assert requests.filter(answered_at__isnull=True, due_at__lt=now).exists()
    assert Challenge.objects.filter(answered_at__isnull=True).count() == 1
    references = list(referrals.exclude(reference="").values_list("reference", flat=True))
    assert len(set(references)) == len(references) == sum(states.values()) - states["draft"]
    assert all(re.fullmatch(r"REF-20\d\d-\d{6}", reference) for reference in references)


@pytest.mark.django_db
def test_referral_clocks_read_as_a_working_front_doors(northmoor: None) -> None:
    """Steps happened in order, in the past; some live referrals are overdue, some in time;
    every running clock counts from its start with the front door's calendar."""
    from vigil.core.clocks import ClockRule, deadline
    from vigil.core.selectors import working_calendar_for
    from vigil.referrals import workflow
    from vigil.referrals.models import Referral, Step

    now = timezone.now()
    live = Referral.objects.filter(state__in=workflow.LIVE)
    assert live.filter(next_due_at__lt=now).exists() and live.filter(next_due_at__gt=now).exists()
    for referral in Referral.objects.exclude(state=workflow.DRAFT):
        moments = [
            referral.created_at,
            referral.sent_at,
            *(m for m in (referral.acknowledged_at, referral.decided_at) if m),
            *(m for m in (referral.outcome_at, referral.feedback_at, referral.closed_at) if m),
        ]
        assert moments == sorted(moments) and moments[-1] <= now, referral.reference
        steps = list(Step.objects.filter(referral=referral).values_list("at", flat=True))
        assert steps == sorted(steps) and steps[-1] <= now and steps[1] <= referral.sent_at
        running = Clock.objects.filter(subject_id=referral.pk, stopped_at__isnull=True)
        for clock in running.select_related("organisation"):
            calendar = working_calendar_for(clock.organisation)
            limit = deadline(ClockRule(clock.counts, clock.n), clock.started_at, calendar)
            assert (clock.due_at, clock.warn_at) == (limit.due, limit.warn_at), clock.kind
        if running:
            assert referral.next_due_at == min(c.due_at for c in running)


@pytest.mark.django_db
def test_no_referral_text_blames_a_child(northmoor: None) -> None:
    from vigil.referrals.models import Challenge, PartnerRequest, Referral, Step

    texts: dict[str, str] = {}
    for referral in Referral.objects.all():
        for name, value in referral.answers.items():
            if isinstance(value, str):
                texts[f"{referral.pk} {name}"] = value
        for name in ("rating_reason", "outcome_reason", "feedback", "withdrawn_reason"):
            texts[f"{referral.pk} {name}"] = getattr(referral, name)
    for step in Step.objects.exclude(reason=""):
        texts[f"step {step.pk}"] = step.reason
    for request in PartnerRequest.objects.all():
        texts |= {
            f"request {request.pk} q": request.question,
            f"request {request.pk}": request.answer,
        }
    for challenge in Challenge.objects.all():
        texts[f"challenge {challenge.pk}"] = challenge.reason
    assert len(texts) > 200
    assert wording_prompts(texts) == []


@pytest.mark.django_db
def test_a_second_load_changes_nothing(northmoor: None) -> None:
    from vigil.referrals.models import Referral, Route, Step

    def counts() -> list[int]:
        models = (Child, Concern, Decision, ChronologyEntry, Share, Clock, AuditEvent)
        models += (Route, Referral, Step)
        return [model.objects.count() for model in models]

    before = counts()
    assert demo.load() is False
    assert counts() == before
