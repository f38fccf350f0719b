"""Permission matrix entries for the front door's pages: URL pattern -> Entry.

"own" is a referral of a child of the school sent by its DSL, "other" one of a child of the
other school sent by its DSL. Both go to the MASH by the MASH route, so for both the MASH's
practitioner and manager may act and nobody at the schools may. Each referral is moved, with
the services, to the state the action needs; a form posted empty comes back with its messages
(422) where the action needs input, and goes through (302) where it does not.
"""

from __future__ import annotations

from tests.architecture.test_permission_matrix import (
    OWN,
    RECORDER,
    Entry,
    _signed_in_only,
)

FRONT_DOOR = {"mash", "mash_manager"}
# Acting on a referral sent to the MASH: its practitioner and manager, whoever referred.
RECEIVER = _signed_in_only(lambda role, rel: role in FRONT_DOOR, {422})
RECEIVER_BUTTON = _signed_in_only(lambda role, rel: role in FRONT_DOOR, {302})
RECEIVER_PAGE = _signed_in_only(lambda role, rel: role in FRONT_DOOR)
# A professional challenge is answered by the front door's manager only.
FRONT_DOOR_MANAGER = _signed_in_only(lambda role, rel: role == "mash_manager", {422})
# A request to the police: its officer answers it; the front door sees it.
REQUEST_READERS = _signed_in_only(lambda role, rel: role in FRONT_DOOR | {"police"})
REASON = "Matrix: the referral and the screening on receipt support this."


def _sent(w, rel):
    from tests.factories import child_in, referral_sent

    if rel == OWN:
        return referral_sent(w)
    child = child_in(w.other_school, w["other_dsl"])
    return referral_sent(w, child=child, by=w["other_dsl"])


def _moved(w, rel, state):
    """A referral moved by the MASH's practitioner, with the services, as far as `state`."""
    from vigil.referrals import services

    referral = _sent(w, rel)
    mash = w["mash"]
    steps = [
        ("acknowledged", services.referral_acknowledge, {"rating": "amber", "reason": REASON}),
        ("enquiry", services.referral_decide, {"decision": "mash-enquiry", "reason": REASON}),
        ("outcome", services.referral_conclude, {"outcome": "early-help", "reason": REASON}),
        ("feedback-sent", services.referral_feedback, {"feedback": REASON}),
    ]
    for _target, move, arguments in steps:
        if referral.state == state:
            break
        move(actor=mash, referral=referral, version=referral.version, **arguments)
    return referral


def _at(state):
    return lambda w, rel, who: {"referral_id": _moved(w, rel, state).pk}


def _request(w, rel):
    from vigil.referrals import services

    referral = _moved(w, rel, "enquiry")
    return services.partner_request_send(
        actor=w["mash"], referral=referral, partner=w.police, question=REASON
    )


def _request_id(w, rel, who):
    return {"request_id": _request(w, rel).pk}


def _challenge_id(w, rel, who):
    from vigil.referrals import services

    referral = _moved(w, rel, "acknowledged")
    referrer = w["dsl"] if rel == OWN else w["other_dsl"]
    challenge = services.challenge_raise(
        actor=referrer,
        referral=referral,
        reason="Matrix: we disagree with the rating and ask for it to be looked at again.",
    )
    return {"challenge_id": challenge.pk}


MATRIX: dict[str, Entry] = {
    "mash/": Entry(RECEIVER_PAGE),
    "referrals/<uuid:referral_id>/acknowledge/": Entry(RECEIVER, method="post", kwargs=_at("sent")),
    "referrals/<uuid:referral_id>/decide/": Entry(
        RECEIVER, method="post", kwargs=_at("acknowledged")
    ),
    "referrals/<uuid:referral_id>/conclude/": Entry(RECEIVER, method="post", kwargs=_at("enquiry")),
    "referrals/<uuid:referral_id>/feedback/": Entry(RECEIVER, method="post", kwargs=_at("outcome")),
    "referrals/<uuid:referral_id>/close/": Entry(
        RECEIVER_BUTTON, method="post", kwargs=_at("feedback-sent")
    ),
    "referrals/<uuid:referral_id>/assign/": Entry(RECEIVER, method="post", kwargs=_at("sent")),
    "referrals/<uuid:referral_id>/requests/": Entry(RECEIVER, method="post", kwargs=_at("enquiry")),
    "requests/": Entry(RECORDER),
    "requests/<uuid:request_id>/": Entry(REQUEST_READERS, kwargs=_request_id),
    "requests/<uuid:request_id>/chase/": Entry(RECEIVER_BUTTON, method="post", kwargs=_request_id),
    "challenges/<uuid:challenge_id>/answer/": Entry(
        FRONT_DOOR_MANAGER, method="post", kwargs=_challenge_id
    ),
}
