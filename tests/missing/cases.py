"""Missing episodes for tests, recorded through the services as people record them
(fictional throughout)."""

from __future__ import annotations

from datetime import datetime

from vigil.missing.services import episode_record, episode_return, interview_record


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def reported(world, child, when: str, *, by=None, **fields):
    """The child reported missing at `when` (ISO 8601 with its offset)."""
    values = {
        "missing_from": "Home, 1 Example Road",
        "reported_by": "Testparent Example, mother",
        "police_reference": "NP-2026-0001",
        "note": "Last seen walking towards Example Park.",
    }
    values.update(fields)
    return episode_record(
        actor=by or world["staff"], child=child, missing_since=moment(when), **values
    )


def returned(world, episode, when: str, *, by=None, **fields):
    values = {
        "found_at": "Came home on their own",
        "returned_with": "Alone",
        "condition": "Tired and hungry; no injuries seen.",
    }
    values.update(fields)
    episode.refresh_from_db()
    return episode_return(
        actor=by or world["staff"],
        episode=episode,
        version=episode.version,
        returned_at=moment(when),
        **values,
    )


def interviewed(world, episode, outcome: str, when: str, *, by=None, **fields):
    values = {
        "interviewer": "Robin Sample",
        "interviewer_role": "Return home interview worker, Example Children's Charity",
    }
    values.update(fields)
    episode.refresh_from_db()
    return interview_record(
        actor=by or world["dsl"],
        episode=episode,
        version=episode.version,
        outcome=outcome,
        happened_at=moment(when),
        **values,
    )
