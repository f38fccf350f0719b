"""Permission matrix entries for briefings. "own" is a briefing for everyone working in schools
(the school's staff, DSLs, deputies and managers, and the other school's DSL); "other" is one
for the MASH's practitioners only. A read report is "own" at the school and "other" at the
other school. The administrators' pages are the partnership administrators' alone."""

from __future__ import annotations

from tests.architecture.test_permission_matrix import (
    CASE_LEAD,
    FILE_READERS,
    OWN,
    PARTNERSHIP_ADMIN,
    SIGNED_IN,
    Entry,
    _signed_in_only,
)
from tests.briefings.publishing import published
from tests.conftest import World

SCHOOL_AUDIENCE = {"staff", "dsl", "deputy", "manager", "other_dsl"}
# Who may open each: its audience, the partnership's administrators, and the case leads of
# organisations of its kinds (a MASH manager for the MASH's briefing).
OPENERS = _signed_in_only(
    lambda role, rel: (
        role in ({*SCHOOL_AUDIENCE, "admin"} if rel == OWN else {"mash", "mash_manager", "admin"})
    )
)
AUDIENCE = {OWN: SCHOOL_AUDIENCE, "other": {"mash"}}
ANSWERERS = _signed_in_only(lambda role, rel: role in AUDIENCE[rel])
# Confirming with nothing posted: the briefing again, saying what was missing (422).
CONFIRMERS = _signed_in_only(lambda role, rel: role in AUDIENCE[rel], {422})
REMINDERS = _signed_in_only(lambda role, rel: FILE_READERS(role, rel) == {200}, {302})


def _briefing(w: World, rel: str) -> object:
    if rel == OWN:
        return published(w)
    return published(w, title="For the MASH", audience_roles=["mash"], audience_kinds=["mash"])


def _briefing_id(w: World, rel: str, who: object) -> dict[str, object]:
    return {"briefing_id": _briefing(w, rel).pk}


def _version(w: World, rel: str, who: object) -> dict[str, object]:
    return {"version_id": _briefing(w, rel).current_id}


def _question(w: World, rel: str, who: object) -> dict[str, object]:
    return {"question_id": _briefing(w, rel).questions.first().pk}


def _report(w: World, rel: str, who: object) -> dict[str, object]:
    organisation = w.school if rel == OWN else w.other_school
    return {"organisation_id": organisation.pk, "briefing_id": published(w).pk}


def _any_briefing(w: World, rel: str, who: object) -> dict[str, object]:
    return {"briefing_id": published(w).pk}


REPORT = "briefings/reports/<uuid:organisation_id>/<uuid:briefing_id>/"

MATRIX: dict[str, Entry] = {
    "briefings/": Entry(SIGNED_IN),
    "briefings/<uuid:briefing_id>/": Entry(OPENERS, kwargs=_briefing_id),
    "briefings/<uuid:briefing_id>/confirm/": Entry(CONFIRMERS, method="post", kwargs=_briefing_id),
    "briefings/versions/<uuid:version_id>/": Entry(OPENERS, kwargs=_version),
    "briefings/questions/<uuid:question_id>/": Entry(ANSWERERS, kwargs=_question),
    "development-record/": Entry(SIGNED_IN),
    "briefings/reports/": Entry(CASE_LEAD),
    REPORT: Entry(FILE_READERS, kwargs=_report),
    f"{REPORT}remind/": Entry(REMINDERS, method="post", kwargs=_report),
    f"{REPORT}export.csv": Entry(FILE_READERS, kwargs=_report),
    "administration/briefings/": Entry(PARTNERSHIP_ADMIN),
    "administration/briefings/new/": Entry(PARTNERSHIP_ADMIN),
    "administration/briefings/<uuid:briefing_id>/": Entry(PARTNERSHIP_ADMIN, kwargs=_any_briefing),
    "administration/briefings/<uuid:briefing_id>/withdraw/": Entry(
        PARTNERSHIP_ADMIN, kwargs=_any_briefing
    ),
}
