"""The break-glass page, for a kind of record registered by a capability (here a test kind
that stands in for the child's file, which the recording issue registers)."""

from __future__ import annotations

import uuid

import pytest

from tests.conftest import signed_in
from vigil.accounts import break_glass, policy
from vigil.accounts.models import BreakGlass

pytestmark = pytest.mark.django_db

REASON = "Police are with the child now and need the safeguarding history from the school."


@pytest.fixture
def record(world):
    ref = policy.RecordRef(kind="test-file", id=uuid.uuid4(), organisation_id=world.school.pk)
    subject = break_glass.Subject(
        kind="test-file",
        label="file",
        find=lambda pk: ref if pk == ref.id else None,
        url=lambda pk: f"/deadlines/?file={pk}",
    )
    break_glass.register(subject)
    yield ref
    break_glass.SUBJECTS.pop("test-file")


def test_a_mash_practitioner_breaks_glass_with_a_reason(world, record) -> None:
    client = signed_in(world["mash"])
    url = f"/break-glass/open/test-file/{record.id}/"
    form = client.get(url)
    assert form.status_code == 200 and "belongs to another organisation" in form.content.decode()
    short = client.post(url, {"reason": "need it"})
    assert short.status_code == 200 and "at least 20 characters" in short.content.decode()
    assert "need it</textarea>" in short.content.decode()  # nothing typed is lost
    opened = client.post(url, {"reason": REASON})
    assert opened.status_code == 302 and opened["Location"] == f"/deadlines/?file={record.id}"
    grant = BreakGlass.objects.get()
    assert (grant.person, grant.reason) == (world["mash"], REASON)
    report = signed_in(world["dsl"]).get(f"/break-glass/{grant.pk}/")
    assert report.status_code == 200 and REASON in report.content.decode()


def test_its_own_organisation_goes_straight_to_the_record(world, record) -> None:
    response = signed_in(world["dsl"]).get(f"/break-glass/open/test-file/{record.id}/")
    assert response.status_code == 302 and not BreakGlass.objects.exists()


@pytest.mark.parametrize("who", ["staff", "auditor", "analyst", "admin"])
def test_others_see_not_found(world, record, who) -> None:
    client = signed_in(world[who])
    assert client.get(f"/break-glass/open/test-file/{record.id}/").status_code == 404
    assert client.get(f"/break-glass/open/test-file/{uuid.uuid4()}/").status_code == 404
