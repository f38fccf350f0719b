"""The partnership's referral routes: its administrators list, add and change them; every
change is audited; two administrators editing at once never overwrite each other; bad input is
explained GOV.UK style and kept; a route's open referrals keep their receiver and workflow."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import signed_in
from tests.factories import OrganisationFactory, referral_sent
from vigil.accounts.models import OrganisationKind
from vigil.audit.models import AuditEvent
from vigil.core.versioning import EditConflictError
from vigil.referrals.models import Route
from vigil.referrals.route_selectors import route_fingerprint
from vigil.referrals.routes import DIRECT_CLOCKS, MASH_CLOCKS
from vigil.referrals.services import route_add, route_update

pytestmark = pytest.mark.django_db

LIST = "/administration/referral-routes/"
NEW = "/administration/referral-routes/new/"


def edit_url(route: Route) -> str:
    return f"/administration/referral-routes/{route.pk}/"


def form_data(route: Route | None = None, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Police: child protection team",
        "code": "police-cpt",
        "description": "When a crime against a child may have been committed.",
        "receiver": "",
        "workflow": "direct",
        "clocks": list(DIRECT_CLOCKS),
        "order": "3",
        "is_active": "on",
    }
    if route is not None:
        data |= {
            "name": route.name,
            "code": route.code,
            "description": route.description,
            "receiver": str(route.receiver_id),
            "workflow": route.workflow,
            "clocks": list(route.clocks),
            "order": str(route.order),
            "fingerprint": route_fingerprint(route),
        }
        if not route.is_active:
            data.pop("is_active")
    return data | changes


def test_the_administration_index_links_to_the_routes(world) -> None:
    page = signed_in(world["admin"]).get("/administration/").content.decode()
    assert f'href="{LIST}"' in page


def test_the_list_shows_each_route_with_its_receiver_workflow_and_clocks(world) -> None:
    route_add(
        actor=world["admin"],
        code="ews",
        name="Education welfare service",
        receiver=world.police,
        workflow="direct",
        order=2,
        is_active=False,
    )
    response = signed_in(world["admin"]).get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testshire MASH" in page and "Education welfare service" in page
    assert page.index("Testshire MASH") < page.index("Education welfare service")  # by order
    assert "MASH: rated, with an enquiry" in page and "Direct: acknowledged, then decided" in page
    assert "Outcome by rating" in page and "Not in use" in page
    assert "2 routes" in page


def test_with_no_routes_the_list_says_what_to_do(world) -> None:
    Route.objects.all().delete()
    page = signed_in(world["admin"]).get(LIST).content.decode()
    assert "no referral routes yet" in page and "Add a route" in page


def test_the_add_page_ticks_the_mash_workflow_and_its_clocks(world) -> None:
    page = signed_in(world["admin"]).get(NEW).content.decode()
    for kind in MASH_CLOCKS:
        assert f'value="{kind}"' in page
    assert page.count("checked") == len(MASH_CLOCKS) + 2  # workflow radio and "in use"
    assert world.school.name in page and world.police.name in page


def test_an_administrator_adds_a_route_and_it_is_audited(world) -> None:
    client = signed_in(world["admin"])
    data = form_data(receiver=str(world.police.pk), code="  Police-CPT ")
    response = client.post(NEW, data)
    assert response.status_code == 302 and response["Location"] == LIST
    route = Route.objects.get(code="police-cpt")
    assert route.receiver == world.police and route.workflow == "direct"
    assert route.clocks == list(DIRECT_CLOCKS) and route.order == 3 and route.is_active
    assert not route.rated
    event = AuditEvent.objects.get(verb="route.add")
    assert event.object_id == str(route.pk) and event.actor == str(world["admin"].pk)
    followed = client.get(LIST).content.decode()
    assert "Police: child protection team has been added." in followed


def test_bad_input_is_explained_and_kept(world) -> None:
    data = form_data(
        name="",
        code="Police CPT!",
        receiver=str(world.police.pk),
        clocks=["mash-acknowledge", "rag"],
        description="Typed with care, and kept.",
        order="x",
    )
    response = signed_in(world["admin"]).post(NEW, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and "<title>Error: " in page
    # Every problem at once, each with what to do.
    assert "Enter the route&#x27;s name" in page
    assert "The order must be a whole number from 0 to 999" in page
    assert "The code must only include lower-case letters, numbers and hyphens" in page
    assert "The rating&#x27;s clocks run only on the MASH workflow" in page
    assert 'value="Police CPT!"' in page and "Typed with care, and kept." in page
    assert not Route.objects.filter(receiver=world.police).exists()


def test_the_service_checks_the_same_rules_and_a_code_in_use(world) -> None:
    for wrong, field in (({"code": "Police CPT!"}, "code"), ({"clocks": ["rag"]}, "clocks")):
        with pytest.raises(ValidationError) as refused:
            route_add(
                actor=world["admin"],
                **({"code": "police", "name": "Police", "receiver": world.police} | wrong),
                workflow="direct",
            )
        assert set(refused.value.error_dict) == {field}
    taken = signed_in(world["admin"]).post(
        NEW, form_data(code="mash", receiver=str(world.police.pk))
    )
    assert "Another route already uses that code" in taken.content.decode()


def test_a_closed_organisation_cannot_receive_referrals(world) -> None:
    closed = OrganisationFactory(name="Closed service", kind=OrganisationKind.LADO, is_active=False)
    page = signed_in(world["admin"]).get(NEW).content.decode()
    assert "Closed service" not in page
    with pytest.raises(ValidationError) as refused:
        route_add(actor=world["admin"], code="lado", name="LADO", receiver=closed)
    assert "receiver" in refused.value.error_dict


def test_an_administrator_changes_a_route_and_it_is_audited(world) -> None:
    route = Route.objects.get(code="mash")
    client = signed_in(world["admin"])
    data = form_data(route, name="Testshire front door", clocks=list(DIRECT_CLOCKS))
    data.pop("is_active")
    response = client.post(edit_url(route), data)
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.name == "Testshire front door" and not route.is_active
    assert route.clocks == list(DIRECT_CLOCKS)
    event = AuditEvent.objects.get(verb="route.update")
    assert json.loads(event.details)["fields"] == ["clocks", "is_active", "name"]
    assert "Your changes have been saved." in client.get(LIST).content.decode()


def test_the_edit_page_shows_the_route_as_it_is(world) -> None:
    route = Route.objects.get(code="mash")
    page = signed_in(world["admin"]).get(edit_url(route)).content.decode()
    assert 'value="Testshire MASH"' in page and 'value="mash"' in page
    assert f'value="{route_fingerprint(route)}"' in page


def test_a_second_editor_is_told_and_keeps_what_they_typed(world) -> None:
    route = Route.objects.get(code="mash")
    first, second = signed_in(world["admin"]), signed_in(world["admin"])
    opened = form_data(route)  # both open the form now
    assert first.post(edit_url(route), opened | {"name": "First editor's name"}).status_code == 302
    stale = opened | {"description": "Second editor's careful description."}
    response = second.post(edit_url(route), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it" in page
    assert "Second editor&#x27;s careful description." in page
    route.refresh_from_db()
    assert route.name == "First editor's name" and route.description == ""
    assert AuditEvent.objects.filter(verb="route.update").count() == 1


def test_only_partnership_administrators_change_routes(world) -> None:
    route = Route.objects.get(code="mash")
    for name in ("school_admin", "mash_manager", "dsl", "auditor"):
        with pytest.raises(PermissionDenied):
            route_add(actor=world[name], code="x", name="X", receiver=world.police)
        with pytest.raises(PermissionDenied):
            route_update(
                actor=world[name], route=route, fingerprint=route_fingerprint(route), name="X"
            )
        assert signed_in(world[name]).post(edit_url(route), form_data(route)).status_code == 404
    assert Route.objects.get().name == "Testshire MASH"


def test_without_clocks_a_route_runs_its_workflows_defaults(world) -> None:
    direct = route_add(
        actor=world["admin"], code="police", name="Police", receiver=world.police, workflow="direct"
    )
    assert direct.clocks == list(DIRECT_CLOCKS)
    mash = route_add(actor=world["admin"], code="mash-2", name="MASH 2", receiver=world.mash)
    assert mash.clocks == list(MASH_CLOCKS)
    none = route_add(actor=world["admin"], code="quiet", name="Q", receiver=world.mash, clocks=[])
    assert none.clocks == []


def test_a_stale_fingerprint_changes_nothing(world) -> None:
    route = Route.objects.get(code="mash")
    seen = route_fingerprint(route)
    route_update(actor=world["admin"], route=route, fingerprint=seen, order=5)
    with pytest.raises(EditConflictError):
        route_update(actor=world["admin"], route=route, fingerprint=seen, order=7)
    route.refresh_from_db()
    assert route.order == 5


def test_open_referrals_keep_their_receiver_and_workflow(world) -> None:
    route = Route.objects.get(code="mash")
    referral_sent(world)
    with pytest.raises(ValidationError) as refused:
        route_update(
            actor=world["admin"],
            route=route,
            fingerprint=route_fingerprint(route),
            workflow="direct",
            clocks=list(DIRECT_CLOCKS),
            receiver=world.police,
        )
    assert set(refused.value.error_dict) == {"workflow", "receiver"}
    # Its name, clocks and use can still change.
    route_update(
        actor=world["admin"],
        route=route,
        fingerprint=route_fingerprint(route),
        name="Testshire MASH (old)",
        is_active=False,
    )
    route.refresh_from_db()
    assert route.workflow == "mash" and route.receiver == world.mash and not route.is_active
