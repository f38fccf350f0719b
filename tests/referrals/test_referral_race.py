"""Two people acting on the same referral at the same moment: exactly one move wins, the other
is told someone else changed it, and nothing is half done. Real threads, real connections, on
SQLite (a file database) and PostgreSQL alike (ARCHITECTURE.md, Workflows are tables)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from tests.conftest import build_world
from tests.factories import referral_sent
from vigil.core.models import Clock
from vigil.core.versioning import EditConflictError
from vigil.referrals import services, workflow
from vigil.referrals.models import Referral, Step

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]


def _race(*moves: Callable[[], object]) -> list[object]:
    """Run the moves at once, each in its own thread and connection; what each returned or
    raised, in order."""
    outcomes: list[object] = [None] * len(moves)
    barrier = threading.Barrier(len(moves))

    def run(index: int, move: Callable[[], object]) -> None:
        try:
            barrier.wait()
            outcomes[index] = move()
        except BaseException as error:  # reported to the test thread
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def _fresh(referral: Referral) -> Referral:
    """The referral as each practitioner's page loaded it: their own copy."""
    return Referral.objects.select_related("route", "child", "organisation").get(pk=referral.pk)


def _one_won(outcomes: list[object]) -> None:
    losers = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(losers) == 1, outcomes
    assert isinstance(losers[0], EditConflictError | workflow.MoveNotAllowedError), losers


@pytest.mark.parametrize("attempt", range(3))
def test_two_practitioners_rating_at_once_one_wins(attempt: int) -> None:
    world = build_world()
    referral = referral_sent(world)
    version = referral.version
    mine, theirs = _fresh(referral), _fresh(referral)
    outcomes = _race(
        lambda: services.referral_acknowledge(
            actor=world["mash"],
            referral=mine,
            version=version,
            rating="amber",
            reason="Medium screening and no immediate harm.",
        ),
        lambda: services.referral_acknowledge(
            actor=world["mash_manager"],
            referral=theirs,
            version=version,
            rating="red",
            reason="The missing episode makes this red.",
        ),
    )
    _one_won(outcomes)
    winner = next(o for o in outcomes if isinstance(o, Referral))
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.state == workflow.ACKNOWLEDGED
    assert stored.rating == winner.rating
    assert Step.objects.filter(referral=referral, action="acknowledge").count() == 1
    # Exactly one rating clock: the loser started nothing.
    rag = Clock.objects.filter(subject_id=referral.pk, kind__startswith="rag-")
    assert [c.kind for c in rag] == [f"rag-{winner.rating}"]


def test_the_referrer_withdrawing_as_the_front_door_decides_one_wins() -> None:
    world = build_world()
    referral = referral_sent(world)
    services.referral_acknowledge(
        actor=world["mash"],
        referral=referral,
        version=referral.version,
        rating="green",
        reason="Low screening; advice likely to be enough.",
    )
    version = referral.version
    deciding, withdrawing = _fresh(referral), _fresh(referral)
    outcomes = _race(
        lambda: services.referral_decide(
            actor=world["mash"],
            referral=deciding,
            version=version,
            decision="advice-signposting",
            reason="Advice to the school and the family.",
        ),
        lambda: services.referral_withdraw(
            actor=world["dsl"],
            referral=withdrawing,
            version=version,
            reason="Sent to the wrong route by mistake.",
        ),
    )
    _one_won(outcomes)
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.state in {workflow.OUTCOME, workflow.WITHDRAWN}
    moves = Step.objects.filter(referral=referral, action__in=["decide", "withdraw"])
    assert moves.count() == 1
