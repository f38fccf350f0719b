"""Likely duplicates: so that one child does not get two files in one organisation.

Before a new child is added, the organisation's children whose names sound alike or are spelt
nearly the same (a typing slip, a missing hyphen, a known-as name) and whose dates of birth fall
in a window around the one typed (or have day and month swapped) are shown. Names are compared
with rapidfuzz (edit distance) and jellyfish (Metaphone, a phonetic key); no Django here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import jellyfish
from rapidfuzz import fuzz

# A date of birth typed a little wrong: a slip of a day, a month or a year.
WINDOW = timedelta(days=400)
SIMILAR = 85


@dataclass(frozen=True)
class Person:
    given_names: str
    family_name: str
    date_of_birth: date
    known_as: str = ""


@dataclass(frozen=True)
class Likely:
    index: int
    score: int
    reasons: tuple[str, ...]


def normalised(name: str) -> str:
    """Lower case, accents and punctuation gone, hyphens as spaces: "Zoë O'Neil-Smith" ->
    "zoe oneil smith"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[-_]", " ", plain.casefold())
    return " ".join(re.sub(r"[^a-z ]", "", plain).split())


def _phonetic(name: str) -> str:
    words = normalised(name).split()
    return jellyfish.metaphone(words[0]) if words else ""


def sound_key(given_names: str, family_name: str) -> str:
    """What the family name and the first given name sound like, as stored for searching."""
    return f"{_phonetic(family_name)} {_phonetic(given_names)}".strip()


def dates_of_birth_near(born: date) -> tuple[date, date, date | None]:
    """The window searched (first, last) and the date with day and month swapped, if real."""
    try:
        swapped: date | None = born.replace(day=born.month, month=born.day)
    except ValueError:
        swapped = None
    return born - WINDOW, born + WINDOW, swapped if swapped != born else None


def _name_score(new: Person, old: Person) -> tuple[int, list[str]]:
    reasons: list[str] = []
    typed = normalised(f"{new.given_names} {new.family_name}")
    names = [normalised(f"{old.given_names} {old.family_name}")]
    if old.known_as:
        names.append(normalised(f"{old.known_as} {old.family_name}"))
    score = max(int(fuzz.token_sort_ratio(typed, name)) for name in names)
    if score >= SIMILAR:
        reasons.append("similar spelling" if score < 100 else "same name")
    if sound_key(new.given_names, new.family_name) == sound_key(old.given_names, old.family_name):
        reasons.append("sounds the same")
        score = max(score, SIMILAR)
    return score, reasons


def _birth_reason(new: date, old: date) -> str | None:
    if new == old:
        return "same date of birth"
    first, last, swapped = dates_of_birth_near(new)
    if old == swapped:
        return "day and month swapped"
    if first <= old <= last:
        return "date of birth close"
    return None


def likely_duplicates(new: Person, existing: Iterable[Person]) -> list[Likely]:
    """The existing children who are likely the same child, most alike first."""
    found = []
    for index, old in enumerate(existing):
        birth = _birth_reason(new.date_of_birth, old.date_of_birth)
        score, reasons = _name_score(new, old)
        if birth and reasons:
            bonus = 10 if birth == "same date of birth" else 0
            found.append(Likely(index, score + bonus, (*reasons, birth)))
    return sorted(found, key=lambda likely: (-likely.score, likely.index))
