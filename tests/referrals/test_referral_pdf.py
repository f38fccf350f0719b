"""The referral as a PDF: every field and answer, the marking and the page number on every
page, drafts, the screening it carried; and its download from the referral's page, with the
page's access rules and the access log. The PDF is read back as text (pypdf)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.conftest import signed_in
from tests.factories import child_in, referral_sent
from vigil.audit.models import AuditEvent
from vigil.children.chronology_html import london
from vigil.referrals import form
from vigil.referrals.document import MARKING, NO_SCREENING, NOT_GIVEN, referral_pdf
from vigil.referrals.services import referral_start

# Every field answered, every condition met, so that every field has a value to find.
EVERY_ANSWER: dict[str, object] = {
    "referrer_name": "Dana Example",
    "referrer_role": "Designated safeguarding lead",
    "referrer_phone": "0161 496 0123",
    "referrer_email": "dana.example@example.org",
    "given_names": "Łucja Testchild",
    "family_name": "Example",
    "known_as": "Lu",
    "date_of_birth": "2012-05-01",
    "gender": "Female",
    "ethnicity": "White: any other White background",
    "address": "1 Example Road\nTesttown",
    "postcode": "TE1 1ST",
    "disability": "Dyslexia; an education, health and care plan is in place.",
    "mental_health": "Seeing the school counsellor weekly since September.",
    "sexual_orientation": "Not known",
    "school": "Example Primary School",
    "absences": "Absent four Fridays this term, each time unexplained.",
    "health_worker": "Dr Testdoctor Example, Example Road Surgery, 0161 496 0789",
    "parents_carers": "Testparent Example (mother), same address, 0161 496 0456.",
    "placement": "foster",
    "looked_after_basis": "s20",
    "basis": ["older-person", "going-missing", "other"],
    "basis_other": "Seen near the Example Street car park late at night",
    "violence": "yes",
    "violence_details": "A bruise on her arm she said came from an older man's grip.",
    "details": "Seen twice getting into a car with an older man after school <b>&</b> more.",
    "agencies": "Early help worker: Testworker Example, 0161 496 0321",
    "lawful_basis": "public-task",
    "parents_told": "no",
    "parents_not_told_reason": "other",
    "parents_not_told_other": "The mother is away until Monday and cannot be reached.",
    "young_person_told": "no",
    "young_person_not_told_reason": "other",
    "young_person_not_told_other": "She is in hospital today; the DSL will tell her tomorrow.",
    "young_persons_view": "She says he is her friend and that she is fine.",
}
SCREENING = {
    "reference": "SCR-2026-000042",
    "instrument": "cse-screening-1",
    "assessed_on": "2026-11-20",
    "computed_level": "high",
    "judged_level": "medium",
    "level_label": "medium risk",
    "score": None,
    "reason": "A safety plan is in place and working well.",
    "review_by": "2027-02-20",
}
PAGE = re.compile(r"Page (\d+) of (\d+)")


def pages_of(document: bytes) -> list[str]:
    """Each page's text, its runs of white space (line ends included) made one space."""
    reader = PdfReader(BytesIO(document))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def assert_marked(pages: list[str]) -> None:
    """OFFICIAL-SENSITIVE at head and foot of every page, each numbered "Page N of M"."""
    for number, text in enumerate(pages, start=1):
        assert text.count(MARKING) >= 2, f"page {number} is not marked at head and foot"
        assert PAGE.findall(text) == [(str(number), str(len(pages)))]


@pytest.fixture
def referral(world):
    return referral_sent(world, **EVERY_ANSWER)


def test_every_field_label_and_answer_is_in_order_on_the_pages(referral) -> None:
    pages = pages_of(referral_pdf(referral))
    text = " ".join(pages)
    position = 0
    for spec in (f for section in form.SECTIONS for f in section.fields):
        answer = flat(form.shown(spec.name, referral.answers[spec.name]))
        found = text.find(f"{flat(spec.label)} {answer}", position)
        assert found >= 0, f"{spec.label!r} with its answer {answer!r} is not in the PDF in order"
        position = found
    assert NOT_GIVEN not in text
    assert "<b>&</b>" in text  # markup typed into an answer is printed, never obeyed


def test_every_page_is_marked_and_numbered(referral) -> None:
    pages = pages_of(referral_pdf(referral))
    assert len(pages) >= 2
    assert_marked(pages)


def test_the_title_reference_organisations_referrer_and_dates(world, referral) -> None:
    made = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)  # British Summer Time: 13:30 in London
    first = pages_of(referral_pdf(referral, generated_at=made))[0]
    assert f"Referral to Testshire MASH: {referral.reference}" in first
    assert "Receiving organisation Testshire MASH" in first
    assert "Referring organisation Example Primary School" in first
    assert f"Referrer {world['dsl'].full_name}" in first
    assert "State Sent" in first
    assert "This copy made 1 July 2026, 13:30" in first
    assert f"Sent {london(referral.sent_at)}" in first
    assert "Child Łucja Testchild Example, born 1 May 2012" in first


def test_the_metadata_names_the_reference_never_the_child(referral) -> None:
    reader = PdfReader(BytesIO(referral_pdf(referral)))
    meta = reader.metadata
    assert meta.title == referral.reference
    assert meta.author == "Example Primary School"
    assert not any("Testchild" in str(value) for value in meta.values())


def test_the_screening_it_carried_is_shown_in_words(referral) -> None:
    referral.screening_summary = SCREENING  # as sent; not saved
    text = " ".join(pages_of(referral_pdf(referral)))
    for shown in (
        "Screening reference SCR-2026-000042",
        "Instrument CSE screening (rules), version 1",
        "Assessed on 20 November 2026",
        "Level Medium risk",
        "Computed level High risk",
        "Review by 20 February 2027",
        "Reason for the level judged A safety plan is in place and working well.",
    ):
        assert shown in text
    assert NO_SCREENING not in text


def test_without_a_screening_it_says_so(referral) -> None:
    assert referral.screening_summary is None
    assert NO_SCREENING in " ".join(pages_of(referral_pdf(referral)))


def test_blank_answers_say_not_given_and_questions_not_asked_say_so(world) -> None:
    referral = referral_sent(world)  # the factory's answers: some fields blank
    text = " ".join(pages_of(referral_pdf(referral)))
    assert "Known as Not given" in text
    assert "Why the young person has not been told Not applicable" in text
    assert "Looked-after status: legal basis Not looked after" in text


def test_a_long_referral_runs_over_several_pages_each_marked(world) -> None:
    paragraph = "The child was seen at the Example Street car park with an older man. " * 12
    details = "\n\n".join([paragraph] * 11)[:10_000]
    referral = referral_sent(world, details=details, agencies=paragraph * 3)
    pages = pages_of(referral_pdf(referral))
    assert len(pages) >= 5
    assert_marked(pages)
    assert flat(details) in flat(
        " ".join(re.sub(MARKING + r".*?Page \d+ of \d+", " ", p) for p in pages)
    )


def test_a_draft_is_marked_as_not_sent_on_every_page(world) -> None:
    child = child_in(world.school, world["dsl"])
    draft = referral_start(actor=world["dsl"], child=child)
    document = referral_pdf(draft)
    pages = pages_of(document)
    assert_marked(pages)
    assert all("DRAFT - not sent" in page for page in pages)
    assert "Referral to Testshire MASH: DRAFT - not sent" in pages[0]
    assert PdfReader(BytesIO(document)).metadata.title == "Draft referral"


# The download ------------------------------------------------------------------------------


def _downloads(referral, person) -> int:
    return AuditEvent.objects.filter(
        log="access", verb="referral.download", object_id=str(referral.pk), actor=str(person.pk)
    ).count()


@pytest.mark.parametrize("who", ["dsl", "deputy", "manager", "mash", "mash_manager"])
def test_those_who_see_the_referral_download_it_and_the_log_says_so(world, referral, who) -> None:
    response = signed_in(world[who]).get(f"/referrals/{referral.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{referral.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert _downloads(referral, world[who]) == 1
    assert_marked(pages_of(response.content))


def _as_read(page: bytes) -> bytes:
    """A page as it reads: each answer's script nonce and form token are new."""
    return re.sub(rb'nonce="[^"]*"|name="csrf-token" content="[^"]*"', b"", page)


@pytest.mark.parametrize("who", ["staff", "other_dsl", "police", "admin", "auditor", "analyst"])
def test_anyone_else_gets_the_same_404_as_for_no_referral(world, referral, who) -> None:
    client = signed_in(world[who])
    forbidden = client.get(f"/referrals/{referral.pk}/pdf/")
    missing = client.get(f"/referrals/{uuid.uuid4()}/pdf/")
    assert forbidden.status_code == missing.status_code == 404
    assert _as_read(forbidden.content) == _as_read(missing.content)
    assert _downloads(referral, world[who]) == 0


def test_the_member_of_staff_who_sent_it_downloads_their_own(world) -> None:
    referral = referral_sent(world, by=world["staff"])
    response = signed_in(world["staff"]).get(f"/referrals/{referral.pk}/pdf/")
    assert response.status_code == 200


def test_a_draft_downloads_for_its_author_only(world) -> None:
    child = child_in(world.school, world["dsl"])
    draft = referral_start(actor=world["dsl"], child=child)
    mine = signed_in(world["dsl"]).get(f"/referrals/{draft.pk}/pdf/")
    assert mine.status_code == 200
    assert mine["Content-Disposition"] == 'attachment; filename="referral-draft.pdf"'
    assert signed_in(world["mash"]).get(f"/referrals/{draft.pk}/pdf/").status_code == 404
    assert signed_in(world["deputy"]).get(f"/referrals/{draft.pk}/pdf/").status_code == 404


def test_signing_in_comes_first(client, referral) -> None:
    response = client.get(f"/referrals/{referral.pk}/pdf/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_referral_sent_by_staff_says_the_dsls_were_told(world) -> None:
    referral = referral_sent(world, by=world["staff"])
    first = pages_of(referral_pdf(referral))[0]
    assert "Sent without a DSL Yes: the organisation's DSLs were told at once" in first
    assert f"Referrer {world['staff'].full_name}" in first
