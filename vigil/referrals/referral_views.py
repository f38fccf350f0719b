"""The referrer's pages (being built)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path


def referral_page(request: HttpRequest, referral_id: object) -> HttpResponse:
    raise Http404


urlpatterns = [path("referrals/<uuid:referral_id>/", referral_page, name="referral")]
