"""The screening instruments a partnership may choose, by id (SCREENING.md sections 3 and 4).

Each instrument is data in the schema of `schema.py`, checked when it loads. To add one (or a
new version of one, which is a new id): write its definition in a module of this package, add
it to `_DEFINED` below, and add tests of its rules and floors. The evaluator does not change.

Pure: the standard library and the catalogue only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from vigil.screening.instruments.cse_1 import CSE_SCORED_1, CSE_SCREENING_1
from vigil.screening.instruments.schema import Instrument, InstrumentError

_DEFINED: Final = (CSE_SCREENING_1, CSE_SCORED_1)


def _registry(instruments: tuple[Instrument, ...]) -> Mapping[str, Instrument]:
    found: dict[str, Instrument] = {}
    for instrument in instruments:
        if instrument.id in found:
            raise InstrumentError(f"{instrument.id}: two instruments have this id")
        found[instrument.id] = instrument
    return MappingProxyType(found)


INSTRUMENTS: Final[Mapping[str, Instrument]] = _registry(_DEFINED)
DEFAULT: Final = CSE_SCREENING_1.id


def instrument(instrument_id: str) -> Instrument:
    """The instrument with this id; KeyError for one not defined."""
    return INSTRUMENTS[instrument_id]
