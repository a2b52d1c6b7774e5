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

from index.answering.candidates import EvidenceContext, RankedUnit, cell_amount, coverage, metric_weights
from index.financial_tokenizer import tokenize
from index.model_file import model_json, read_model, rounded
from index.query import QueryAnalysis, period_fits, superlative
from index.units import RetrievalUnit
from ingest.periods import parse_column_period
from ingest.tables.row_groups import TOTAL

DEFAULT_ROW_NAMES = Path(__file__).resolve().parents[1] / "models" / "row_names.json"
# Only a table among this many top units is read: names from a table far down the evidence
# are names of something else.
TOP_UNITS = 3
# A heading or sum row names the group asked for when the question names more than half of it
# (or it more than half of the question): the IDF share, in either direction.
GROUP_COVERAGE = 0.6
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
class RowNames:
    """The names a question asks for and the rows that carry them (one per name)."""

    names: list[str]
    rows: list[RetrievalUnit]


def row_names(ranked: list[RankedUnit], q: QueryAnalysis, ctx: EvidenceContext) -> RowNames | None:
    """The row names answering `q` from the first table among the top units, or None."""
    unit = next((r.unit for r in ranked[:TOP_UNITS] if r.unit.kind == "row" and r.unit.table_id), None)
    if unit is None:
        return None
    rows = ctx.table_rows(unit.table_id)
    weights = metric_weights(q, unit.doc_id, ctx)
    group = _group(rows, q, weights, ctx)
    if not group:
        return None
    op = superlative(q.text)
    if op is None:
        first = {}
        for r in group:
            first.setdefault(own_label(r, rows), r)
        return RowNames(list(first), list(first.values()))
    chosen = _extremes(group, q, ctx, op)
    return RowNames([own_label(r, rows) for r in chosen], chosen) if chosen else None


def _group(
    rows: list[RetrievalUnit], q: QueryAnalysis, weights: dict[str, float], ctx
) -> list[RetrievalUnit]:
    """The rows the question asks about (see the module docstring)."""
    named = [_names(own_label(r, rows), q, weights, ctx) >= GROUP_COVERAGE for r in rows]
    scores = [_names(own_label(r, rows), q, weights, ctx) for r in rows]
    ends = [not r.cells or not r.label or _is_total(r, rows) for r in rows]
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
        return rows[start:best]
    return [r for i, r in enumerate(rows) if not ends[i]]


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


def _is_total(row: RetrievalUnit, rows: list[RetrievalUnit]) -> bool:
    """A `Total ...` row (its own label, not the heading it sits under)."""
    return bool(TOTAL.match(own_label(row, rows)))


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


def column_fits(column: str, period, calendar) -> bool:
    """Whether a column header names the asked period."""
    found = parse_column_period(column, calendar)
    return found is not None and period_fits(period, found)


def own_label(row: RetrievalUnit, rows: list[RetrievalUnit]) -> str:
    """A row's label without the heading it sits under (`Net revenue`, not `Ongoing: Net revenue`)."""
    for heading in (r.label for r in rows if not r.cells and r.label):
        prefix = re.sub(r"[\s:]+$", "", heading) + ": "
        if row.label.startswith(prefix):
            return row.label[len(prefix) :]
    return row.label
