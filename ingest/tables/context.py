"""Find a table's title and unit in the lines just above it."""

from __future__ import annotations

import re

from ingest.markup import strip_markup
from ingest.periods import find_periods
from ingest.structure import Line, is_table_line
from ingest.tables.unit import find_unit

_BULLET = re.compile(r"^\s*(?:[-*+]\s|[•◆◇■□●○➤➢▪►→※])")
LOOKBACK_LINES = 6


def lines_above(
    lines: list[Line], first: int, boilerplate: set[str], limit: int = LOOKBACK_LINES
) -> list[str]:
    """Return up to `limit` non-blank lines above line index `first`, nearest first.

    Skips running footers (`boilerplate`) and stops at another table so that one
    table's caption is not given to the next. A recurring line that names a unit
    (`Unit: JPY million` above every table of a deck) is the table's unit, not furniture,
    when at most the caption stands between it and the table: further up it belongs to
    another slide (one of charts only, say).
    """
    found: list[str] = []
    i = first - 1
    while i >= 0 and len(found) < limit:
        text = lines[i].text
        recurring_unit = len(found) <= 1 and find_unit(text)
        if text.strip() and (text.strip() not in boilerplate or recurring_unit):
            if is_table_line(text):
                break
            found.append(strip_markup(text))
        i -= 1
    return found


def title_from_context(above: list[str], section: str) -> str:
    """Pick the caption: the nearest short non-bullet line above, else the section heading."""
    candidates = [t.strip() for t in above if not re.match(r"^\(?\s*(?:unit\b|except\b)", t, re.I)]
    for i, text in enumerate(candidates):
        if i == 0 and _BULLET.match(text) and len(text) <= 80 and text.endswith(":"):
            # A short bullet right above a table (`◆ ATM Operation Business:`) is its caption.
            return _BULLET.sub("", text).strip().rstrip(":").strip()
        if _BULLET.match(text) or len(text) > 100:
            break
        period_line = is_period_line(text)
        if period_line or sum(ch.isalpha() for ch in text) >= 3:
            # A period heading (`<2Q07 (2007/7-9)>`) or a dated parenthetical (`(As of March 31,
            # 2009)`) qualifies the caption above it.
            qualifies = period_line or (text.startswith("(") and any(ch.isdigit() for ch in text))
            if qualifies and i + 1 < len(candidates) and _is_caption(candidates[i + 1]):
                return f"{candidates[i + 1]} {text}"
            return text
    return section.split(" > ")[-1] if section else ""


def is_period_line(text: str) -> bool:
    """Whether the line is one period and nothing else, bracketed or not (`<1H07 (2007/4-9)>`,
    `[FY2010]`, `Fiscal 2022`); a bare year is no period to the parser, so `[2022]` is not."""
    mentions = find_periods(text)
    rest = list(text)
    for _, start, end in mentions:
        rest[start:end] = " " * (end - start)
    return len(mentions) == 1 and not any(ch.isalnum() for ch in rest)


def _is_caption(text: str) -> bool:
    return not _BULLET.match(text) and len(text) <= 100 and not text.startswith("(")


def unit_from_context(above: list[str], header_text: str, title: str) -> str | None:
    """Return the unit named in the header, the title or the lines above, nearest first."""
    for text in [header_text, title, *above]:
        unit = find_unit(text)
        if unit:
            return unit
    return None
