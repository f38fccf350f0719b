"""A person's own account: their details and roles, sign-in security, API tokens; and the
break-glass pages."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts import break_glass, policy
from vigil.accounts.forms import BreakGlassForm, TokenForm
from vigil.accounts.models import ApiToken
from vigil.accounts.policy import person_of
from vigil.accounts.selectors import memberships_of
from vigil.accounts.tokens import api_token_create, api_token_revoke, api_tokens_of
from vigil.web.errors import add_service_errors


@login_required
def account(request: HttpRequest) -> HttpResponse:
    person = person_of(request)
    context = {
        "person": person,
        "memberships": memberships_of(person).filter(ended_at__isnull=True),
        "tokens": api_tokens_of(actor=person)[:20],
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def token_new(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = api_token_create(
                actor=person_of(request),
                person=person_of(request),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown once, now: only its digest is stored.
            return render(
                request, "accounts/token_created.html", {"token": token, "secret": secret}
            )
    return render(request, "accounts/token_new.html", {"form": form})


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: uuid.UUID) -> HttpResponse:
    try:
        token = api_token_revoke(actor=person_of(request), token_id=token_id)
    except ApiToken.DoesNotExist:
        raise Http404 from None
    messages.success(request, f"The token “{token.name}” has been revoked. It no longer works.")
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def break_glass_open(request: HttpRequest, kind: str, record_id: uuid.UUID) -> HttpResponse:
    """Open a record outside one's scope, with a reason. Only for those allowed to break
    glass; anyone else, and any record that does not exist, sees the same 404."""
    subject = break_glass.subject_for(kind)
    record = subject.find(record_id) if subject else None
    if subject is None or record is None or not policy.can_break_glass(person_of(request)):
        raise Http404
    if policy.relationship(person_of(request), record) is not policy.Relationship.OTHER:
        return redirect(subject.url(record_id))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass.break_glass_open(
                actor=person_of(request), record=record, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            return redirect(subject.url(record_id))
    context = {
        "form": form,
        "subject": subject,
        "hours": int(break_glass.LASTS.total_seconds() // 3600),
    }
    return render(request, "accounts/break_glass_open.html", context)


@login_required
def break_glass_report(request: HttpRequest, grant_id: uuid.UUID) -> HttpResponse:
    """One break-glass opening, for the auditors and the owning organisation's DSLs."""
    grant = break_glass.break_glass_visible_to(actor=person_of(request)).filter(pk=grant_id).first()
    if grant is None:
        raise Http404
    return render(request, "accounts/break_glass_report.html", {"grant": grant})


@login_required
def break_glass_list(request: HttpRequest) -> HttpResponse:
    visible = break_glass.break_glass_visible_to(actor=person_of(request))
    if not policy.can_read_audit(person_of(request)) and not policy.has_role(
        person_of(request), *policy.DSL_ROLES
    ):
        raise Http404
    page = Paginator(visible, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/break_glass_list.html", {"page": page})
