"""Placements within a period of care: how long each lasts, how far from home it is and where.

Most children in care settle. Some start with a short emergency or assessment
placement; then most stay in a placement that lasts, while a minority (more
of them teenagers) move every few months. The lengths are tuned so that the
synthetic council lands near England's figures (shared/reference/
national-figures.md §3: 68% of children in care 2.5 years or more have been in
the same placement for 2 years; about 1 in 10 children in care has 3 or more
placements in a year), not copied from any council's data.

Where: the synthetic council's own postcode districts are OV1 to OV9 (OV is no
UK postcode area). A placement near home is mostly inside them; the further
away, the likelier it is over the boundary, in a neighbouring fictional area.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable

# The synthetic council's own postcode districts, and fictional areas around it (no UK postcode area uses them).
COUNCIL_DISTRICTS = tuple(f"OV{n}" for n in range(1, 10))
NEIGHBOUR_AREAS = ("OW", "OY", "QV")
# Children's homes, residential and secure settings: usually further from home.
RESIDENTIAL = ("K1", "K2", "R1", "S1")

# Share of children whose placements keep breaking down, by age group at entry.
UNSTABLE_SHARE = {"young": 0.1, "teen": 0.25}
# Median days of a placement for those children.
UNSTABLE_MEDIAN_DAYS = 120
# Share of periods of care starting with a short emergency or assessment placement, and its median days.
SHORT_FIRST_SHARE = 0.45
SHORT_FIRST_MEDIAN_DAYS = 35
# Median days of a settled placement (most outlast the period of care).
SETTLED_MEDIAN_DAYS = 2100
# Share of a teenager's placements after a breakdown that are in a children's home.
AFTER_BREAKDOWN_HOME_SHARE = 0.4


class Placements:
    """The placements of one period of care, drawn one at a time with the builder's seeded RNG."""

    def __init__(self, rng: random.Random, teen: bool):
        self.rng = rng
        self.teen = teen
        self.unstable = rng.random() < UNSTABLE_SHARE["teen" if teen else "young"]
        self.short_first = rng.random() < SHORT_FIRST_SHARE
        self.count = 0

    def next_length(self) -> int:
        """Days the next placement lasts if the period of care does not end first."""
        rng = self.rng
        first = self.count == 0
        self.count += 1
        if self.unstable:
            return max(3, int(rng.lognormvariate(math.log(UNSTABLE_MEDIAN_DAYS), 0.8)))
        if first and self.short_first:
            return max(1, int(rng.lognormvariate(math.log(SHORT_FIRST_MEDIAN_DAYS), 0.7)))
        return max(30, int(rng.lognormvariate(math.log(SETTLED_MEDIAN_DAYS), 1.0)))

    def kind(self, choose: Callable[[], str]) -> str:
        """The 903 type of the placement just drawn: CHOOSE's, or a children's home for a teenager who keeps moving."""
        if self.teen and self.unstable and self.count > 1 and self.rng.random() < AFTER_BREAKDOWN_HOME_SHARE:
            return "K2"
        return choose()


def where(rng: random.Random, placement_type: str) -> tuple[float, str]:
    """Miles from home and the placement's postcode (outward and inward code)."""
    median = 16.0 if placement_type in RESIDENTIAL else 6.0
    distance = round(min(rng.lognormvariate(math.log(median), 0.9), 250.0), 1)
    out_of_area = rng.random() < min(0.95, 0.05 + distance / 25)
    if out_of_area:
        district = f"{rng.choice(NEIGHBOUR_AREAS)}{rng.randint(1, 9)}"
    else:
        district = rng.choice(COUNCIL_DISTRICTS)
    return distance, f"{district} {rng.randint(1, 9)}ZZ"
