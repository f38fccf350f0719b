"""Every write about referrals: drafting and sending, the front door's response, the
enquiry's requests and challenges, and the partnership's referral routes."""

from vigil.referrals.services.drafting import (
    NoRouteError,
    referral_send,
    referral_start,
    referral_update,
)
from vigil.referrals.services.enquiry import (
    challenge_answer,
    challenge_raise,
    partner_request_answer,
    partner_request_chase,
    partner_request_send,
)
from vigil.referrals.services.responding import (
    referral_acknowledge,
    referral_assign,
    referral_close,
    referral_conclude,
    referral_decide,
    referral_feedback,
    referral_withdraw,
)
from vigil.referrals.services.routes import route_add, route_update

__all__ = [
    "NoRouteError",
    "challenge_answer",
    "challenge_raise",
    "partner_request_answer",
    "partner_request_chase",
    "partner_request_send",
    "referral_acknowledge",
    "referral_assign",
    "referral_close",
    "referral_conclude",
    "referral_decide",
    "referral_feedback",
    "referral_send",
    "referral_start",
    "referral_update",
    "referral_withdraw",
    "route_add",
    "route_update",
]
