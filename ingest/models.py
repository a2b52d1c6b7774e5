"""Plain dataclasses that flow from ingestion to the index.

Every span (`start`, `end`) is a character range into `Document.text`, so a
citation can always be rebuilt as `document.text[start:end]`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ingest.periods import CALENDAR_YEAR, FiscalCalendar


@dataclass(frozen=True)
class Page:
    """One page of a document: its number and its character range in the text."""

    number: int
    start: int
    end: int


@dataclass
class Document:
    """A loaded file: normalised text plus a page map.

    Text files have a single page (`number` 1) and are cited by line; PDFs keep
    one `Page` per physical page.
    """

    doc_id: str
    path: str
    name: str
    title: str
    kind: str
    text: str
    pages: list[Page]
    date: str | None = None
    # How the document's fiscal years run (`ingest.fiscal_calendar.detect_calendar`).
    calendar: FiscalCalendar = CALENDAR_YEAR
    # The text encoding a text file was read in (`UTF-8`, `UTF-16`, `Windows-1252`, `Shift_JIS`).
    encoding: str = "UTF-8"
    # PDF only: each page's text in pypdf layout mode, used to find table columns.
    _page_layouts: list[str] = field(default_factory=list, repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def pages_without_text(self) -> list[int]:
        """PDF pages with no text layer (scanned images: there is no OCR), by number."""
        if self.kind != "pdf":
            return []
        return [p.number for p in self.pages if not self.text[p.start : p.end].strip()]

    def page_at(self, offset: int) -> int | None:
        """Return the PDF page number holding `offset`, or None for text files."""
        if self.kind != "pdf":
            return None
        for page in self.pages:
            if page.start <= offset < page.end or (offset == page.end == len(self.text)):
                return page.number
        return self.pages[-1].number if self.pages else None

    def pages_between(self, start: int, end: int) -> list[int]:
        """Return the PDF page numbers that the span touches (empty for text files)."""
        if self.kind != "pdf":
            return []
        last = max(start, end - 1)
        return [p.number for p in self.pages if p.start <= last and start < max(p.end, p.start + 1)]

    def line_of(self, offset: int) -> int:
        """Return the 1-based line number of a character offset."""
        if not self._line_starts:
            self._line_starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
        return bisect.bisect_right(self._line_starts, offset)

    def lines_between(self, start: int, end: int) -> tuple[int, int]:
        """Return the first and last 1-based line numbers of a span."""
        return self.line_of(start), self.line_of(max(start, end - 1))


@dataclass
class Block:
    """A structural unit of a document: heading, paragraph, list item or table."""

    kind: str
    start: int
    end: int
    section: str
    page: int | None = None


@dataclass
class Cell:
    """One table cell: its column header, its raw text and its parsed number."""

    column: str
    text: str
    value: float | None
    start: int
    end: int


@dataclass
class TableRow:
    """One table row: the label (first cell) and its value cells."""

    label: str
    cells: list[Cell]
    start: int
    end: int
    page: int | None = None


@dataclass
class Table:
    """A parsed table with its title, unit and column headers."""

    kind: str
    title: str
    unit: str | None
    columns: list[str]
    rows: list[TableRow]
    start: int
    end: int
    section: str
    page: int | None = None
    header_text: str = ""


@dataclass
class Chunk:
    """A retrieval unit of text, following block boundaries.

    `text` is exactly `document.text[start:end]`; `embed_text` is what the
    encoder sees (document title, section and, for tables, the header).
    """

    chunk_id: str
    doc_id: str
    start: int
    end: int
    pages: list[int]
    section: str
    kind: str
    text: str
    embed_text: str
    tokens: int


@dataclass
class IngestedDocument:
    """Everything ingestion produces for one file."""

    document: Document
    blocks: list[Block]
    tables: list[Table]
    chunks: list[Chunk]
