"""Permission matrix entries for the missing-episode pages: URL pattern -> Entry.

"own" is an episode of a child of the school, recorded by its member of staff; "other" one of
a child of the other school, recorded by its DSL. An episode is part of the child's file: its
case leads see it, and the member of staff who recorded it; the return home interview is the
case leads'. A repeated-episode flag of the school's child, who has an open referral to the
MASH, is seen by the MASH too.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.architecture.test_permission_matrix import (
    CASE_LEAD,
    OWN,
    PARTNERSHIP_ADMIN,
    RECORDER,
    Entry,
    _signed_in_only,
)

SCHOOL_RECORDERS = {"staff", "dsl", "deputy", "manager"}
SCHOOL_LEADS = {"dsl", "deputy", "manager"}


def _by(own: set[str], other: set[str], ok: set[object] | None = None):
    return _signed_in_only(lambda role, rel: role in (own if rel == OWN else other), ok)


# Who may record about the child, and who may see the episode (its recorder and case leads).
EPISODE_RECORDERS = _by(SCHOOL_RECORDERS, {"other_dsl"})
EPISODE_READERS = EPISODE_RECORDERS
EPISODE_LEADS = _by(SCHOOL_LEADS, {"other_dsl"})
CONCERN_STARTERS = _by(SCHOOL_RECORDERS, {"other_dsl"}, {302})
FLAG_READERS = _by(SCHOOL_LEADS | {"mash", "mash_manager"}, {"other_dsl"})
FLAG_LISTS = _signed_in_only(
    lambda role, rel: role in {"dsl", "deputy", "manager", "other_dsl", "mash", "mash_manager"}
)


def _child(w, rel):
    from tests.factories import child_in

    school, recorder = (w.school, w["staff"]) if rel == OWN else (w.other_school, w["other_dsl"])
    return child_in(school, recorder), recorder


def _episode(w, rel, hours_ago: int = 30, child=None):
    from vigil.missing.services import episode_record

    made, recorder = _child(w, rel)
    return episode_record(
        actor=recorder,
        child=child or made,
        missing_since=timezone.now() - timedelta(hours=hours_ago),
        missing_from="Home",
        reported_by="Testparent Example, mother",
    )


def _returned(w, rel):
    from vigil.missing.services import episode_return

    episode = _episode(w, rel)
    lead = w["dsl"] if rel == OWN else w["other_dsl"]
    return episode_return(
        actor=lead,
        episode=episode,
        version=episode.version,
        returned_at=timezone.now() - timedelta(hours=20),
        found_at="Came home on their own",
        condition="Tired; no injuries seen.",
    )


def _episode_id(w, rel, who):
    return {"episode_id": _episode(w, rel).pk}


def _returned_id(w, rel, who):
    return {"episode_id": _returned(w, rel).pk}


def _interview_id(w, rel, who):
    from vigil.missing.services import interview_record

    episode = _returned(w, rel)
    interview = interview_record(
        actor=w["dsl"] if rel == OWN else w["other_dsl"],
        episode=episode,
        version=episode.version,
        outcome="done",
        happened_at=timezone.now() - timedelta(hours=2),
        interviewer="Robin Sample",
        interviewer_role="Example Children's Charity",
        disclosures="Matrix: a disclosure.",
    )
    return {"interview_id": interview.pk}


def _flag_id(w, rel, who):
    from tests.factories import referral_sent
    from vigil.missing.models import RepeatFlag

    child, _ = _child(w, rel)
    if rel == OWN:
        referral_sent(w, child=child)
    for days in (40, 20, 2):
        _episode(w, rel, hours_ago=days * 24, child=child)
    return {"flag_id": RepeatFlag.objects.get(child=child).pk}


def _child_id(w, rel, who):
    return {"child_id": _child(w, rel)[0].pk}


MATRIX: dict[str, Entry] = {
    "missing/": Entry(RECORDER),
    "missing/new/": Entry(RECORDER),
    "missing/new/emergency/": Entry(RECORDER),
    "missing/new/child/": Entry(RECORDER, data={"risk": "no"}),
    "missing/new/<uuid:child_id>/": Entry(EPISODE_RECORDERS, kwargs=_child_id, data={"risk": "no"}),
    "missing/episodes/<uuid:episode_id>/": Entry(EPISODE_READERS, kwargs=_episode_id),
    "missing/episodes/<uuid:episode_id>/return/": Entry(EPISODE_READERS, kwargs=_episode_id),
    "missing/episodes/<uuid:episode_id>/interview/": Entry(EPISODE_LEADS, kwargs=_returned_id),
    "missing/interviews/<uuid:interview_id>/concern/": Entry(
        CONCERN_STARTERS, method="post", kwargs=_interview_id
    ),
    "missing/interviews/": Entry(CASE_LEAD),
    "missing/flags/": Entry(FLAG_LISTS),
    "missing/flags/<uuid:flag_id>/": Entry(FLAG_READERS, kwargs=_flag_id),
    "administration/missing-episodes/": Entry(PARTNERSHIP_ADMIN),
}
