"""Unique pupil numbers (UPNs): their shape and their check letter.

A UPN is 13 characters: a check letter, the local authority's number (3 digits), the school's
establishment number (4), the year it was given (2) and a serial (3); a temporary UPN ends in a
letter instead of its last digit. The check letter is computed from the other twelve (the
Department for Education's UPN guidance): each character is multiplied by its position (2 to
13), the products are summed, and the remainder of the sum divided by 23 picks the letter from
A B C D E F G H J K L M N P Q R T U V W X Y Z (never I, O or S). A letter in the last place
counts as its own place in that alphabet. Pure: the standard library only.
"""

from __future__ import annotations

import re
from typing import Final

ALPHABET: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"
SHAPE: Final = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")
_VALUES: Final = {**{str(d): d for d in range(10)}, **{c: i for i, c in enumerate(ALPHABET)}}


def check_letter(rest: str) -> str:
    """The check letter for the twelve characters after it."""
    if len(rest) != 12:
        raise ValueError("a UPN's check letter is computed from twelve characters")
    total = sum(_VALUES[char] * place for place, char in enumerate(rest, start=2))
    return ALPHABET[total % 23]


def upn_problem(upn: str) -> str | None:
    """What is wrong with a UPN (already upper case, spaces removed), or None."""
    if not upn:
        return "the UPN is missing"
    if not SHAPE.match(upn):
        return f"{upn!r} is not a UPN: 13 characters, a letter, 11 digits, then a letter or a digit"
    expected = check_letter(upn[1:])
    if upn[0] != expected:
        return f"the UPN {upn} fails its check letter (it should start with {expected}): check the number"
    return None


def upn_make(rest: str) -> str:
    """A whole UPN from the twelve characters after its check letter (demo and tests)."""
    return check_letter(rest) + rest
