"""Who a briefing is for: one of a person's roles, at an organisation of one of its kinds, in
the same membership. And where a person stands with it. The rules are pure."""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from vigil.accounts.models import OrganisationKind, Role
from vigil.briefings.audience import Audience, Standing, reading_order

ROLES = st.sampled_from(Role.values)
KINDS = st.sampled_from(OrganisationKind.values)
SCHOOLS_STAFF = Audience.of(["staff", "dsl"], ["school"])


def test_a_role_counts_only_at_an_organisation_of_a_listed_kind() -> None:
    assert SCHOOLS_STAFF.includes_any([("staff", "school")])
    assert not SCHOOLS_STAFF.includes_any([("staff", "health")])
    assert not SCHOOLS_STAFF.includes_any([("manager", "school")])
    # Staff at a health team and a manager at a school: neither membership is in it.
    assert not SCHOOLS_STAFF.includes_any([("staff", "health"), ("manager", "school")])
    # Staff at a health team and a DSL at a school: the second is.
    assert SCHOOLS_STAFF.includes_any([("staff", "health"), ("dsl", "school")])
    assert not SCHOOLS_STAFF.includes_any([])


@given(st.sets(ROLES), st.sets(KINDS), st.lists(st.tuples(ROLES, KINDS), max_size=6))
def test_in_the_audience_exactly_when_one_membership_matches_both(roles, kinds, held) -> None:
    audience = Audience.of(roles, kinds)
    expected = any(role in roles and kind in kinds for role, kind in held)
    assert audience.includes_any(held) is expected


@given(st.sets(ROLES), st.sets(KINDS), st.lists(st.tuples(ROLES, KINDS), max_size=6))
def test_more_memberships_never_take_anyone_out(roles, kinds, held) -> None:
    audience = Audience.of(roles, kinds)
    if audience.includes_any(held):
        assert audience.includes_any([*held, ("auditor", "partnership")])


def test_where_a_person_stands() -> None:
    due = date(2027, 1, 31)
    unread = Standing(must_read_by=due, read_current=False)
    assert unread.waiting and unread.must_read
    assert not unread.overdue(due) and unread.overdue(date(2027, 2, 1))
    read = Standing(must_read_by=due, read_current=True)
    assert not read.waiting and not read.must_read and not read.overdue(date(2030, 1, 1))
    optional = Standing(must_read_by=None, read_current=False)
    assert optional.waiting and not optional.must_read and not optional.overdue(date(2030, 1, 1))


def test_dated_briefings_come_first_the_soonest_first() -> None:
    items = [(None, "Alpha"), (date(2027, 3, 1), "Zeta"), (date(2027, 1, 1), "Beta")]
    ordered = sorted(items, key=lambda item: reading_order(*item))
    assert [title for _, title in ordered] == ["Beta", "Zeta", "Alpha"]


def test_the_rules_module_is_pure() -> None:
    path = Path(__file__).resolve().parents[2] / "vigil" / "briefings" / "audience.py"
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    for name in imported:
        top = (name or "").split(".")[0]
        assert top in sys.stdlib_module_names or top == "__future__", name
