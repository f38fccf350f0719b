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
def test_a_second_load_changes_nothing(northmoor: None) -> None:
    def counts() -> list[int]:
        models = (Child, Concern, Decision, ChronologyEntry, Share, Clock, AuditEvent)
        return [model.objects.count() for model in models]

    before = counts()
    assert demo.load() is False
    assert counts() == before
