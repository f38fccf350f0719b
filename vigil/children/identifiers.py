"""Checks on the identifiers a child's record may carry. Pure: the standard library only."""

from __future__ import annotations


def nhs_number_valid(number: str) -> bool:
    """Ten digits whose last is the modulus 11 check digit of the first nine (NHS Digital)."""
    if len(number) != 10 or not number.isdigit():
        return False
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(number[:9], weights, strict=True))
    check = 11 - total % 11
    return check != 10 and check % 11 == int(number[9])
