"""The partnership's settings page: contacts, wording, hours, closures and time limits; two
administrators editing at once never overwrite each other, and nothing typed is lost."""

from __future__ import annotations

import pytest

from tests.conftest import signed_in
from vigil.core.forms import initial_clock_fields
from vigil.core.models import Closure, Partnership

pytestmark = pytest.mark.django_db


def form_data(partnership: Partnership, **changes: object) -> dict[str, object]:
    data = {
        "version": partnership.version,
        "name": partnership.name,
        "front_door_name": partnership.front_door_name,
        "front_door_phone": partnership.front_door_phone,
        "out_of_hours_phone": partnership.out_of_hours_phone,
        "referral_url": partnership.referral_url,
        "emergency_instruction": partnership.emergency_instruction,
        "opening_from": "09:00",
        "opening_to": "17:00",
        "holiday_region": "ENG",
        "screening_instrument": partnership.screening_instrument,
        **initial_clock_fields(partnership.clock_rules),
    }
    return data | changes


def test_an_admin_changes_contacts_and_a_time_limit(world) -> None:
    partnership = Partnership.objects.get()
    client = signed_in(world["admin"])
    data = form_data(partnership, front_door_phone="0161 496 0777", **{"clock_mash-decision_n": 2})
    response = client.post("/administration/partnership/", data)
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.front_door_phone == "0161 496 0777"
    assert partnership.clock_rules == {"mash-decision": {"counts": "working-days", "n": 2}}
    assert "0161 496 0777" in client.get("/").content.decode()  # the emergency line uses it


def test_an_admin_chooses_the_screening_instrument_from_those_defined(world) -> None:
    partnership = Partnership.objects.get()
    assert partnership.screening_instrument == "cse-screening-1"
    client = signed_in(world["admin"])
    refused = client.post(
        "/administration/partnership/", form_data(partnership, screening_instrument="cse-9")
    )
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    chosen = form_data(partnership, screening_instrument="cse-scored-1")
    assert client.post("/administration/partnership/", chosen).status_code == 302
    partnership.refresh_from_db()
    assert partnership.screening_instrument == "cse-scored-1"


def test_a_second_editor_is_told_and_keeps_what_they_typed(world) -> None:
    partnership = Partnership.objects.get()
    first, second = signed_in(world["admin"]), signed_in(world["admin"])
    stale = form_data(
        partnership, emergency_instruction="Second editor's careful wording about 999."
    )
    assert (
        first.post(
            "/administration/partnership/", form_data(partnership, front_door_name="New name")
        ).status_code
        == 302
    )
    response = second.post("/administration/partnership/", stale)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this while you were editing it" in page
    assert "Second editor&#x27;s careful wording about 999." in page
    partnership.refresh_from_db()
    assert partnership.front_door_name == "New name"
    assert "careful wording" not in partnership.emergency_instruction


def test_bad_input_is_explained_and_kept(world) -> None:
    partnership = Partnership.objects.get()
    response = signed_in(world["admin"]).post(
        "/administration/partnership/",
        form_data(partnership, opening_from="18:00", opening_to="09:00", **{"clock_rag-red_n": 0}),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "The closing time must be after the opening time." in page
    assert 'value="18:00"' in page


def test_closures_are_added_for_the_partnership_and_for_an_organisation(world) -> None:
    admin = signed_in(world["admin"])
    assert (
        admin.post(
            "/administration/partnership/closures/",
            {
                "description": "Partnership training day",
                "first_day": "2027-01-04",
                "last_day": "2027-01-04",
            },
        ).status_code
        == 302
    )
    school_admin = signed_in(world["school_admin"])
    assert (
        school_admin.post(
            f"/administration/organisations/{world.school.pk}/closures/",
            {
                "description": "February half term",
                "first_day": "2027-02-15",
                "last_day": "2027-02-19",
            },
        ).status_code
        == 302
    )
    bad = school_admin.post(
        f"/administration/organisations/{world.school.pk}/closures/",
        {
            "description": "Backwards",
            "first_day": "2027-03-10",
            "last_day": "2027-03-01",
        },
    )
    assert (
        bad.status_code == 422
        and "The last day must be the same as or after the first day." in bad.content.decode()
    )
    assert sorted(Closure.objects.values_list("description", flat=True)) == [
        "February half term",
        "Partnership training day",
    ]
