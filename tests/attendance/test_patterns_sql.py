"""The database's answers (flag_store.py) are the rules' answers (patterns.py), for generated
marks and thresholds: on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.attendance.marks import TODAY, upn
from tests.factories import child_in
from vigil.attendance import flag_store, patterns, store
from vigil.attendance.models import AttendanceMark
from vigil.attendance.patterns import Thresholds

pytestmark = pytest.mark.django_db

# A few of each kind, so that every pattern turns up often.
CODES = ["/", "\\", "L", "B", "I", "M", "N", "O", "U", "G", "#", "Y2", "D"]
DAYS = [TODAY - timedelta(days=n) for n in range(45)]

thresholds = st.builds(
    Thresholds,
    persistent_sessions=st.integers(10, 40),
    persistent_percent=st.integers(50, 99),
    persistent_minimum=st.integers(1, 12),
    part_day_count=st.integers(1, 3),
    part_day_days=st.integers(7, 30),
)
# Recent days more often than older ones, so that today's and the last weeks' patterns occur.
days = st.one_of(st.sampled_from(DAYS[:12]), st.sampled_from(DAYS[:30]), st.sampled_from(DAYS))
a_childs_marks = st.dictionaries(
    st.tuples(days, st.sampled_from(["AM", "PM"])),
    st.sampled_from(CODES),
    min_size=6,
    max_size=70,
)


@pytest.fixture
def children(world):
    return {
        upn(n): child_in(world.school, world["dsl"], upn=upn(n), given_names=f"Child{n}")
        for n in range(3)
    }


def _store(school, children, marks_by_upn) -> None:
    AttendanceMark.objects.filter(school=school).delete()
    rows = [
        (pupil, day, session, code, children[pupil].pk)
        for pupil, marks in marks_by_upn.items()
        for (day, session), code in marks.items()
    ]
    store.marks_upsert(school.pk, rows, lambda done: None)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(marks=st.lists(a_childs_marks, min_size=3, max_size=3), rules=thresholds)
def test_the_database_finds_what_the_rules_say(world, children, marks, rules) -> None:
    by_upn = dict(zip(children, marks, strict=True))
    _store(world.school, children, by_upn)
    expected: dict[str, dict[object, object]] = {
        "persistent": {},
        "part-day": {},
        "unexplained": {},
    }
    for pupil, given_marks in by_upn.items():
        listed = [(day, session, code) for (day, session), code in given_marks.items()]
        child = children[pupil].pk
        for finding in (
            patterns.persistent(listed, rules),
            patterns.part_days(listed, TODAY, rules),
            patterns.unexplained(listed, TODAY),
        ):
            if finding is not None:
                expected[finding.kind][child] = finding
    assert flag_store.persistent_absence(world.school.pk, rules) == expected["persistent"]
    assert flag_store.part_day_absence(world.school.pk, TODAY, rules) == expected["part-day"]
    assert flag_store.unexplained_absence(world.school.pk, TODAY) == expected["unexplained"]


def test_the_window_takes_a_days_afternoon_as_later_than_its_morning(world, children) -> None:
    pupil = next(iter(children))
    day = date(2026, 11, 24)
    _store(world.school, children, {pupil: {(day, "AM"): "/", (day, "PM"): "O"}})
    last_session = Thresholds(persistent_sessions=1, persistent_minimum=1)
    found = flag_store.persistent_absence(world.school.pk, last_session)
    assert found[children[pupil].pk].detail == {
        "present": 0,
        "possible": 1,
        "sessions": 1,
        "first": "2026-11-24",
        "last": "2026-11-24",
    }
    assert patterns.persistent([(day, "AM", "/"), (day, "PM", "O")], last_session) is not None
