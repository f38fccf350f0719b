"""The referral pages: the referrer's side, the front door's side, the PDF, and the
partnership's referral routes (configuration)."""

from vigil.referrals import draft_views, mash_views, pdf_views, referral_views, route_views

app_name = "referrals"

urlpatterns = [
    *referral_views.urlpatterns,
    *draft_views.urlpatterns,
    *mash_views.urlpatterns,
    *pdf_views.urlpatterns,
    *route_views.urlpatterns,
]
