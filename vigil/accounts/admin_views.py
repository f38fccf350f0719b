"""Administration pages: organisations and people. Thin: each parses a form, calls one
service or selector, and renders. Anything the administrator may not see answers 404."""

from __future__ import annotations

import uuid

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts import policy, selectors, services
from vigil.accounts.forms import (
    MembershipForm,
    OrganisationCreateForm,
    OrganisationForm,
    PeopleSearchForm,
    PersonCreateForm,
    PersonEditForm,
    SearchForm,
)
from vigil.accounts.models import Membership, Person
from vigil.accounts.policy import person_of
from vigil.core.forms import ClosureForm
from vigil.core.selectors import closures_for
from vigil.core.versioning import EditConflictError
from vigil.web.errors import add_service_errors

PAGE_SIZE = 25


def _admin(request: HttpRequest) -> Person:
    person = person_of(request)
    if not policy.is_admin(person):
        raise Http404
    return person


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    context = {
        "partnership_admin": policy.is_partnership_admin(actor),
        "organisations": selectors.organisations_administered_by(actor=actor)[:10],
    }
    return render(request, "accounts/admin/index.html", context)


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = SearchForm(request.GET)
    search = form.data.get("q", "")
    found = selectors.organisations_administered_by(actor=actor, search=search)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "search": search,
        "can_create": policy.is_partnership_admin(actor),
    }
    return render(request, "accounts/admin/organisations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_new(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    if not policy.is_partnership_admin(actor):
        raise Http404
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            organisation = services.organisation_create(actor=actor, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{organisation.name} has been added.")
            return redirect("accounts_admin:organisation", organisation_id=organisation.pk)
    return render(
        request, "accounts/admin/organisation_form.html", {"form": form, "creating": True}
    )


@login_required
def organisation(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    found = selectors.organisation_for_admin(actor=actor, organisation_id=organisation_id)
    people = selectors.people_administered_by(actor=actor, organisation_id=found.pk)
    context = {
        "organisation": found,
        "people": Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")),
        "closures": closures_for(found),
        "closure_form": ClosureForm(),
    }
    return render(request, "accounts/admin/organisation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    found = selectors.organisation_for_admin(actor=actor, organisation_id=organisation_id)
    can_change_kind = policy.is_partnership_admin(actor)
    initial = {field: getattr(found, field) for field in services.ORGANISATION_FIELDS}
    form = OrganisationForm(
        request.POST or None,
        initial={**initial, "version": found.version},
        can_change_kind=can_change_kind,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.organisation_update(actor=actor, organisation=found, version=version, **data)
        except (ValidationError, EditConflictError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("accounts_admin:organisation", organisation_id=found.pk)
    context = {"form": form, "organisation": found, "creating": False}
    return render(request, "accounts/admin/organisation_form.html", context)


@login_required
def people(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = PeopleSearchForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    found = selectors.people_administered_by(
        actor=actor, search=data.get("q", ""), role=data.get("role", "")
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/admin/people.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    actor = _admin(request)
    form = PersonCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{person.full_name} has been added. We have e-mailed them a link to choose a password.",
            )
            return redirect("accounts_admin:person", person_id=person.pk)
    return render(request, "accounts/admin/person_new.html", {"form": form})


@login_required
def person(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    found = selectors.person_for_admin(actor=actor, person_id=person_id)
    context = {
        "person": found,
        "memberships": selectors.memberships_of(found),
        "membership_form": MembershipForm(actor=actor),
        "has_second_factor": Authenticator.objects.filter(user=found).exists(),
    }
    return render(request, "accounts/admin/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    found = selectors.person_for_admin(actor=actor, person_id=person_id)
    initial = {
        "full_name": found.full_name,
        "email": found.email,
        "job_title": found.job_title,
        "version": found.version,
    }
    form = PersonEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.person_update(actor=actor, person=found, version=version, **data)
        except (ValidationError, EditConflictError) as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("accounts_admin:person", person_id=found.pk)
    return render(request, "accounts/admin/person_edit.html", {"form": form, "person": found})


@login_required
@require_POST
def membership_add(request: HttpRequest, person_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    found = selectors.person_for_admin(actor=actor, person_id=person_id)
    form = MembershipForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            services.membership_add(actor=actor, person=found, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The role has been added.")
            return redirect("accounts_admin:person", person_id=found.pk)
    context = {
        "person": found,
        "memberships": selectors.memberships_of(found),
        "membership_form": form,
        "has_second_factor": Authenticator.objects.filter(user=found).exists(),
    }
    return render(request, "accounts/admin/person.html", context, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: uuid.UUID) -> HttpResponse:
    actor = _admin(request)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "organisation"),
        pk=membership_id,
        ended_at__isnull=True,
    )
    found = selectors.person_for_admin(actor=actor, person_id=membership.person_id)
    if not policy.can_grant_role(actor, membership.organisation_id, membership.role):
        raise Http404
    if request.method == "POST":
        services.membership_end(actor=actor, membership=membership)
        messages.success(request, f"{found.full_name} no longer holds that role.")
        return redirect("accounts_admin:person", person_id=found.pk)
    context = {
        "title": f"End {found.full_name}'s role as {membership.get_role_display().lower()} at {membership.organisation.name}?",
        "body": "They will lose the access the role gives them straight away. The role stays on their record as ended.",
        "button": "End the role",
        "cancel": f"/administration/people/{found.pk}/",
    }
    return render(request, "web/confirm.html", context)


def _person_action(request: HttpRequest, person_id: uuid.UUID, action: str) -> HttpResponse:
    actor = _admin(request)
    found = selectors.person_for_admin(actor=actor, person_id=person_id)
    text = PERSON_ACTIONS[action]
    if request.method == "POST":
        text["run"](actor, found)
        messages.success(request, text["done"].format(name=found.full_name))
        return redirect("accounts_admin:person", person_id=found.pk)
    context = {
        "title": text["title"].format(name=found.full_name),
        "body": text["body"],
        "button": text["button"],
        "cancel": f"/administration/people/{found.pk}/",
        "warning": action in ("deactivate", "reset-second-factor"),
    }
    return render(request, "web/confirm.html", context)


PERSON_ACTIONS: dict[str, dict] = {
    "deactivate": {
        "title": "Deactivate {name}'s account?",
        "button": "Deactivate account",
        "body": "They will be signed out at once and will not be able to sign in. Everything they recorded stays.",
        "done": "{name}'s account has been deactivated.",
        "run": lambda actor, person: services.person_set_active(
            actor=actor, person=person, active=False
        ),
    },
    "reactivate": {
        "title": "Reactivate {name}'s account?",
        "button": "Reactivate account",
        "body": "They will be able to sign in again with their password and second factor.",
        "done": "{name}'s account has been reactivated.",
        "run": lambda actor, person: services.person_set_active(
            actor=actor, person=person, active=True
        ),
    },
    "reset-second-factor": {
        "title": "Reset {name}'s second factor?",
        "button": "Reset second factor",
        "body": "Do this only when they have lost their phone or security key, and you have checked who is asking. They will be signed out, and asked to set up a new authenticator app when they next sign in.",
        "done": "{name}'s second factor has been reset.",
        "run": lambda actor, person: services.person_second_factor_reset(
            actor=actor, person=person
        ),
    },
    "send-setup-link": {
        "title": "Send {name} a new link to choose a password?",
        "button": "Send the link",
        "body": "We will e-mail them a link that works once, for three days.",
        "done": "We have e-mailed {name} a new link.",
        "run": lambda actor, person: services.person_setup_link_resend(actor=actor, person=person),
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def person_action(request: HttpRequest, person_id: uuid.UUID, action: str) -> HttpResponse:
    if action not in PERSON_ACTIONS:
        raise Http404
    return _person_action(request, person_id, action)
