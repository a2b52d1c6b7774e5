"""`What were sales and purchases in 2017?`: one figure for each of several rows the question names.

A question can join two metrics with `and`. When every word of two or more rows' own labels
in the table of the top evidence is in the question (`Sales`, `Purchases`), and no one row
is named by them together (`Sales and marketing` is one row), and the names sit side by side
in the question joined by `and`, the question asks for each:
the parts are those rows' figures in the asked period's column (or in the first column with
figures when it names no period), in the order the question names them. When it names two
or more columns so instead (`the Americas and Europe segments at year end`), the parts are
the top row's figures in those columns. A heading over a single row of figures names that
row too (`Costs:` over `Freight and handling paid to carriers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.answering.candidates import EvidenceContext, RankedUnit, cell_amount
from index.answering.row_headings import own_labels
from index.answering.row_names import column_fits, top_table
from index.financial_tokenizer import tokenize
from index.query import QueryAnalysis, period_fits
from index.units import RetrievalUnit
from ingest.models import Cell
from ingest.periods import FiscalCalendar, find_periods
from ingest.tables.row_groups import TOTAL, is_heading_label, own_label

# Words a label may hold that join rather than name (`Property and equipment`): left out when
# its name is looked for word by word in the question.
_JOINERS = frozenset({"and", "of", "the", "for", "in", "to"})
_WORDS = re.compile(r"[a-z0-9]+")
# Between two names: `and` and at most a few more words (`, and the`, `and also`).
MAX_GAP_WORDS = 3


@dataclass(frozen=True)
class NamedPart:
    """One row the question names and the cell of its figure."""

    row: RetrievalUnit
    cell: Cell
    label: str


def named_rows(ranked: list[RankedUnit], q: QueryAnalysis, ctx: EvidenceContext) -> list[NamedPart]:
    """The figure of each row the question names whole, when it names two or more, else []."""
    if " and " not in f" {q.text.lower()} ":
        return []
    found = top_table(ranked, ctx)
    if found is None:
        return []
    unit, rows = found.unit, found.rows
    labels = own_labels(rows)
    with_figures = [(label, r) for label, r in zip(labels, rows, strict=True) if r.cells]
    if len({label for label, _ in with_figures}) < len(with_figures):
        return []  # the same label in two groups (`Net revenue` of two businesses): which is asked?
    asked = set(q.terms)
    named = _named({**_sole_rows(rows), **dict(with_figures)}, asked)
    calendar = ctx.document(unit.doc_id).calendar
    q = q.in_calendar(calendar)
    parts = []
    if len(named) >= 2:
        for label, row in named:
            cell = _cell(row, q, calendar)
            if cell is None:
                return []
            parts.append(NamedPart(row, cell, label))
    else:
        if q.periods and not _row_is_of(unit, q, calendar):
            return []
        columns = _named({c.column: c for c in unit.cells if cell_amount(c.text, q) is not None}, asked)
        if len(columns) < 2:
            return []
        parts = [NamedPart(unit, cell, column) for column, cell in columns]
    return _joined(parts, q.text)


def _sole_rows(rows: list[RetrievalUnit]) -> dict[str, RetrievalUnit]:
    """Each heading over a single row of figures, as a name of that row: under `Costs:` the one
    row `Freight and handling paid to carriers` is what `income and costs` asks. A
    heading's group runs, in table order, to the next heading or through a `Total` row, as
    ingestion groups them (`ingest.tables.row_groups`)."""
    groups: list[tuple[str, list[RetrievalUnit]]] = []
    for row in rows:
        if not row.cells and is_heading_label(row.label):
            groups.append((row.label.rstrip(": "), []))
        elif row.cells and groups and groups[-1][0]:
            heading, under = groups[-1]
            under.append(row)
            if TOTAL.match(own_label(row.label, [heading])):
                groups.append(("", []))  # the rows after a total sit under no heading
    return {heading: under[0] for heading, under in groups if heading and len(under) == 1}


def _row_is_of(unit: RetrievalUnit, q: QueryAnalysis, calendar: FiscalCalendar) -> bool:
    """Whether the row's label names the asked period (`Balance at December 31, 2024`)."""
    stated = [p for p, _, _ in find_periods(unit.label, calendar)]
    return any(period_fits(a, p) for a in q.periods for p in stated)


def _joined(parts: list[NamedPart], question: str) -> list[NamedPart]:
    """The parts in the order the question writes their names, when each name is written
    there word for word and the next follows it after `and` (`sales and purchases`, `the
    Americas and the Europe segments`); else [] (`interest earned on sales and other income`
    names `Interest` and `Sales`, but not side by side: one figure is asked)."""
    words = _WORDS.findall(question.lower())
    spans = []
    for part in parts:
        own = [w for w in _WORDS.findall(part.label.lower()) if w not in _JOINERS]
        if not own or any(w not in words for w in own):
            return []
        at = [words.index(w) for w in own]
        spans.append((min(at), max(at), part))
    spans.sort(key=lambda x: x[0])
    for (_, end, _), (start, _, _) in zip(spans, spans[1:], strict=False):
        gap = words[end + 1 : start]
        if "and" not in gap or len(gap) > MAX_GAP_WORDS:
            return []
    return [part for _, _, part in spans]


def _named(items: dict, asked: set[str]) -> list[tuple[str, object]]:
    """The (name, item) pairs whose every word the question holds, when no one of them is
    named inside another (`Sales` in `Sales and marketing`, which is kept alone) and no two
    share a word; else []."""
    named = {}
    for name, item in items.items():
        tokens = frozenset(tokenize(name))
        if tokens and tokens <= asked:
            named.setdefault(tokens, (name, item))
    kept = [t for t in named if not any(t < other for other in named)]
    if any(a & b for a in kept for b in kept if a is not b):
        return []
    return [named[t] for t in kept]


def _cell(row: RetrievalUnit, q: QueryAnalysis, calendar) -> Cell | None:
    """The row's cell in the asked period's column (None when no column is of it), or, when
    no period is asked, its first cell with a figure (None for several periods)."""
    figures = [c for c in row.cells if cell_amount(c.text, q) is not None]
    if len(q.periods) == 1:
        return next((c for c in figures if column_fits(c.column, q.periods[0], calendar)), None)
    if q.periods:
        return None
    return figures[0] if figures else None
