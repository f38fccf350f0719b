"""The child's file pages: the list, the file with its chronology, identity, corrections and
shares. Thin: each parses, calls one selector or service, renders. Opening a file is logged by
the selector that reads it."""

from __future__ import annotations

import copy
import uuid

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts import policy as access
from vigil.accounts.models import Person
from vigil.accounts.policy import person_of
from vigil.children import policy, selectors
from vigil.children.chronology_html import Showing, entries_html
from vigil.children.forms import ChildForm, CorrectionForm, KindFilterForm, ShareForm
from vigil.children.services import child_update, entry_correct, share_create
from vigil.missing import policy as missing_policy
from vigil.missing import selectors as missing_selectors
from vigil.referrals import policy as referral_policy
from vigil.referrals import selectors as referral_selectors
from vigil.screening import policy as screening_policy
from vigil.screening import selectors as screening_selectors
from vigil.screening.chart import chart
from vigil.web.errors import service_submit

PAGE = 100


@login_required
@require_GET
def child_list(request: HttpRequest) -> HttpResponse:
    actor = person_of(request)
    if not access.organisations_where(actor, *access.CASE_LEADS):
        raise Http404
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.children_of(actor=actor, query=query), 50).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "query": query, "shares": selectors.shares_with_me(actor=actor)[:20]}
    return render(request, "children/list.html", context)


@login_required
@require_GET
def child_file(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """The file: identity and statuses, then the chronology (filterable, printable)."""
    actor = person_of(request)
    purpose = "print" if request.GET.get("print") else "view"
    file = selectors.child_file_open(actor=actor, child_id=child_id, purpose=purpose)
    filters = KindFilterForm(request.GET or None)
    kind = filters.cleaned_data["kind"] if filters.is_valid() else ""
    entries = selectors.chronology_for(actor=actor, file=file, kind=kind)
    page = Paginator(entries, PAGE).get_page(request.GET.get("page"))
    can_correct = not file.shared_only and policy.can_record_at(actor, file.child.organisation_id)
    showing = Showing(
        child_id=file.child.pk,
        concern_links=not file.shared_only,
        corrections=can_correct and purpose != "print",
    )
    context = {
        "file": file,
        "child": file.child,
        "page": page,
        "filters": filters,
        "kind": kind,
        "printing": purpose == "print",
        "can_edit": not file.shared_only and policy.can_edit_identity(actor, file.child),
        "can_share": policy.can_share(actor, file.child),
        "entries_html": entries_html(page, showing),
        **_screenings(actor, file),
        **_referrals(actor, file),
        **_missing(actor, file),
    }
    return render(request, "children/file.html", context)


def _screenings(actor: Person, file: selectors.ChildFile) -> dict[str, object]:
    """The file's screenings: their levels over time, and starting one (DSLs)."""
    if file.shared_only:
        return {}
    screenings = list(screening_selectors.screenings_of(actor=actor, child=file.child)[:20])
    final = [s for s in reversed(screenings) if s.is_final]
    return {
        "screenings": screenings,
        "screening_chart": chart([(s.assessed_on, s.judged_level, s.score) for s in final])
        if len(final) > 1
        else None,
        "can_screen": screening_policy.can_screen(actor, file.child),
    }


def _referrals(actor: Person, file: selectors.ChildFile) -> dict[str, object]:
    """The child's referrals (one query), and referring the child: on the organisation's own
    file only."""
    if file.relationship is not access.Relationship.OWN:
        return {}
    return {
        "referrals": referral_selectors.referrals_of_child(actor=actor, child=file.child),
        "can_refer": referral_policy.can_refer(actor, file.child),
    }


def _missing(actor: Person, file: selectors.ChildFile) -> dict[str, object]:
    """The child's latest missing episodes (one query), and recording one: not on a file
    seen only through a share."""
    if file.shared_only:
        return {}
    return {
        "missing_episodes": missing_selectors.episodes_on_file(actor=actor, file=file),
        "can_record_missing": missing_policy.can_record_for(actor, file.child),
    }


@login_required
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    child = file.child
    if not policy.can_edit_identity(actor, child):
        raise Http404
    form = ChildForm(
        request.POST or None, instance=copy.copy(child), initial={"version": child.version}
    )
    done = service_submit(
        request,
        form,
        lambda: child_update(actor=actor, child=child, **form.cleaned_data),
        success="The child's details have been saved.",
        then=f"/children/{child.pk}/",
    )
    if done:
        return done
    status = 422 if form.errors else 200
    return render(request, "children/edit.html", {"child": child, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct_page(
    request: HttpRequest, child_id: uuid.UUID, entry_id: uuid.UUID
) -> HttpResponse:
    actor = person_of(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    entry = file.child.entries.filter(pk=entry_id).first()
    if entry is None or file.shared_only or not policy.can_correct(actor, entry, file.child):
        raise Http404
    form = CorrectionForm(request.POST or None)
    done = service_submit(
        request,
        form,
        lambda: entry_correct(actor=actor, entry=entry, **form.cleaned_data),
        success="Your correction has been added to the chronology.",
        then=f"/children/{file.child.pk}/#entry-{entry.pk}",
    )
    if done:
        return done
    context = {"child": file.child, "entry": entry, "form": form}
    return render(request, "children/correct.html", context, status=422 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    actor = person_of(request)
    file = selectors.child_file_check(actor=actor, child_id=child_id)
    child = file.child
    if not policy.can_share(actor, child):
        raise Http404
    form = ShareForm(request.POST or None, child=child)
    done = service_submit(
        request,
        form,
        lambda: share_create(actor=actor, child=child, **form.share_arguments()),
        success="The entries have been shared. The other organisation's DSLs have been told.",
        then=f"/children/{child.pk}/",
    )
    if done:
        return done
    return render(
        request,
        "children/share.html",
        {"child": child, "form": form},
        status=422 if form.errors else 200,
    )
