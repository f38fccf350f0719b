"""The partnership's thresholds for absence flags: its administrators change them here."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from vigil.accounts.policy import person_of
from vigil.attendance import policy, selectors, services
from vigil.attendance.forms import ThresholdsForm
from vigil.web.errors import service_submit


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not policy.can_configure(actor):
        raise Http404
    stored = selectors.absence_settings()
    initial = {**stored.thresholds().as_dict(), "version": stored.version}
    form = ThresholdsForm(request.POST or None, initial=initial)
    done = service_submit(
        request,
        form,
        lambda: services.absence_settings_change(
            actor=actor,
            version=form.cleaned_data["version"],
            thresholds=form.thresholds(),
        ),
        success="The thresholds have been saved. The next flags are computed with them.",
        then=reverse("attendance:thresholds"),
    )
    if done:
        return done
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "stored": stored}
    return render(request, "attendance/thresholds.html", context, status=status)
