"""The pure rules of missing episodes: standard library only, the interview's moves as a
table, the factors' wording, and the time left as people read it."""

from __future__ import annotations

import ast
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from vigil.missing import rules
from vigil.missing.templatetags.missing_time import time_left

RULES = Path(rules.__file__)


def test_the_rules_import_only_the_standard_library() -> None:
    tree = ast.parse(RULES.read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize(
    ("standing", "allowed"),
    [
        ("", {"offered", "declined", "done"}),
        ("offered", {"offered", "declined", "done"}),
        ("declined", {"done"}),
        ("done", set()),
    ],
)
def test_what_may_be_recorded_next(standing: str, allowed: set[str]) -> None:
    assert {o for o in rules.OUTCOMES if rules.may_record(standing, o)} == allowed


def test_declined_or_held_stop_the_clock() -> None:
    assert {"declined", "done"} == rules.STOPS_THE_CLOCK


def test_the_factors_never_blame_the_child() -> None:
    words = " ".join([*rules.PUSH_FACTORS.values(), *rules.PULL_FACTORS.values()]).lower()
    for phrase in (
        "putting themselves",
        "risk-taking",
        "lifestyle",
        "choos",
        "consent",
        "promiscu",
        "boyfriend",
        "girlfriend",
        "streetwise",
    ):
        assert phrase not in words


def test_other_needs_its_words_and_its_tick() -> None:
    assert rules.factor_problems(["other"], " ", rules.PUSH_FACTORS) == (
        "other",
        "Say what the other factor is",
    )
    assert rules.factor_problems([], "A dog", rules.PUSH_FACTORS)[0] == "other"
    assert rules.factor_problems(["nope"], "", rules.PULL_FACTORS)[0] == "factors"
    assert rules.factor_problems(["friends", "other"], "A dog", rules.PULL_FACTORS) is None


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (72 * 60, "3 days left"),
        (49 * 60 + 30, "2 days 1 hour left"),
        (90, "1 hour 30 minutes left"),
        (1, "1 minute left"),
        (-26 * 60, "Overdue by 1 day 2 hours"),
        (0, "Overdue by 0 minutes"),
    ],
)
def test_time_left(minutes: int, shown: str) -> None:
    now = datetime(2026, 11, 24, 10, tzinfo=UTC)
    assert time_left(now + timedelta(minutes=minutes), now) == shown
