"""The child's file pages: the list, the file with its chronology, identity, corrections and
shares. Thin: each parses, calls one selector or service, renders. Opening a file is logged by
the selector that reads it."""

from __future__ import annotations

import copy
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from vigil.accounts import policy as access
from vigil.accounts.policy import person_of
from vigil.children import policy, selectors
from vigil.children.forms import ChildForm, CorrectionForm, KindFilterForm, ShareForm
from vigil.children.services import child_update, entry_correct, share_create
from vigil.core.versioning import EditConflictError
from vigil.web.errors import add_service_errors

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
    context = {
        "file": file,
        "child": file.child,
        "page": page,
        "filters": filters,
        "kind": kind,
        "printing": purpose == "print",
        "can_edit": not file.shared_only and policy.can_edit_identity(actor, file.child),
        "can_share": policy.can_share(actor, file.child),
        "can_correct": not file.shared_only
        and policy.can_record_at(actor, file.child.organisation_id),
    }
    return render(request, "children/file.html", context)


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
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            child_update(actor=actor, child=child, version=form.cleaned_data["version"], **fields)
        except (ValidationError, EditConflictError) as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, "The child's details have been saved.")
            return redirect(f"/children/{child.pk}/")
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
    if request.method == "POST" and form.is_valid():
        try:
            entry_correct(actor=actor, entry=entry, correction=form.cleaned_data["correction"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your correction has been added to the chronology.")
            return redirect(f"/children/{file.child.pk}/#entry-{entry.pk}")
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            share_create(
                actor=actor,
                child=child,
                to_organisation=data["to_organisation"],
                entries=list(data["entries"]),
                lawful_basis=data["lawful_basis"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Shared with {data['to_organisation'].name}.")
            return redirect(f"/children/{child.pk}/")
    return render(
        request,
        "children/share.html",
        {"child": child, "form": form},
        status=422 if form.errors else 200,
    )
