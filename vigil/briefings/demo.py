"""The demo partnership's briefings: our own "7-minute briefing" on child sexual exploitation and
a factsheet for schools, written from the source documents in today's language (PROCESS.md,
Language), published by the partnership's administrator through the services.

The texts live in `content/` as Markdown, each with a short header (title, audience, how many
days people have to read it, reflective questions) above a `---` line. Contacts in them are
placeholders (`${front_door_phone}` and the like), filled from the partnership's own settings,
so the demo shows its fictional numbers and never a real service's.

A few of the demo's people have read them already, so that the read reports have something to
show; the demo's teachers have not, so that signing in as one asks them to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from string import Template

from django.utils import timezone

from vigil.accounts.models import Person
from vigil.briefings.models import Briefing
from vigil.briefings.services import briefing_publish, briefing_read_confirm, reflection_save
from vigil.core.models import Partnership

CONTENT = Path(__file__).resolve().parent / "content"
FILES = ("seven-minute-briefing-cse.md", "cse-factsheet-schools.md")
# Who has read which (by file) in the demo: the DSLs and deputies, and one headteacher.
READERS = {
    "seven-minute-briefing-cse.md": ("dsl", "deputy", "manager", "dsl2", "mash"),
    "cse-factsheet-schools.md": ("dsl", "deputy", "dsl2"),
}
REFLECTION = (
    "dsl",
    "I am confident with the signs in school; I want to know more about how exploitation "
    "happens online. I will ask for the partnership's online safety training this term.",
)


@dataclass(frozen=True)
class Text:
    title: str
    roles: list[str]
    kinds: list[str]
    days: int
    questions: list[str]
    body: str


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def text_of(name: str, contacts: dict[str, str]) -> Text:
    """A content file, its contacts filled in (an unknown placeholder fails loudly)."""
    raw = Template((CONTENT / name).read_text(encoding="utf-8")).substitute(contacts)
    header, _, body = raw.partition("\n---\n")
    fields: dict[str, str] = {}
    questions: list[str] = []
    for line in header.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "Question":
            questions.append(value.strip())
        elif key.strip():
            fields[key.strip()] = value.strip()
    return Text(
        title=fields["Title"],
        roles=_list(fields["Roles"]),
        kinds=_list(fields["Organisation kinds"]),
        days=int(fields["Read within days"]),
        questions=questions,
        body=body.strip(),
    )


def contacts_of(partnership: Partnership) -> dict[str, str]:
    return {
        "partnership_name": partnership.name,
        "front_door_name": partnership.front_door_name,
        "front_door_phone": partnership.front_door_phone,
        "out_of_hours_phone": partnership.out_of_hours_phone,
        "referral_url": partnership.referral_url or "Vigil",
    }


def _read_by(briefing: Briefing, usernames: tuple[str, ...]) -> None:
    version = briefing.current
    if version is None:
        return
    for person in Person.objects.filter(username__in=usernames):
        briefing_read_confirm(actor=person, briefing=briefing, version_id=version.pk)


def briefings_load(admin: Person) -> list[Briefing]:
    """Publish the demo's briefings as its administrator; some people have read them."""
    contacts = contacts_of(Partnership.objects.get())
    today = timezone.localdate()
    published = []
    for name in FILES:
        text = text_of(name, contacts)
        briefing = briefing_publish(
            actor=admin,
            title=text.title,
            body=text.body,
            questions=text.questions,
            audience_roles=text.roles,
            audience_kinds=text.kinds,
            must_read_by=today + timedelta(days=text.days),
        )
        _read_by(briefing, READERS[name])
        published.append(briefing)
    author = Person.objects.filter(username=REFLECTION[0]).first()
    question = published[0].questions.order_by("order").first()
    if author is not None and question is not None:
        reflection_save(actor=author, question=question, answer=REFLECTION[1])
    return published
