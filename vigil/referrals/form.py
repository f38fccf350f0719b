"""The referral form as data: every field of PROCESS.md step 5, in sections, with its rule.

One definition serves the page, the API, the PDF and the check before sending, so that each of
them names every field the same way and none can forget one. Answers are plain JSON values
(strings, lists of strings, ISO dates); `problems` says exactly what is missing or wrong, in the
words the page shows next to the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Literal

from vigil.referrals.form_choices import (
    BASES_OF_CONCERN,
    LAWFUL_BASES,
    LEGAL_BASES,
    NOT_TOLD,
    PLACEMENTS,
    VIOLENCE,
    YES_NO,
)

Kind = Literal["text", "textarea", "date", "choice", "multi", "email"]


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    hint: str = ""
    # Required only when another field has one of these values: (field, values).
    required_when: tuple[str, frozenset[str]] | None = None
    # The message when it is missing: "Enter ..." or "Select ...".
    missing: str = ""
    max_length: int = 10_000


@dataclass(frozen=True)
class Section:
    title: str
    fields: tuple[Field, ...] = field(default_factory=tuple)


def _when(name: str, *values: str) -> tuple[str, frozenset[str]]:
    return (name, frozenset(values))


SECTIONS: Final[tuple[Section, ...]] = (
    Section(
        "Referrer",
        (
            Field("referrer_name", "Your full name", required=True, missing="Enter your full name"),
            Field(
                "referrer_role",
                "Your job title",
                required=True,
                missing="Enter your job title",
            ),
            Field(
                "referrer_phone",
                "Your phone number",
                required=True,
                missing="Enter a phone number the front door can call you on",
                max_length=40,
            ),
            Field("referrer_email", "Your email address", kind="email", max_length=254),
        ),
    ),
    Section(
        "The child",
        (
            Field(
                "given_names", "Given names", required=True, missing="Enter the child's given names"
            ),
            Field(
                "family_name", "Family name", required=True, missing="Enter the child's family name"
            ),
            Field("known_as", "Known as"),
            Field(
                "date_of_birth",
                "Date of birth",
                kind="date",
                required=True,
                missing="Enter the child's date of birth",
            ),
            Field("gender", "Gender", required=True, missing="Enter the child's gender"),
            Field("ethnicity", "Ethnicity"),
            Field(
                "address",
                "Address",
                kind="textarea",
                required=True,
                missing="Enter the child's address, or 'Not known'",
            ),
            Field("postcode", "Postcode", max_length=10),
            Field("disability", "Disability or special educational needs", kind="textarea"),
            Field("mental_health", "Mental health", kind="textarea"),
            Field(
                "sexual_orientation",
                "Sexual orientation",
                hint="Only if the child has told someone; leave blank if not known.",
            ),
            Field("school", "School or college"),
            Field("absences", "Reported absences", kind="textarea"),
            Field("health_worker", "Health worker (GP, school nurse)", kind="textarea"),
        ),
    ),
    Section(
        "Parents and carers",
        (
            Field(
                "parents_carers",
                "Parents and carers",
                kind="textarea",
                required=True,
                hint="Names, relationship to the child, address and phone if different, and "
                "who has parental responsibility.",
                missing="Enter the child's parents or carers, or 'Not known'",
            ),
        ),
    ),
    Section(
        "Where the child lives",
        (
            Field(
                "placement",
                "Where the child lives",
                kind="choice",
                required=True,
                choices=PLACEMENTS,
                missing="Select where the child lives",
            ),
            Field(
                "looked_after_basis",
                "Looked-after status: legal basis",
                kind="choice",
                choices=LEGAL_BASES,
            ),
        ),
    ),
    Section(
        "Why you are referring",
        (
            Field(
                "basis",
                "Basis of concern",
                kind="multi",
                required=True,
                choices=BASES_OF_CONCERN,
                hint="Select all that apply.",
                missing="Select at least one basis of concern",
            ),
            Field(
                "basis_other",
                "Other basis of concern",
                required_when=_when("basis", "other"),
                missing="Say what the other basis of concern is",
            ),
            Field(
                "violence",
                "Has the child experienced violence?",
                kind="choice",
                required=True,
                choices=VIOLENCE,
                missing="Select whether the child has experienced violence",
            ),
            Field(
                "violence_details",
                "The violence the child has experienced",
                kind="textarea",
                required_when=_when("violence", "yes"),
                missing="Describe the violence the child has experienced",
            ),
            Field(
                "details",
                "Details of the concern",
                kind="textarea",
                required=True,
                hint="What has been seen or heard, when and where, and the child's own words.",
                missing="Enter the details of the concern",
            ),
            Field("agencies", "Other agencies involved", kind="textarea"),
        ),
    ),
    Section(
        "Sharing and consent",
        (
            Field(
                "lawful_basis",
                "Lawful basis for sharing",
                kind="choice",
                required=True,
                choices=LAWFUL_BASES,
                hint="Safeguarding a child is a public task: consent is not the basis for sharing.",
                missing="Select the lawful basis for sharing",
            ),
            Field(
                "parents_told",
                "Have the parents or carers been told about this referral?",
                kind="choice",
                required=True,
                choices=YES_NO,
                missing="Select whether the parents or carers have been told",
            ),
            Field(
                "parents_not_told_reason",
                "Why the parents or carers have not been told",
                kind="choice",
                choices=NOT_TOLD,
                required_when=_when("parents_told", "no"),
                missing="Select why the parents or carers have not been told",
            ),
            Field(
                "parents_not_told_other",
                "The other reason the parents or carers have not been told",
                kind="textarea",
                required_when=_when("parents_not_told_reason", "other"),
                missing="Say why the parents or carers have not been told",
            ),
            Field(
                "young_person_told",
                "Has the young person been told about this referral?",
                kind="choice",
                required=True,
                choices=YES_NO,
                missing="Select whether the young person has been told",
            ),
            Field(
                "young_person_not_told_reason",
                "Why the young person has not been told",
                kind="choice",
                choices=NOT_TOLD,
                required_when=_when("young_person_told", "no"),
                missing="Select why the young person has not been told",
            ),
            Field(
                "young_person_not_told_other",
                "The other reason the young person has not been told",
                kind="textarea",
                required_when=_when("young_person_not_told_reason", "other"),
                missing="Say why the young person has not been told",
            ),
            Field(
                "young_persons_view",
                "The young person's view",
                kind="textarea",
                required=True,
                hint="What the young person thinks about what is happening, in their own words "
                "where you can. If you do not know, say why.",
                missing="Enter the young person's view, or why it is not known",
            ),
        ),
    ),
)
FIELDS: Final[dict[str, Field]] = {f.name: f for s in SECTIONS for f in s.fields}
DEFAULTS: Final[dict[str, str]] = {"lawful_basis": "public-task"}


def choice_label(field_name: str, value: str) -> str:
    return dict(FIELDS[field_name].choices).get(value, value)


def shown(field_name: str, value: object) -> str:
    """An answer as people read it: choices by their labels, dates as 1 March 2012."""
    spec = FIELDS[field_name]
    if value in (None, "", []):
        return ""
    if spec.kind == "multi" and isinstance(value, list):
        return "; ".join(choice_label(field_name, str(v)) for v in value)
    if spec.kind == "choice":
        return choice_label(field_name, str(value))
    if spec.kind == "date":
        try:
            day = date.fromisoformat(str(value))
        except ValueError:
            return str(value)
        return f"{day.day} {day:%B %Y}"
    return str(value)


def _is_blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value in (None, [])


def _needed(spec: Field, answers: Mapping[str, object]) -> bool:
    if spec.required:
        return True
    if spec.required_when is None:
        return False
    other, values = spec.required_when
    given = answers.get(other)
    if isinstance(given, list):
        return bool(values & set(map(str, given)))
    return isinstance(given, str) and given in values and _needed_chain(other, answers)


def _needed_chain(name: str, answers: Mapping[str, object]) -> bool:
    """A field required by another counts only while that one is itself needed."""
    return _needed(FIELDS[name], answers)


def _wrong(spec: Field, value: object, today: date) -> str:
    """What is wrong with a given value, or "" when it is right."""
    if spec.kind == "multi":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{spec.label}: choose from the list"
        allowed = {key for key, _ in spec.choices}
        unknown = [v for v in value if v not in allowed]
        return f"{spec.label}: {unknown[0]!r} is not one of the choices" if unknown else ""
    if not isinstance(value, str):
        return f"{spec.label}: enter text"
    if len(value) > spec.max_length:
        return f"{spec.label} must be {spec.max_length:,} characters or fewer"
    if spec.kind == "choice" and value not in {key for key, _ in spec.choices}:
        return f"{spec.label}: {value!r} is not one of the choices"
    if spec.kind == "date":
        return _wrong_date(spec, value, today)
    if spec.kind == "email" and value and ("@" not in value or " " in value.strip()):
        return "Enter an email address in the correct format, like name@example.org"
    return ""


def _wrong_date(spec: Field, value: str, today: date) -> str:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return f"{spec.label} must be a real date"
    if day > today:
        return f"{spec.label} must be in the past"
    return ""


def problems(answers: Mapping[str, object], today: date) -> dict[str, str]:
    """Every field that stops the referral being sent, with what to do, in form order.

    Unknown fields are not problems here: `clean` drops them before they are stored.
    """
    found: dict[str, str] = {}
    for name, spec in FIELDS.items():
        value = answers.get(name)
        if _is_blank(value):
            if _needed(spec, answers):
                found[name] = spec.missing or f"Enter {spec.label.lower()}"
            continue
        wrong = _wrong(spec, value, today)
        if wrong:
            found[name] = wrong
    return found


def clean(answers: Mapping[str, object]) -> dict[str, object]:
    """The answers kept in a draft: known fields only, text stripped, lists de-duplicated."""
    kept: dict[str, object] = {}
    for name, spec in FIELDS.items():
        if name not in answers:
            continue
        value = answers[name]
        if isinstance(value, str):
            kept[name] = value.strip()
        elif isinstance(value, list):
            kept[name] = list(dict.fromkeys(str(v) for v in value))
        elif value is None:
            kept[name] = [] if spec.kind == "multi" else ""
        else:
            kept[name] = str(value)
    return kept


def draft_problems(answers: Mapping[str, object], today: date) -> dict[str, str]:
    """A draft keeps whatever was typed, except values that could never be right (an
    unknown choice, a date that is not one, text beyond its length)."""
    return {
        name: wrong
        for name, value in answers.items()
        if name in FIELDS and not _is_blank(value) and (wrong := _wrong(FIELDS[name], value, today))
    }
