"""How a change is said: the direction it went (`up`, `decreased`, a minus sign) and what it is
measured against (the same period a year before, `YoY`, or the period just before, `QoQ`).

A question asking how much revenue *declined* year over year is not answered by a figure the
document states as *up* quarter on quarter, though both are changes of that line.
"""

from __future__ import annotations

import re

# Measured against the same period a year before, or against the period just before (`the
# previous quarter` as a period, `revenue in the previous quarter`, is no base: only `on`/`over`
# phrases and the abbreviations are read).
# A base named in words: `compared with the prior year`, `over last quarter`, `the prior-year period`.
_AGAINST = (
    r"\b(?:from|over|versus|vs\.?|compared\s+(?:with|to)|against)\s+(?:the\s+)?"
    r"(?:prior|previous|last|preceding)"
)
_YEAR_BASIS = re.compile(
    r"\byoy\b|\by/y\b|\byear[\s-]+(?:over|on)[\s-]+year\b|\ba year (?:ago|earlier)\b"
    rf"|{_AGAINST}[\s-]+year\b|\bprior[\s-]+year\s+(?:period|quarter)\b",
    re.I,
)
_QUARTER_BASIS = re.compile(
    r"\bqoq\b|\bq/q\b|\bquarter[\s-]+(?:over|on)[\s-]+quarter\b|\bsequential(?:ly)?\b"
    rf"|{_AGAINST}[\s-]+quarter\b",
    re.I,
)
# The way a change went, in the words documents and questions use for it. `up to`, `falling
# due`, `start-up` and `write-down` are not changes; `growth` and `grow` are not read as a rise,
# since a growth is asked of a fall as often (`operating income growth` of `(38.7%)`).
_UP = re.compile(
    r"\b(?:up(?![\s-]+to\b)(?<!start-up)(?<!start up)"
    r"|increase[sd]?|increasing|rise|rises|rose|risen|rising)\b",
    re.I,
)
_DOWN = re.compile(
    r"(?<![\w-])(?:down(?!-)|decrease[sd]?|decreasing|decline[sd]?|declining|fall|falls|fell|fallen"
    r"|falling(?!\s+due\b)|drop(?:ped|s)?)\b",
    re.I,
)
# A figure written as a decrease: a minus sign, parentheses, or the triangles Japanese reports
# use (which the number reader does not sign).
_NEGATIVE = re.compile(r"^\s*[-−–△▲(]")
_POSITIVE = re.compile(r"^\s*\+")


def basis(text: str) -> str | None:
    """`year` or `quarter` when the text says what a change is measured against (one only)."""
    year, quarter = bool(_YEAR_BASIS.search(text)), bool(_QUARTER_BASIS.search(text))
    if year == quarter:
        return None
    return "year" if year else "quarter"


def direction(text: str) -> int:
    """+1 when the text speaks of a rise only, -1 of a fall only, else 0."""
    up, down = bool(_UP.search(text)), bool(_DOWN.search(text))
    return 0 if up == down else (1 if up else -1)


def nearest_direction(text: str) -> int:
    """The direction of the last rise or fall word of the text (the one closest to a figure
    that follows it: `down 2.1% YoY, up 5.7% QoQ` puts 5.7 after `up`)."""
    up = [m.start() for m in _UP.finditer(text)]
    down = [m.start() for m in _DOWN.finditer(text)]
    if not up and not down:
        return 0
    return 1 if max(up, default=-1) > max(down, default=-1) else -1


def signed_direction(figure: str, value: float | None = None) -> int:
    """-1 for a figure written as negative, +1 for one written with a plus sign, else 0; `value`,
    the number as the number reader signed it, tells a negative written after its currency
    (`$ (3,454)`, `JPY(184)`)."""
    if (value is not None and value < 0) or _NEGATIVE.match(figure):
        return -1
    return 1 if _POSITIVE.match(figure) else 0
