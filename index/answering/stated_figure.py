"""A figure as a candidate states it, and when two candidates state the same figure.

The confidence model reads how far the best candidate leads the best one stating
another figure: a runner-up that repeats the best figure (the same value in another
deck, or printed to other precision) is support, not competition.
"""

from __future__ import annotations

from dataclasses import dataclass


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


def _written(text: str) -> str:
    """A figure's text as compared: lower case, no spaces (`12.5 %` is `12.5%`)."""
    return "".join(text.lower().split())
