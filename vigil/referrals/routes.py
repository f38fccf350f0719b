"""The referral routes a partnership configures, and the clocks each workflow runs by default.

PROCESS.md (Timescales): the front door acknowledges and decides within a working day of
receipt; on the MASH route the rating's clock runs from receipt to the enquiry's outcome, and
a red rating with nobody named starts the high-risk allocation clock.
"""

from __future__ import annotations

from typing import Final

MASH_CLOCKS: Final = ("mash-acknowledge", "mash-decision", "rag", "allocate-high-risk")
DIRECT_CLOCKS: Final = ("mash-acknowledge", "mash-decision")
DEFAULT_CLOCKS: Final = {"mash": MASH_CLOCKS, "direct": DIRECT_CLOCKS}
# What a route's clocks may name: the clock ids of CLOCKS.md that limit a referral.
ROUTE_CLOCKS: Final = frozenset(MASH_CLOCKS)
