"""Find the unit a table is stated in from the text near it."""

from __future__ import annotations

import re

from ingest.currencies import CODES, MENTION_PATTERN, currency_code

_SCALE = r"(?P<scale>thousands?|millions?|billions?|mn|bn)"
_CUR = r"(?P<cur>" + MENTION_PATTERN + ")"
_PATTERNS = [
    # Unit: JPY million / Unit: million / Unit: JPY billion (except ...)
    re.compile(r"\bunits?\s*[:：]\s*(?:" + _CUR + r"\s*)?(?:in\s+)?" + _SCALE + r"?", re.I),
    # (JPY in millions) / (Dollars in millions) / (In millions, except ...)
    re.compile(r"\(\s*(?:" + _CUR + r"\s+)?in\s+" + _SCALE, re.I),
    # Thousands of JPY / Millions of yen / millions of dollars
    re.compile(_SCALE + r"\s+of\s+" + _CUR, re.I),
    # (Revenue, JPY million) / (JPY mn) / JPY billion
    re.compile(r"\b" + _CUR + r"\s*" + _SCALE + r"\b", re.I),
]
_SCALE_NAMES = {
    "thousand": "thousand",
    "thousands": "thousand",
    "million": "million",
    "millions": "million",
    "mn": "million",
    "billion": "billion",
    "billions": "billion",
    "bn": "billion",
}


def find_unit(text: str) -> str | None:
    """Return the unit stated in `text` as `CURRENCY scale`, e.g. `JPY million`.

    Recognises `Unit: JPY million`, `Unit: million`, `(JPY in millions)`,
    `Thousands of JPY`, `(In millions, except per share amounts)` and
    `(Revenue, JPY million)`. Returns None when no unit is stated.
    """
    best: tuple[int, str] | None = None
    for rank, pattern in enumerate(_PATTERNS):
        for m in pattern.finditer(text):
            unit = _format(m.groupdict().get("cur"), m.groupdict().get("scale"))
            if unit and (best is None or rank < best[0]):
                best = (rank, unit)
                break
    return best[1] if best else None


def _format(currency: str | None, scale: str | None) -> str | None:
    """Join the canonical currency and scale words, or None if both are missing."""
    cur = currency_code(currency) if currency else None
    sc = _SCALE_NAMES.get(scale.lower()) if scale else None
    parts = [p for p in (cur, sc) if p]
    return " ".join(parts) if parts else None


def merge_units(own: str, inherited: str | None) -> str | None:
    """`own` (a column's unit, as `find_unit` writes it) with the part it leaves out, its
    currency or its scale, from `inherited` (its table's): `million` in a `JPY thousand`
    table is `JPY million`."""
    mine, theirs = _parts(own), _parts(inherited)
    return _format(mine[0] or theirs[0], mine[1] or theirs[1])


def _parts(unit: str | None) -> tuple[str | None, str | None]:
    """The currency code and the scale word of a unit `find_unit` wrote."""
    words = (unit or "").split()
    currency = next((w for w in words if w in CODES), None)
    scale = next((w for w in words if w in _SCALE_NAMES.values()), None)
    return currency, scale
