"""Split table lines into cells with exact character spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.markup import strip_markup
from ingest.numbers import parse_number

_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")
_JUNK_CELL = re.compile(r"^[\s_\-–—•·.]*$")


@dataclass
class RawCell:
    """A cell's exact text (trimmed) and its span in the document text."""

    text: str
    start: int
    end: int

    @property
    def clean(self) -> str:
        """The cell text without markup and with white space collapsed."""
        return strip_markup(self.text)

    @property
    def is_empty(self) -> bool:
        """True for a blank cell or one holding only filler such as `_` or `•`."""
        return bool(_JUNK_CELL.match(self.clean))

    @property
    def is_numeric(self) -> bool:
        """True when the cell parses as a number."""
        return parse_number(self.text) is not None


@dataclass
class RawRow:
    """One table line: its span and its cells by position (blank cells included)."""

    start: int
    end: int
    cells: list[RawCell]

    @property
    def filled(self) -> list[RawCell]:
        """The non-blank cells."""
        return [c for c in self.cells if not c.is_empty]

    @property
    def is_separator(self) -> bool:
        """True for a dashed rule such as `|---|---|` or `-----<TAB>-----`."""
        texts = [c.text for c in self.cells if c.text.strip()]
        return bool(texts) and all(_SEPARATOR_CELL.match(t) for t in texts)


def _trimmed_cell(line: str, offset: int, a: int, b: int) -> RawCell:
    """The cell between positions a and b of the line, trimmed of white space."""
    piece = line[a:b]
    lead = len(piece) - len(piece.lstrip())
    text = piece.strip()
    start = offset + a + lead
    return RawCell(text=text, start=start, end=start + len(text))


def split_markdown_row(line: str, offset: int) -> RawRow:
    """Split a `| a | b |` line into cells; the outer pipes are optional."""
    bars = [i for i, ch in enumerate(line) if ch == "|"]
    stripped = line.strip()
    bounds = list(bars)
    if not stripped.startswith("|"):
        bounds.insert(0, -1)
    if not stripped.endswith("|"):
        bounds.append(len(line))
    cells = [_trimmed_cell(line, offset, a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    return RawRow(start=offset, end=offset + len(line.rstrip()), cells=cells)


def split_tsv_row(line: str, offset: int) -> RawRow:
    """Split a tab-separated line into cells; trailing blank cells are dropped."""
    bounds = [-1] + [i for i, ch in enumerate(line) if ch == "\t"] + [len(line)]
    cells = [_trimmed_cell(line, offset, a + 1, b) for a, b in zip(bounds, bounds[1:], strict=False)]
    while cells and not cells[-1].text:
        cells.pop()
    lead = len(line) - len(line.lstrip(" "))
    return RawRow(start=offset + lead, end=offset + len(line.rstrip()), cells=cells)
