"""The briefings the demo ships are our own words: none of the phrases PROCESS.md (Language)
asks us never to use, none of the source documents' dated words, and none of their phone
numbers, addresses or service names; each has 3 to 5 reflective questions; loading the demo
publishes them, filled in with the demo partnership's fictional contacts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vigil.briefings import demo
from vigil.briefings.models import Briefing, ReadReceipt
from vigil.concerns.language import wording_prompts
from vigil.core import demo as core_demo
from vigil.core.models import Partnership

CONTACTS = {
    "partnership_name": "Northmoor Safeguarding Children Partnership",
    "front_door_name": "Northmoor Children's Front Door",
    "front_door_phone": "0161 496 0123",
    "out_of_hours_phone": "0161 496 0999",
    "referral_url": "https://northmoor.example/worried-about-a-child",
}
# The source documents' dated words (PROCESS.md, Language), and their contacts and service
# names, which belong to real local services.
NEVER = [
    r"prostitut",
    r"CSE through",
    r"cruising",
    r"red[- ]light",
    r"0161 603",
    r"\bsalford\b",
    r"plymouth",
    r"peninsula",
    r"barnardo",
    r"\bthe bridge\b",
    r"\bSSCP\b",
    r"\bGM CSE\b",
    r"achieving change together",
    r"CSE ?[12]\b",
    r"\.gov\.uk",
    r"www\.",
    r"@(?!.*example)",
]
SEEDS = Path("/work/shared/seeds")


@pytest.fixture(params=demo.FILES)
def text(request) -> demo.Text:
    return demo.text_of(request.param, CONTACTS)


def test_no_phrase_that_blames_a_child(text: demo.Text) -> None:
    fields = {"title": text.title, "body": text.body}
    fields.update({f"question {n}": q for n, q in enumerate(text.questions, 1)})
    assert wording_prompts(fields) == []


def test_none_of_the_sources_dated_words_contacts_or_services(text: demo.Text) -> None:
    everything = "\n".join([text.title, text.body, *text.questions])
    found = [word for word in NEVER if re.search(word, everything, re.IGNORECASE)]
    assert found == []


def test_the_raw_files_too(text: demo.Text) -> None:
    for name in demo.FILES:
        raw = (demo.CONTENT / name).read_text(encoding="utf-8")
        assert wording_prompts({"file": raw}) == []
        assert [w for w in NEVER if re.search(w, raw, re.IGNORECASE)] == []


def test_only_the_demo_partnerships_fictional_contacts(text: demo.Text) -> None:
    numbers = set(re.findall(r"\b0\d{3} \d{3} \d{4}\b", text.body))
    assert numbers and all(n.startswith("0161 496 0") for n in numbers)
    assert "$" not in text.body  # every placeholder filled
    assert "999" in text.body


def test_three_to_five_reflective_questions_and_a_real_audience(text: demo.Text) -> None:
    assert 3 <= len(text.questions) <= 5
    assert all(q.endswith("?") for q in text.questions)
    assert text.roles and text.kinds and text.days > 0


@pytest.mark.skipif(not SEEDS.exists(), reason="the source documents are not on this machine")
def test_rewritten_not_copied(text: demo.Text) -> None:
    """No sentence of ten words or more is copied from the source documents."""
    sources = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    words = re.findall(r"[a-z']+", sources.lower())
    runs = {" ".join(words[i : i + 10]) for i in range(len(words) - 9)}
    ours = re.findall(r"[a-z']+", text.body.lower())
    copied = [" ".join(ours[i : i + 10]) for i in range(len(ours) - 9)]
    assert [run for run in copied if run in runs] == []


@pytest.mark.django_db
def test_the_demo_publishes_them_and_some_have_read_them() -> None:
    assert core_demo.load()
    titles = set(Briefing.objects.values_list("title", flat=True))
    assert titles == {
        "7-minute briefing: child sexual exploitation",
        "Child sexual exploitation: a factsheet for schools",
    }
    partnership = Partnership.objects.get()
    seven = Briefing.objects.get(title__startswith="7-minute")
    assert partnership.front_door_phone in seven.current.body
    assert seven.questions.count() == 4 and seven.must_read_by is not None
    readers = set(ReadReceipt.objects.values_list("person__username", flat=True))
    assert "teacher" not in readers and {"dsl", "deputy"} <= readers
