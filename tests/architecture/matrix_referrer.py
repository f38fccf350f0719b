"""Permission matrix entries for the referrer's pages: URL pattern -> Entry.

A sent referral: "own" is a referral of a child of the school sent by its member of staff (so
that staff, who see only their own referral, see it too), "other" one of a child of the other
school sent by its DSL. The school's case leads see the school's referrals; the MASH's
practitioner and manager every referral sent to the MASH. Only the referrer's side (who sent
it, and the referring organisation's case leads) withdraws or follows up: a form posted empty
comes back with its messages (422).

A draft is its author's alone: "own" is a draft by the person themselves when they may refer
at the school, otherwise (and for "other") someone else's draft.
"""

from __future__ import annotations

from tests.architecture.test_permission_matrix import OWN, RECORDER, Entry, _signed_in_only
from tests.conftest import World

SCHOOL_REFERRERS = {"staff", "dsl", "deputy", "manager"}
FRONT_DOOR = {"mash", "mash_manager"}
READERS = {OWN: SCHOOL_REFERRERS | FRONT_DOOR, "other": {"other_dsl"} | FRONT_DOOR}
REFERRER_SIDE = {OWN: SCHOOL_REFERRERS, "other": {"other_dsl"}}

REFERRAL_READERS = _signed_in_only(lambda role, rel: role in READERS[rel])
REFERRER_ACTS = _signed_in_only(lambda role, rel: role in REFERRER_SIDE[rel], {422})
# Starting a draft: anyone who may record a concern at the child's organisation (302 to it).
REFERS = _signed_in_only(lambda role, rel: role in REFERRER_SIDE[rel], {302})
DRAFT_AUTHOR = _signed_in_only(lambda role, rel: rel == OWN and role in SCHOOL_REFERRERS)


def _sent(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.factories import child_in, referral_sent

    if rel == OWN:
        referral = referral_sent(w, by=w["staff"])
    else:
        child = child_in(w.other_school, w["other_dsl"])
        referral = referral_sent(w, child=child, by=w["other_dsl"])
    return {"referral_id": referral.pk}


def _draft(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.factories import child_in
    from vigil.referrals.services import referral_start

    mine = rel == OWN and who is not None and who in {w[r] for r in SCHOOL_REFERRERS}
    author = who if mine else (w["dsl"] if who == w["staff"] else w["staff"])
    child = child_in(w.school, w["dsl"])
    return {"referral_id": referral_start(actor=author, child=child).pk}


def _child(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.factories import child_in

    school, recorder = (w.school, w["dsl"]) if rel == OWN else (w.other_school, w["other_dsl"])
    return {"child_id": child_in(school, recorder).pk}


MATRIX: dict[str, Entry] = {
    "referrals/": Entry(RECORDER),
    "children/<uuid:child_id>/referrals/new/": Entry(REFERS, method="post", kwargs=_child),
    "referrals/<uuid:referral_id>/edit/": Entry(DRAFT_AUTHOR, kwargs=_draft),
    "referrals/<uuid:referral_id>/": Entry(REFERRAL_READERS, kwargs=_sent),
    "referrals/<uuid:referral_id>/withdraw/": Entry(REFERRER_ACTS, method="post", kwargs=_sent),
    "referrals/<uuid:referral_id>/challenge/": Entry(REFERRER_ACTS, method="post", kwargs=_sent),
}
