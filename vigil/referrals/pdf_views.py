"""The referral as a PDF, downloaded from the referral's page. Thin: the one selector that opens
the referral with the same rules as the page (and puts the download on the access log), then
the document.

A referral the person may not see answers exactly as one that does not exist (404).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from vigil.accounts.policy import person_of
from vigil.referrals import selectors
from vigil.referrals.document import referral_pdf
from vigil.referrals.models import Referral


def filename_of(referral: Referral) -> str:
    """`REF-2026-000123.pdf`; a draft has no reference yet."""
    return f"{referral.reference}.pdf" if referral.reference else "referral-draft.pdf"


@login_required
@require_GET
def referral_download(request: HttpRequest, referral_id: uuid.UUID) -> HttpResponse:
    referral = selectors.referral_open(
        actor=person_of(request), referral_id=referral_id, purpose="download"
    )
    response = HttpResponse(referral_pdf(referral), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename_of(referral)}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("referrals/<uuid:referral_id>/pdf/", referral_download, name="pdf"),
]
