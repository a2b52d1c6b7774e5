"""Answers that name table rows: `What are the components of X?`, `Which segment earned most?`.

Most questions want a figure; some want the names of a table's rows: every row of a group
(`what makes up current assets`) or the row that is largest or smallest in a column (`which
region had the highest net sales in 2022`). Whether a question asks for names is learned,
not listed: `RowNamesModel` is a logistic regression over the question's words, word pairs
and MiniLM vector,
fitted by `make train` (`index.training.row_names_fit`) on questions labelled by whether
their answer is row names. The rows come from the first table among the top evidence:

- a superlative question (`highest`, `smallest`) compares the group's rows in the column of
  each asked period (else the first column with figures) and names the largest or smallest;
- otherwise the group: the rows under the heading row that names most of the question,
  else the rows summed by a total row that does, else every row of the table but totals.

Names are each row's own label, without the heading it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answering.candidates import (
    EvidenceContext,
    RankedUnit,
    cell_amount,
    column_period,
    coverage,
    metric_weights,
)
from index.answering.row_headings import own_labels
from index.financial_tokenizer import tokenize
from index.model_file import model_json, read_model, rounded
from index.query import QueryAnalysis, compares_with_figure, period_fits, superlative
from index.units import RetrievalUnit
from ingest.periods import FiscalCalendar, Period
from ingest.tables.row_groups import TOTAL

DEFAULT_ROW_NAMES = Path(__file__).resolve().parents[1] / "models" / "row_names.json"
# Only a table among this many top units is read: names from a table far down the evidence
# are names of something else.
TOP_UNITS = 3
# A heading or sum row names the group asked for when the question names more than half of it
# (or it more than half of the question): the IDF share, in either direction.
GROUP_COVERAGE = 0.6
# A named row sums the rows above it when their figures add up to its own within this share
# (rounding in printed tables), or within one unit.
SUM_TOLERANCE = 0.005
# The model's inputs: the question's words and word pairs, and its MiniLM vector.
INPUTS = ("question_ngrams", "question_vector")
_WORD = re.compile(r"[a-z]+")


def question_ngrams(text: str) -> list[str]:
    """The question's lower-case words and pairs of adjacent words (`what are`, `are the`): its
    form (`what are the components`, `how much`) as well as its topic."""
    words = _WORD.findall(text.lower())
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


class RowNamesModelError(Exception):
    """The row-names model file is missing or unreadable; run `make train`."""


@dataclass(frozen=True)
class RowNamesModel:
    """P(the question asks for row names): a logistic regression over its words and word pairs
    (`terms`, a weight each) and its vector, with the probability from which it is taken to
    (chosen on held-out folds for precision, see `row_names_fit`)."""

    terms: dict[str, float]
    weights: np.ndarray
    intercept: float
    threshold: float

    def probability(self, text: str, vector: np.ndarray) -> float:
        """The probability that this question asks for row names."""
        z = sum(self.terms.get(t, 0.0) for t in set(question_ngrams(text)))
        z += float(self.weights @ vector) + self.intercept
        return float(1.0 / (1.0 + np.exp(-z)))

    def asks_names(self, text: str, vector: np.ndarray) -> bool:
        """Whether the question is taken to ask for row names."""
        return self.probability(text, vector) >= self.threshold

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (rounded and sorted, so refits compare by bytes)."""
        data = {
            "features": list(INPUTS),
            "terms": {t: round(float(w), 6) for t, w in sorted(self.terms.items())},
            "weights": rounded(self.weights),
            "intercept": round(float(self.intercept), 6),
            "threshold": round(float(self.threshold), 6),
        }
        return model_json({**data, **(extra or {})})

    @classmethod
    def load(cls, path: Path = DEFAULT_ROW_NAMES) -> RowNamesModel:
        """Read a model file written by `docqa train`."""
        data = read_model(path, INPUTS, "row-names model", RowNamesModelError, needs=("terms", "weights"))
        weights = np.asarray(data["weights"], dtype=float)
        return cls(dict(data["terms"]), weights, float(data["intercept"]), float(data["threshold"]))


@dataclass(frozen=True)
class TopTable:
    """The first table row among the top units, and every row of its table in order."""

    unit: RetrievalUnit
    rows: list[RetrievalUnit]


@dataclass(frozen=True)
class RowNames:
    """The names a question asks for and the rows that carry them (one per name)."""

    names: list[str]
    rows: list[RetrievalUnit]


def top_table(ranked: list[RankedUnit], ctx: EvidenceContext) -> TopTable | None:
    """The first table row among the top units and every row of its table, or None."""
    unit = next(
        (r.unit for r in ranked[:TOP_UNITS] if r.unit.kind == "row" and r.unit.table_id is not None), None
    )
    return TopTable(unit, ctx.table_rows(unit.table_id)) if unit is not None else None


def row_names(ranked: list[RankedUnit], q: QueryAnalysis, ctx: EvidenceContext) -> RowNames | None:
    """The row names answering `q` from the first table among the top units, or None."""
    found = top_table(ranked, ctx)
    if found is None or compares_with_figure(q.text):
        return None  # `which segments sold less than 100` asks for a filter, not built
    unit, rows = found.unit, found.rows
    labels = dict(zip((r.unit_id for r in rows), own_labels(rows), strict=True))
    group = _group(rows, labels, q, metric_weights(q, unit.doc_id, ctx), ctx)
    if not group:
        return None
    op = superlative(q.text)
    if op is None:
        first: dict[str, RetrievalUnit] = {}
        for r in group:
            first.setdefault(labels[r.unit_id], r)
        return RowNames(list(first), list(first.values()))
    chosen = _extremes(group, q, ctx, op)
    return RowNames([labels[r.unit_id] for r in chosen], chosen) if chosen else None


def _group(
    rows: list[RetrievalUnit],
    labels: dict[int, str],
    q: QueryAnalysis,
    weights: dict[str, float],
    ctx: EvidenceContext,
) -> list[RetrievalUnit]:
    """The rows the question asks about (see the module docstring)."""
    scores = [_names(labels[r.unit_id], q, weights, ctx) for r in rows]
    named = [score >= GROUP_COVERAGE for score in scores]
    ends = [not r.cells or not r.label or bool(TOTAL.match(labels[r.unit_id])) for r in rows]
    headings = [i for i, r in enumerate(rows) if not r.cells and r.label and named[i]]
    if headings:
        best = max(headings, key=lambda i: scores[i])
        members = []
        for i in range(best + 1, len(rows)):
            if ends[i] or named[i]:
                break
            members.append(rows[i])
        return members
    sums = [i for i, r in enumerate(rows) if r.cells and named[i]]
    if sums:
        best = max(sums, key=lambda i: scores[i])
        start = max((i + 1 for i in range(best) if ends[i]), default=0)
        above = rows[start:best]
        # A named row is what its rows add up to only when it is a total or its figure is their sum.
        return above if ends[best] or _is_sum(rows[best], above, q) else []
    return [r for i, r in enumerate(rows) if not ends[i]]


def _is_sum(row: RetrievalUnit, above: list[RetrievalUnit], q: QueryAnalysis) -> bool:
    """Whether the row's first figure is the sum of the rows above in its column (to within
    half a unit of its last printed digit, or `SUM_TOLERANCE` of it)."""
    if len(above) < 2 or not row.cells:
        return False
    column, total = row.cells[0].column, cell_amount(row.cells[0].text, q)
    parts = [cell_amount(c.text, q) for r in above for c in r.cells if c.column == column]
    if total is None or len(parts) != len(above) or any(p is None for p in parts):
        return False
    added = sum(p.value for p in parts)
    return abs(added - total.value) <= max(SUM_TOLERANCE * abs(total.value), 1.0)


def _names(
    label: str, q: QueryAnalysis, weights: dict[str, float], ctx: EvidenceContext, columns: bool = False
) -> float:
    """How well the question names a row (or, with `columns`, a column header): the IDF share
    of its metric words in the label, or of the label's words in the question (`components of
    continuing operations` names the heading `Continuing operations` whole), the larger."""
    tokens = set(tokenize(label))
    if not tokens or not (weights or columns):
        return 0.0
    own = {t: ctx.idf(t) for t in tokens}
    return max(coverage(tokens, weights), coverage(set(q.terms), own))


def _extremes(group: list[RetrievalUnit], q: QueryAnalysis, ctx: EvidenceContext, op: str):
    """The largest (or smallest) row of the group in the column of each asked period, else in
    the column the question names most (the first column when it names none)."""
    calendar = ctx.document(group[0].doc_id).calendar
    q = q.in_calendar(calendar)
    columns = list(dict.fromkeys(c.column for r in group for c in r.cells))
    fitting = [[c for c in columns if column_fits(c, p, calendar)] for p in q.periods] or [columns]
    if not all(fitting):
        return []
    chosen = []
    for candidates in fitting:
        column = max(candidates, key=lambda c: _names(c, q, {}, ctx, columns=True))
        values = []
        for r in group:
            cell = next((c for c in r.cells if c.column == column), None)
            amount = cell_amount(cell.text, q) if cell else None
            if amount is not None:
                values.append((amount.value, r))
        if len(values) < 2:
            return []
        pick = max if op == "max" else min
        chosen.append(pick(values, key=lambda v: v[0])[1])
    return chosen


def column_fits(column: str, period: Period, calendar: FiscalCalendar) -> bool:
    """Whether a column header names the asked period."""
    found = column_period(column, calendar)
    return found is not None and period_fits(period, found)
