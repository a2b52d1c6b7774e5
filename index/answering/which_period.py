"""`In which year was X larger?`: compare the period columns of the row that names X."""

from __future__ import annotations

import re

from index.answering.candidates import (
    EvidenceContext,
    RankedUnit,
    cell_amount,
    coverage,
    is_change_column,
    metric_weights,
)
from index.citations import cite
from index.financial_tokenizer import tokenize
from index.query import QueryAnalysis
from index.result import Answer
from index.units import RetrievalUnit
from ingest.models import Cell
from ingest.periods import FiscalCalendar, Period, parse_column_period

# The row label, read with its table's title, must name most of the metric: comparing the
# wrong row's columns is a wrong answer.
MIN_LABEL_COVERAGE = 0.6
# Comparisons are not scored by the fitted model (too few in the training data): this floor
# on label coverage times rank keeps them to rows that clearly name the metric.
MIN_CONFIDENCE = 0.45
# A period's level: its value, the cell holding it and the column's period.
_Dated = tuple[float, Cell, Period]
# A column of shares or ratios beside a period's amount (`2019 % of total revenue`).
_SHARE_COLUMN = re.compile(r"%|\bper\s?cent(?:age)?\b|\bshare\s+of\b", re.I)


def which_period_answer(ranked: list[RankedUnit], q: QueryAnalysis, ctx: EvidenceContext) -> Answer | None:
    """The period(s) of the best matching row that satisfy the comparison, or None."""
    op, limit = q.which_period or ("max", None)
    for r in ranked:
        unit = r.unit
        if unit.kind != "row":
            continue
        calendar = ctx.document(unit.doc_id).calendar
        weights = metric_weights(q, unit.doc_id, ctx)
        # `What years are included in the table?` names no metric: any row shows the years.
        label_cov = _row_coverage(unit, weights, ctx) if sum(weights.values()) else 1.0
        if label_cov < MIN_LABEL_COVERAGE or (op == "all" and not sum(weights.values()) and r.rank > 3):
            continue
        dated = _dated_levels(unit, q, calendar)
        if len({p for _, _, p in dated}) < 2:
            continue
        chosen = _chosen(dated, op, limit)
        if not chosen:
            return None
        confidence = label_cov * (0.9 - 0.05 * r.rank)
        if confidence < MIN_CONFIDENCE:
            return None
        citation = cite(ctx.document(unit.doc_id), unit.start, unit.end)
        names = [_period_name(c.column) for _, c, _ in chosen]
        parts = [
            Answer(text=name, value=None, unit=None, period=p.label, confidence=confidence, citation=citation)
            for name, (_, _, p) in zip(names, chosen, strict=True)
        ]
        return Answer(
            text=", ".join(names),
            value=None,
            unit=None,
            period=", ".join(p.label for _, _, p in chosen),
            confidence=confidence,
            citation=citation,
            parts=parts if len(parts) > 1 else [],
        )
    return None


def _dated_levels(unit: RetrievalUnit, q: QueryAnalysis, calendar: FiscalCalendar) -> list[_Dated]:
    """(value, cell, period) of the row's level in each period column, not a change (`$ Change
    vs 2022` is no level of the period it names). Where a period has an amount and a share
    column (`2019 Amount`, `2019 % of total revenue`), the share when a percent is asked, else
    the amount; a period with one kind of column gives that."""
    by_period: dict[Period, list[tuple[bool, _Dated]]] = {}
    for cell in unit.cells:
        if is_change_column(cell.column):
            continue
        period = parse_column_period(cell.column, calendar)
        amount = cell_amount(cell.text, q)
        if period is not None and amount is not None:
            share = bool(_SHARE_COLUMN.search(cell.column))
            by_period.setdefault(period, []).append((share, (amount.value, cell, period)))
    return [
        next((d for share, d in cells if share == q.percent), cells[0][1]) for cells in by_period.values()
    ]


def _row_coverage(unit, weights: dict[str, float], ctx: EvidenceContext) -> float:
    """How much of the metric the row names, read with its table's title and section (`Canada`
    in a table of revenue by country names `revenue in Canada`); 0 unless the label itself names
    some of it, so a `Total` row does not stand for whatever its table is about."""
    label = set(tokenize(unit.label))
    if not coverage(label, weights):
        return 0.0
    if unit.table_id is None:
        return coverage(label, weights)
    table = ctx.table(unit.table_id)
    return coverage(label | set(tokenize(f"{table.title} {table.section}")), weights)


def _chosen(dated: list, op: str, limit: float | None) -> list:
    if op == "all":
        return dated
    if op == "neg":
        return [d for d in dated if d[0] < 0]
    if op == "max":
        return [max(dated, key=lambda d: d[0])]
    if op == "min":
        return [min(dated, key=lambda d: d[0])]
    return [d for d in dated if (d[0] < limit if op == "lt" else d[0] > limit)]


def _period_name(column: str) -> str:
    """How the column names its period: the year it shows (`2019`), else the header."""
    years = re.findall(r"(?:19|20)\d\d", column)
    return years[-1] if years else column
