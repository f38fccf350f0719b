"""Permission matrix entries for the referral's PDF: URL pattern -> Entry.

The same people as the referral's page: for a referral the school's DSL sent ("own"), the
school's case leads (its DSL, deputy and manager) and the MASH it went to; for one the other
school's DSL sent ("other"), that DSL and the MASH. Staff see only a referral they sent
themselves, so neither of these.
"""

from __future__ import annotations

from tests.architecture.test_permission_matrix import OWN, Entry, _signed_in_only
from tests.conftest import World

RECEIVERS = {"mash", "mash_manager"}
READERS = {OWN: {"dsl", "deputy", "manager"} | RECEIVERS, "other": {"other_dsl"} | RECEIVERS}
REFERRAL_READERS = _signed_in_only(lambda role, rel: role in READERS[rel])


def _sent_referral(w: World, rel: str, who: object) -> dict[str, object]:
    from tests.factories import child_in, referral_sent

    if rel == OWN:
        referral = referral_sent(w, by=w["dsl"])
    else:
        child = child_in(w.other_school, w["other_dsl"])
        referral = referral_sent(w, child=child, by=w["other_dsl"])
    return {"referral_id": referral.pk}


MATRIX: dict[str, Entry] = {
    "referrals/<uuid:referral_id>/pdf/": Entry(REFERRAL_READERS, kwargs=_sent_referral),
}
