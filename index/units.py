"""Retrieval units: every chunk, and every table row on its own.

A row unit reads like `title | unit | label | column: value; ...` so a
question naming a row and a period can land on the exact row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from index.financial_tokenizer import tokenize
from ingest.markup import strip_markup
from ingest.models import Cell, Document, IngestedDocument, Table, TableRow
from ingest.numbers import find_amounts
from ingest.periods import FiscalCalendar, Period, find_periods


@dataclass
class RetrievalUnit:
    """One searchable unit: a text chunk, a table chunk or a table row.

    `start`/`end` index the document text; `text` is exactly that span. `tokens`, `periods`
    and `figures` are read once, at build time (`with_facts`), and stored: the query path
    reads them, it does not tokenize or parse the units it ranks.
    """

    doc_id: str
    kind: str
    start: int
    end: int
    pages: list[int]
    section: str
    text: str
    embed_text: str
    table_index: int | None = None
    label: str = ""
    cells: list[Cell] = field(default_factory=list)
    unit_id: int = -1
    table_id: int | None = None
    # Page-furniture signals set at build time (`index.furniture`).
    furniture_similarity: float = 0.0
    repeated_lines: float = 0.0
    # The financial tokens of `embed_text` in order (what BM25 indexes), and the periods it
    # names under its document's fiscal calendar.
    tokens: tuple[str, ...] = ()
    periods: tuple[Period, ...] = ()
    # How many figures its own text states (years not counted): a unit that states none
    # rarely holds the answer to `how much`.
    figures: int = 0


def with_facts(unit: RetrievalUnit, calendar: FiscalCalendar) -> RetrievalUnit:
    """Set the unit's `tokens` and `periods` from its `embed_text` and its `figures` from its
    text (in place; returns it)."""
    unit.tokens = tuple(tokenize(unit.embed_text))
    unit.periods = tuple(p for p, _, _ in find_periods(unit.embed_text, calendar))
    unit.figures = sum(not a.is_year for a in find_amounts(unit.text))
    return unit


def units_for(ingested: IngestedDocument) -> list[RetrievalUnit]:
    """All chunks of a document, then all of its table rows, each with its facts."""
    doc = ingested.document
    units = [
        RetrievalUnit(
            doc_id=doc.doc_id,
            kind=chunk.kind,
            start=chunk.start,
            end=chunk.end,
            pages=chunk.pages,
            section=chunk.section,
            text=chunk.text,
            embed_text=chunk.embed_text,
        )
        for chunk in ingested.chunks
    ]
    for t_index, table in enumerate(ingested.tables):
        for row in table.rows:
            units.append(
                RetrievalUnit(
                    doc_id=doc.doc_id,
                    kind="row",
                    start=row.start,
                    end=row.end,
                    pages=[row.page] if row.page else [],
                    section=table.section,
                    text=doc.text[row.start : row.end],
                    embed_text=row_embed_text(doc.title, table, row),
                    table_index=t_index,
                    label=row.label,
                    cells=[Cell(c.column, c.text, c.value, c.start, c.end) for c in row.cells],
                )
            )
    return [with_facts(u, doc.calendar) for u in units]


# A line shorter than this (a page number, a bullet mark) says too little to embed alone.
MIN_LINE_CHARS = 12
# Longer lines are cut: MiniLM reads at most 256 word pieces, and a line this long is a
# paragraph whose first sentences say what it is about.
MAX_LINE_CHARS = 300


def line_key(line: str) -> str:
    """The text a line's stored vector is kept under."""
    return line.strip()[:MAX_LINE_CHARS]


def unit_lines(unit: RetrievalUnit) -> list[str]:
    """The lines of a unit that carry their own vector: a question worded unlike the whole
    chunk can still be close to the one line that answers it."""
    lines = (line_key(line) for line in unit.text.split("\n"))
    return [x for x in lines if len(x) >= MIN_LINE_CHARS and any(ch.isalpha() for ch in x)]


def short_texts(units: list[RetrievalUnit]) -> list[str]:
    """Row labels, column headers and unit lines: embedded once at build time so that ranking
    and answering compare a question with a line, a row's metric and a column semantically."""
    texts = {u.label for u in units if u.kind == "row" and u.label}
    texts.update(c.column for u in units if u.kind == "row" for c in u.cells if c.column)
    texts.update(line for u in units for line in unit_lines(u))
    return sorted(texts)


def row_embed_text(doc_title: str, table: Table, row: TableRow, max_chars: int = 700) -> str:
    """A row as a sentence-like string: context first, then `column: value` pairs."""
    context = [doc_title, table.section, table.title]
    if table.unit:
        context.append(f"Unit: {table.unit}")
    pairs = [f"{c.column}: {strip_markup(c.text)}" if c.column else strip_markup(c.text) for c in row.cells]
    head = " | ".join(dict.fromkeys(p for p in context if p))
    body = f"{row.label}: " + "; ".join(pairs) if row.label else "; ".join(pairs)
    return f"{head}\n{body}"[:max_chars]


def document_period_counts(document: Document) -> Counter[Period]:
    """How often a document's text names each period (its title and headings once, where they
    stand, not once per passage that repeats them), read at build time."""
    return Counter(p for p, _, _ in find_periods(document.text, document.calendar))


def passage_term_counts(units: list[RetrievalUnit]) -> Counter:
    """How many of these passages (rows left out) hold each term in their text."""
    counts: Counter = Counter()
    for unit in units:
        if unit.kind != "row":
            counts.update(set(tokenize(unit.text)))
    return counts
