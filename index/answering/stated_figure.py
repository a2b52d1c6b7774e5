"""A figure as a candidate states it, and when two candidates state the same figure.

The confidence model reads how far the best candidate leads the best one stating
another figure: a runner-up that repeats the best figure (the same value in another
deck, or printed to other precision) is support, not competition.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.numbers import range_key

# A candidate that restates the best figure more precisely (or as a table cell) replaces it
# when it scores at least this share of the best one's raw score. Over the 1,459 gold training
# questions (in-sample) with de77d4c's weighted scorer, the choices that differ from never
# replacing, and right ones after / before: 0.1: 36, 22 / 19; 0.2: 26, 19 / 16; 0.3: 20,
# 15 / 13; 0.5: 9, 6 / 5 (the earlier, unweighted scorer at 0.3: 31, 18 / 15). It stays at 0.3:
# `restates` compares values only, so a lower share would trust it on weaker candidates for
# one more right answer.
EXACT_FIGURE_SHARE = 0.3


@dataclass(frozen=True)
class StatedFigure:
    """A candidate's figure: its text, its value in base units and what one unit of its last
    printed digit is worth (`value` None for percentages and dates, `step` None for those
    and for ratios)."""

    text: str
    value: float | None
    step: float | None

    def restates(self, other: StatedFigure) -> bool:
        """Whether this figure and `other` can be the same figure printed to different
        precision: each lies within half a last digit of the other (`JPY2.9 billion` and
        `JPY2,917 million`; not `2.9` and `3,000`)."""
        if self.value is None or other.value is None or self.step is None or other.step is None:
            return False
        coarse = max(self.step, other.step)
        return abs(self.value - other.value) <= coarse / 2 * (1 + 1e-9)

    def agrees(self, other: StatedFigure) -> bool:
        """Whether `other` states this figure: to another precision, or, when either has no
        value and step to compare (a percentage, a date, a ratio), in the same words."""
        if None in (self.value, self.step, other.value, other.step):
            return _written(self.text) == _written(other.text)
        return self.restates(other)


def most_precise(figures: list[StatedFigure], scores: Sequence[float], from_row: Sequence[bool]) -> int:
    """Which candidate states the best figure most precisely (all best first): a close one that
    restates it to more digits (`JPY2,917 million` for `2.9` in a JPY-billion table,
    `18,649,161` for `$18.6 million`) is the answer in its place; at equal precision a table
    cell beats a passage, as it carries the figure in its column's own terms."""
    chosen = 0
    for i in range(1, len(figures)):
        if scores[i] < EXACT_FIGURE_SHARE * scores[0] or not figures[i].restates(figures[0]):
            continue
        step, best_step = figures[i].step, figures[chosen].step
        if step is None or best_step is None:  # never: restates() means both are known
            continue
        same = math.isclose(step, best_step)
        if (step < best_step and not same) or (same and from_row[i] and not from_row[chosen]):
            chosen = i
    return chosen


def _written(text: str) -> str:
    """A figure's text as compared: a range in one writing (`$1.00 to $1.13` is `$1.00–$1.13`,
    `ingest.numbers.range_key`), else lower case without spaces (`12.5 %` is `12.5%`)."""
    return range_key(text) or "".join(text.lower().split())
