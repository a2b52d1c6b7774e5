"""Table parsing checked cell by cell: does each printed value land in its own row and column?

The gold file (`tests/data/pdf_cells.jsonl`) records, for a sample of statement
cells in PDFs, the row label as printed, its parent label when the row is an
indented sub-row, the column header (lines joined by ` | `) and the value. A
cell is aligned when the parsed table on that page has a row with that label
holding that value under a column that names the same header (same text, or the
same period under the document's calendar).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ingest.models import Document, Table, TableRow
from ingest.periods import parse_column_period

_NOT_WORD = re.compile(r"[^a-z0-9()%.\-—–]+")
_FOOTNOTE = re.compile(r"\(\d\)|\*+")


@dataclass(frozen=True)
class GoldCell:
    """One printed cell: where it is and what it says."""

    doc: str
    page: int
    row_label: str
    parent_label: str
    column_header: str
    value: str
    period: str = ""  # the period in the recorder's words (`three months ended July 1, 2023`)
    unit: str = ""  # `millions`, `percent`, `per share` …


@dataclass(frozen=True)
class CellCheck:
    """How one gold cell came out of the parser."""

    cell: GoldCell
    row_found: bool  # a parsed row on the page has the label and the value
    aligned: bool  # ... and the value sits under the gold column
    parent_kept: bool | None  # for sub-rows: the parsed label names the parent (None otherwise)


@dataclass(frozen=True)
class AlignmentReport:
    """Shares over the gold cells, overall and per document."""

    checks: list[CellCheck]

    def share(self, field: str, doc: str | None = None) -> float:
        """Share of checks (of one document) where `field` is true; parent shares count sub-rows only."""
        rows = [c for c in self.checks if doc is None or c.cell.doc == doc]
        values = [getattr(c, field) for c in rows if getattr(c, field) is not None]
        return sum(values) / len(values) if values else 0.0

    def documents(self) -> list[str]:
        return sorted({c.cell.doc for c in self.checks})


def load_gold_cells(path: Path) -> list[GoldCell]:
    """Read the gold cell file (one JSON object a line)."""
    cells = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            cells.append(
                GoldCell(
                    item["doc"],
                    int(item["page"]),
                    item["row_label"],
                    item.get("parent_label", ""),
                    item["column_header"],
                    item["value"],
                    item.get("period", ""),
                    item.get("unit", ""),
                )
            )
    return cells


def check_cells(cells: list[GoldCell], parsed: dict[str, tuple[Document, list[Table]]]) -> AlignmentReport:
    """Check every gold cell against the tables parsed from its document (by file name)."""
    by_page: dict[tuple[str, int], list[TableRow]] = defaultdict(list)
    for name, (_, tables) in parsed.items():
        for table in tables:
            for row in table.rows:
                by_page[(name, row.page or table.page or 0)].append(row)
    checks = []
    for cell in cells:
        document = parsed[cell.doc][0] if cell.doc in parsed else None
        checks.append(_check(cell, by_page.get((cell.doc, cell.page), []), document))
    return AlignmentReport(checks)


def _check(cell: GoldCell, rows: list[TableRow], document: Document | None) -> CellCheck:
    label = _norm(cell.row_label)
    value = _norm_value(cell.value)
    holding = [
        (row, c)
        for row in rows
        if _norm(row.label).endswith(label)
        for c in row.cells
        if _norm_value(c.text) == value
    ]
    aligned = any(_same_column(c.column, cell.column_header, document) for _, c in holding)
    parent = None
    if cell.parent_label:
        named = [row for row, _ in holding]
        parent = any(_norm(cell.parent_label).rstrip(":") in _norm(row.label) for row in named)
    return CellCheck(cell, bool(holding), aligned, parent)


def _same_column(parsed: str, gold: str, document: Document | None) -> bool:
    """Same header words, or the same period under the document's calendar."""
    a, b = _norm(parsed), _norm(gold.replace("|", " "))
    if a == b or (a and b and (a in b or b in a)):
        return True
    if document is None:
        return False
    pa = parse_column_period(parsed, document.calendar)
    pb = parse_column_period(gold.replace("|", " "), document.calendar)
    return pa is not None and pa == pb


def _norm(text: str) -> str:
    return _NOT_WORD.sub("", _FOOTNOTE.sub("", text.lower()))


def _norm_value(text: str) -> str:
    return re.sub(r"[\s$~%]", "", text)
