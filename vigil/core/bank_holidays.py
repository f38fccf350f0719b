"""Bank holidays of the UK's regions, from the `holidays` package.

This is the only module that imports `holidays`: the calendar and the clocks are pure and take
the bank holidays as a `Container[date]` (CLOCKS.md 1: England and Wales, "as the `holidays`
package lists them for country GB, subdivision ENG", unless a partnership chooses another
region).
"""

from __future__ import annotations

import threading
from collections.abc import Container, Mapping
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import Final

import holidays

# Region codes are the `holidays` package's subdivisions of GB. "ENG" is the package's list
# for England, which is the England-and-Wales list that CLOCKS.md means.
REGIONS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "ENG": "England and Wales",
        "WLS": "Wales",
        "SCT": "Scotland",
        "NIR": "Northern Ireland",
    }
)
DEFAULT_REGION: Final = "ENG"


class RegionBankHolidays(Container[date]):
    """The bank holidays of one region, any year, worked out a year at a time when first asked.

    A plain set per year makes a look-up a dictionary and a set probe, where the package's own
    container converts its key and checks its years on every call.
    """

    def __init__(self, region: str) -> None:
        if region not in REGIONS:
            raise ValueError(f"Unknown bank-holiday region {region!r}: use one of {list(REGIONS)}.")
        self.region = region
        self._years: dict[int, frozenset[date]] = {}
        self._lock = threading.Lock()

    def __contains__(self, day: object) -> bool:
        if isinstance(day, datetime):
            day = day.date()
        if not isinstance(day, date):
            return False
        return day in self.of_year(day.year)

    def of_year(self, year: int) -> frozenset[date]:
        """The region's bank holidays in `year`."""
        known = self._years.get(year)
        if known is None:
            with self._lock:
                listed = holidays.country_holidays("GB", subdiv=self.region, years=year)
                known = self._years.setdefault(year, frozenset(listed))
        return known

    def __repr__(self) -> str:
        return f"RegionBankHolidays({self.region!r})"


def bank_holidays(region: str = DEFAULT_REGION) -> Container[date]:
    """The bank holidays of a region (a code of `REGIONS`), shared and cached per region."""
    return _region_bank_holidays(region)


@cache  # keyed on the region alone, however the caller passed it
def _region_bank_holidays(region: str) -> RegionBankHolidays:
    return RegionBankHolidays(region)
