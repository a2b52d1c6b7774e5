"""Candidate answers: every typed figure in the top evidence, with its context as features.

A table cell brings its row label, column header, table title, unit and
section; a passage figure brings its sentence (and the line that introduces a
list), the period words bound to it and its section. Nothing here decides
which candidate wins: that is the fitted scorer's job.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from index.answering.answer_type import MONEY, candidate_kind
from index.answering.features import CandidateFeatures
from index.answering.rival_words import asked_item_words, item_words, writes_rival
from index.answering.row_headings import own_row_label
from index.answering.stated_figure import StatedFigure
from index.answering.stated_kind import KINDS, passage_kind_text, row_kind_text, stated_as, stated_kinds
from index.answering.wrapped_lines import logical_lines
from index.change_words import basis, nearest_direction, signed_direction
from index.financial_synonyms import SYNONYM_GROUPS
from index.financial_tokenizer import tokenize
from index.query import (
    CHANGE_PHRASE,
    CHANGE_VERB_FORMS,
    PERIOD_COMPARED_BY,
    QUALIFIERS,
    QueryAnalysis,
    fiscal_year_alias,
    period_fits,
)
from index.store import TableInfo
from index.units import RetrievalUnit, line_key
from ingest.currencies import AFTER_FIGURE, currencies_in
from ingest.models import Document
from ingest.numbers import SCALE_NAMES, Amount, find_amounts, is_mark, is_range, range_start, scale_of_unit
from ingest.periods import FiscalCalendar, Period, find_periods, parse_column_period
from ingest.tables.unit import find_unit, merge_units

# A word in this share of a document's passages names the document, not a metric.
DOCUMENT_WORD_SHARE = 0.3
# ... and then counts this much of its usual weight.
DOCUMENT_WORD_WEIGHT = 0.2
# Figures read per line: the first few after the metric words hold the answer when any does.
FIGURES_PER_LINE = 4
# A passage figure is a change when a change word comes right before it (`rose 5%`, `up
# 12%`; the verbs the question side reads, `index.query`) or a change phrase right after it.
_CHANGE_BEFORE = re.compile(
    rf"\b(?:up|down|by|increase[sd]?|decrease[sd]?|growth|{CHANGE_VERB_FORMS}|[+-])\s*$", re.I
)
_CHANGE_AFTER = re.compile(rf"^\s*(?:YoY\b|QoQ\b|{CHANGE_PHRASE.pattern})", re.I)
# Words that bound a figure (`less than 4%`, `approx. 300`, `not more than 35%`) are part of
# what the document states, so part of the candidate: a bare `4%` would overstate it, and a
# bound without its `not` would state the opposite. (`up to` is left out: `went up to JPY 300
# billion` is a level reached, not a cap; a `~` right after a digit is a range, `3~5%`, and one
# between two figures that read as a range joins them, `$1.00 ~ $1.13`: `_range_start`.) The
# question side reads its own comparison words (`index.query._THRESHOLD`: `in which year was X
# below 500`), operators rather than a figure's wording.
_BOUND = re.compile(
    r"(?:\b(?:not|no|nor)\s+)?(?:\b(?:less|more|fewer|greater) than|\bat (?:least|most)"
    r"|\b(?:over|under|approximately|approx\.?|about|around|nearly|almost|roughly))\s*$"
    r"|(?<![\d.,])[~≈]\s*$",
    re.I,
)
# The bound words of a range's high end that are its range sign (`$1.00 ~ $1.13`).
_TILDES = frozenset("~～〜")
# How far back a figure's bound words may start: `not fewer than ` is 15 characters.
_BOUND_REACH = 20
# `from $315 billion to $405 billion` states an old figure and a new one; `range from` (`ranges`,
# `ranging`) states the ends of one range.
_PREVIOUS_BEFORE = re.compile(r"(?<!\brange )(?<!\brange[sd] )(?<!\branging )\bfrom\s*$", re.I)
_PREVIOUS_AFTER = re.compile(r"\s*(?:to|->|→)\s", re.I)
# Words that turn one metric into another: `income before tax` is not `income tax`.
_MODIFIERS = frozenset(tokenize("before after excluding including less per"))
_FY_LABEL = re.compile(r"\bFY\s?'?\d", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)%])[.;]\s+(?=[A-Z][a-z])")
_ABBREVIATIONS = frozenset(
    ["inc", "ltd", "co", "corp", "no", "approx", "vs", "etc", "jr", "sr", "st", "dept", "est"]
)
# Units of measure written after a figure, as counted nouns are: data rates and sizes (`619.8
# Gbps`, `2 TB`) and power (`30 MW`, `1.2 kWh`).
_MEASURE = r"[kKMGTP]?bps|[kKMGTP]B|[kMG]Wh?"
_COUNT_NOUN = re.compile(rf"^\s?((?:[A-Z]{{2,}}s|[a-z]{{3,}}s|personnel|people|{_MEASURE}))\b")
# A column whose header says its figures are percentages (`YoY (%)`, `Change %`, `%`), not one
# that only names a share somewhere in a merged header (`% of Revenues FY08` above JPY billions).
_PERCENT_COLUMN = re.compile(r"\(\s*%\s*\)|%\s*$|^\s*%\s*(?:change|chg)\b", re.I)
_RATIO = re.compile(r"(?<![\d:])\d{1,4}:\d{1,5}(?![\d:])")
_QUERY_SCALE = re.compile(r"\b(thousands?|millions?|mn|billions?|bn)\b", re.I)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class RankedUnit:
    """A piece of evidence as retrieval ranked it (rank 0 is the best)."""

    unit: RetrievalUnit
    rank: int
    score: float
    dense: float


@dataclass(frozen=True)
class QueryVectors:
    """The question and its metric phrase (periods removed), embedded once per query."""

    question: np.ndarray
    metric: np.ndarray


@dataclass
class EvidenceContext:
    """What candidate generation needs from the index."""

    idf: Callable[[str], float]
    document: Callable[[str], Document]
    table: Callable[[int], TableInfo]
    short_vectors: Callable[[list[str]], dict[str, np.ndarray]] = lambda texts: {}
    document_fits_hint: Callable[[str, frozenset[tuple[int, int]]], bool] = lambda doc_id, hints: True
    term_share: Callable[[str, str], float] = lambda doc_id, term: 0.0
    lowered_text: Callable[[str], str] = lambda doc_id: ""  # a document's text, lower-cased once
    # Whether a document is about a named company (its title, cover or much of its text).
    is_about: Callable[[str, str], bool] = lambda doc_id, name: True
    # Whether a document is the named company's own (the head of its title, or named about as
    # often as the names its title and cover repeat most).
    is_issuer: Callable[[str, str], bool] = lambda doc_id, name: True
    # The one-word company names a document's cover writes with a corporate suffix.
    corporate_names: Callable[[str], frozenset[str]] = lambda doc_id: frozenset()
    # A table's rows in document order.
    table_rows: Callable[[int], list[RetrievalUnit]] = lambda table_id: []
    # How far a question word names the metric (`MetricWords.share`): its weight in coverage.
    metric_word_share: Callable[[str], float] = lambda term: 1.0


@dataclass
class AnswerCandidate:
    """One figure that might answer the question, where it sits and why."""

    text: str
    value: float | None  # in base units (a JPY-million cell of 184 is 184,000,000); None for % and dates
    unit: str | None
    period: Period | None
    doc_id: str
    start: int
    end: int
    unit_id: int
    from_row: bool
    label: str  # the row label, or the sentence of a passage figure
    column: str = ""
    kind: str = "number"  # one of `answer_type.ANSWER_KINDS`
    features: CandidateFeatures = field(default_factory=CandidateFeatures)
    probability: float = 0.0
    # What one unit of the last printed digit is worth in base units (`2.9` in a JPY-billion
    # table: 1e8; `JPY2,917 million`: 1e6); None for dates and ratios.
    step: float | None = None
    # The currency and scale its table states apart from the figure (`Answer.printed_in`).
    printed_in: str | None = None
    # What kind of figure its source says it is (`revised target`), None for a plain result.
    stated_as: str | None = None

    @property
    def figure(self) -> StatedFigure:
        """The figure it states, to compare with other candidates'."""
        return StatedFigure(self.text, self.value, self.step)

    def restates(self, other: AnswerCandidate) -> bool:
        """Whether this figure and `other` can be the same figure printed to different
        precision (percentages and dates carry no value, so they never restate anything)."""
        return self.figure.restates(other.figure)

    @property
    def period_label(self) -> str | None:
        """The period as precisely as the source states it (`1Q FY2023`, `2009-03-31`)."""
        return self.period.label if self.period else None


# Evidence texts (lines, labels, titles, column headers) recur from query to query: their
# periods are read once per distinct text and calendar, within this bound.
PERIOD_CACHE_TEXTS = 100_000


@lru_cache(maxsize=PERIOD_CACHE_TEXTS)
def periods_in(text: str, calendar: FiscalCalendar) -> tuple[tuple[Period, int, int], ...]:
    """`find_periods` of a text under a calendar, remembered."""
    return tuple(find_periods(text, calendar))


@lru_cache(maxsize=PERIOD_CACHE_TEXTS)
def column_period(column: str, calendar: FiscalCalendar) -> Period | None:
    """`parse_column_period` of a column header under a calendar, remembered."""
    return parse_column_period(column, calendar)


def metric_weights(q: QueryAnalysis, doc_id: str, ctx: EvidenceContext) -> dict[str, float]:
    """Weight of each metric word: its IDF times how often an answer's line writes it
    (`MetricWords`: `report`, `spend` and the companies training questions name weigh little);
    words found all over a document (its company's name) are context there, not the metric."""
    weights = {}
    for t in q.metric_terms:
        share = ctx.term_share(doc_id, t)
        weights[t] = (
            ctx.idf(t)
            * ctx.metric_word_share(t)
            * (DOCUMENT_WORD_WEIGHT if share >= DOCUMENT_WORD_SHARE else 1.0)
        )
    return weights


def coverage(tokens: set[str], weights: dict[str, float]) -> float:
    """IDF-weighted share of the weighted words found in `tokens`."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0


def scale_agreement(q: QueryAnalysis, stated: str | None) -> float:
    """+1 when the question's scale word (`JPY mn`) matches the one stated (a table unit or a
    figure's `million`), -1 when it contradicts it, 0 when either says none."""
    asked = _QUERY_SCALE.search(q.text)
    given = _QUERY_SCALE.search(stated) if stated else None
    if not asked or not given:
        return 0.0
    same = scale_of_unit(_scale_word(asked.group(1))) == scale_of_unit(_scale_word(given.group(1)))
    return 1.0 if same else -1.0


def _scale_word(word: str) -> str:
    return {"mn": "million", "bn": "billion"}.get(word.lower(), word)


def _base_features(ranked: RankedUnit, q: QueryAnalysis) -> CandidateFeatures:
    """Features every candidate has: where its unit ranked and whether a period was asked."""
    return CandidateFeatures(
        unit_rank=1.0 / (1.0 + ranked.rank),
        retrieval_score=ranked.score,
        dense_cosine=ranked.dense,
        period_asked=float(bool(q.periods)),
        furniture=ranked.unit.furniture_similarity,
    )


def value_unit(c: AnswerCandidate) -> str | None:
    """The unit of a candidate's `value` (which is in base units): `%`, the one currency its
    text or table names (`JPY`, `USD`), or None when the source names none. The scale word
    (`million`) is not a unit of the value: it is already multiplied in."""
    if c.unit == "%":
        return "%"
    codes = currencies_in(f"{c.text} {c.unit or ''}")
    return codes.pop() if len(codes) == 1 else None


def _type_features(f: CandidateFeatures, q: QueryAnalysis, is_percent: bool, text: str) -> None:
    """Answer-type fit; `text` is the figure with its unit context (column, table unit)."""
    asked, stated = q.currencies, currencies_in(text)
    f.currency_mismatch = float(bool(asked and stated and not asked & stated))
    number = find_amounts(text)
    f.small_bare_number = float(
        bool(number)
        and not is_percent
        and not number[0].currency
        and number[0].scale == 1
        and number[0].value.is_integer()
        and abs(number[0].value) < 100
        and not MONEY.search(text)
    )
    f.echoes_question = float(bool(number) and any(math.isclose(abs(number[0].value), v) for v in q.figures))
    f.percent_match = float(q.percent and is_percent)
    f.percent_unasked = float(is_percent and not q.percent)
    f.percent_missing = float(q.percent and not is_percent)
    f.money_like = float(bool(MONEY.search(text)))


@lru_cache(maxsize=4096)
def _cell_unit(column: str, table_unit: str | None) -> str | None:
    """A cell's unit (`USD thousand`): what its column header states (`Thousands of U.S.
    Dollars`), with the part the header leaves out, its currency or its scale, from the table's
    unit (`FY23 (in millions)` in a yen table is `JPY million`)."""
    own = find_unit(column)
    return table_unit if own is None else merge_units(own, table_unit)


def _is_convenience_translation(stated: str | None, table_unit: str | None, asked: frozenset[str]) -> bool:
    """Whether a column states another currency than its table's unit, one not `asked` for
    (the question's currencies): a convenience translation (`Thousands of U.S. Dollars` in a
    yen statement), not the reported figure, unless dollars are asked."""
    own, table = currencies_in(stated or ""), currencies_in(table_unit or "")
    return bool(own and table and not own & table and not own & asked)


def digit_step(raw: str, scale: float) -> float:
    """The worth of one unit in the last printed digit of a figure (`1,272` is 1, `2.9` is
    0.1, `24.50%` is 0.01), times the scale it is printed in."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", raw)
    decimals = len(digits.group(1)) if digits and digits.group(1) else 0
    return 10.0**-decimals * abs(scale)


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    return float(np.dot(a, b)) if a is not None and b is not None else 0.0


# -- rows ----------------------------------------------------------------------------------


def row_candidates(
    ranked: RankedUnit,
    q: QueryAnalysis,
    vectors: QueryVectors,
    ctx: EvidenceContext,
    short: dict[str, np.ndarray],
) -> list[AnswerCandidate]:
    """Every figure cell of a row, each with its column's period and qualifier fit.

    `short` holds the stored vectors of the evidence's row labels and column headers.
    """
    unit = ranked.unit
    q = q.in_calendar(ctx.document(unit.doc_id).calendar)
    table = ctx.table(unit.table_id) if unit.table_id is not None else None
    if table is None or q.asks_date:
        return []  # a `when` question is answered by a date in a passage, not a table figure
    weights = metric_weights(q, unit.doc_id, ctx)
    label_tokens = set(tokenize(unit.label))
    label_coverage = coverage(label_tokens, weights)
    own = own_row_label(unit, ctx.table_rows(unit.table_id)) if unit.table_id is not None else unit.label
    heading_coverage = _heading_coverage(label_coverage, unit.label, own, weights)
    # The row's own label: a heading shared by its siblings (`Other income (expense)`) names no variant.
    rival = float(writes_rival(asked_item_words(q.metric_text), item_words(own)))
    label_weights = {t: ctx.idf(t) for t in label_tokens}
    precision = sum(w for t, w in label_weights.items() if t in q.terms) / (
        sum(label_weights.values()) or 1.0
    )
    columns = " ".join(c.column for c in unit.cells)
    context = f"{unit.label} {columns} {table.title} {table.section} {ctx.document(unit.doc_id).title}"
    context_coverage = coverage(set(tokenize(context)), weights)
    modifier_extra = float(bool((label_tokens & _MODIFIERS) - set(q.terms)))
    label_similarity = _cosine(vectors.metric, short.get(unit.label))
    column_sims = {c.column: _cosine(vectors.question, short.get(c.column)) for c in unit.cells}
    best_column = max(column_sims.values(), default=0.0)
    label_periods = [p for p, _, _ in periods_in(unit.label, q.calendar)]
    periods = _column_periods([c.column for c in unit.cells], q.calendar)
    asked = q.currencies
    found = []
    for position, cell in enumerate(unit.cells):
        amount = cell_amount(cell.text, q)
        if amount is None:
            continue
        f = _base_features(ranked, q)
        f.is_row = 1.0
        f.metric_coverage = label_coverage
        f.label_precision = precision
        f.label_match = label_coverage * precision
        f.heading_coverage = heading_coverage
        f.rival_word = rival
        f.modifier_extra = modifier_extra
        f.context_coverage = context_coverage
        f.metric_similarity = label_similarity
        # A change column asked for is judged by its kind (`change_match`): its header (`YoY`)
        # is an abbreviation the encoder barely reads, so its similarity to the question is noise.
        changed = "change" in q.qualifiers and is_change_column(cell.column)
        f.column_similarity_gap = 0.0 if changed else column_sims[cell.column] - best_column
        f.column_names_metric = float(bool(set(tokenize(cell.column)) & set(q.metric_terms)))
        # A column that states its own currency or scale (`Thousands of U.S. Dollars` beside
        # the table's `Thousands of JPY`) overrides the table's.
        stated = _cell_unit(cell.column, table.unit)
        f.scale_agreement = scale_agreement(q, stated)
        f.currency_translated = float(_is_convenience_translation(stated, table.unit, asked))
        # A `Change (%)` column holds percentages written without the sign.
        is_percent = amount.percent or "%" in cell.column
        _type_features(f, q, is_percent, f"{cell.text} {cell.column} {stated or ''}")
        period = _column_period(f, cell.column, periods[position], table.title, label_periods, q)
        kind_text, in_column = row_kind_text(cell.column, table.title)
        _qualifier_features(f, cell.column, kind_text, in_column, q)
        said = signed_direction(cell.text, amount.value)
        _change_said(f, is_change_column(cell.column), basis(cell.column), said, q)
        _year_features(f, cell.column, q)
        kind = candidate_kind(
            percent=is_percent,
            date=False,
            counted=False,
            after=cell.text[amount.end :],
            label=unit.label,
            money_context=f"{cell.text} {cell.column} {stated or ''} {table.title}",
        )
        # A cell that writes its own scale (`JPY6,842 million`) overrides the table's unit; a
        # per-share amount is in the currency alone, whatever scale the table's other lines are
        # in (`in millions, except per share amounts`); a share count under a per-share heading
        # (`Shares used in computing earnings per share`) is a whole number in the table's scale.
        per_share_amount = kind == "per_share" and bool(amount.currency or "." in amount.raw)
        table_scale = 1.0 if per_share_amount else scale_of_unit(stated)
        percent = amount.percent or bool(_PERCENT_COLUMN.search(cell.column))
        scale = 1.0 if percent else amount.scale if amount.scale != 1.0 else table_scale
        value = None if percent else amount.value * scale
        bounded = _bound_start(cell.text, amount.start)
        start = cell.start + bounded
        end = amount.end + _noun_after(cell.text[amount.end :])
        found.append(
            AnswerCandidate(
                text=cell.text[bounded:end],
                value=value,
                unit="%" if percent else stated,
                period=period,
                doc_id=unit.doc_id,
                start=start,
                end=cell.start + end,
                unit_id=unit.unit_id,
                from_row=True,
                label=unit.label,
                column=cell.column,
                kind=kind,
                features=f,
                step=digit_step(amount.raw, scale),
                printed_in=None if percent else _printed_in(amount, stated, scale),
                stated_as=stated_as(kind_text, column=in_column),
            )
        )
    return found


def _heading_coverage(label_coverage: float, label: str, own: str, weights: dict[str, float]) -> float:
    """The part of a row `label`'s metric coverage (`label_coverage`) owed only to the heading it
    sits under: the words its `own` label (`own_row_label`) does not write. Never below zero (a
    synonym phrase may span the heading and the own label: `Operating: Income`)."""
    if own == label:
        return 0.0
    return max(0.0, label_coverage - coverage(set(tokenize(own)), weights))


def _noun_after(rest: str) -> int:
    """How much of a cell after its figure is the figure's own noun or unit (`619.8 Gbps`, `440
    ATMs`): all of it when that is all the cell holds, else none."""
    noun = _COUNT_NOUN.match(rest)
    return noun.end() if noun and not rest[noun.end() :].strip() else 0


def _printed_in(amount: Amount, stated: str | None, scale: float) -> str | None:
    """The currency and the scale a cell's table states apart from its figure (`JPY billion` for
    `69.7`), each only when the cell does not write it itself."""
    codes = set() if amount.currency else currencies_in(stated or "")
    currency = codes.pop() if len(codes) == 1 else None
    written = SCALE_NAMES.get(scale) if amount.scale == 1.0 else None
    return " ".join(p for p in (currency, written) if p) or None


def cell_amount(text: str, q: QueryAnalysis) -> Amount | None:
    """The number a cell holds: its ratio when a ratio is asked, else its value (a footnote
    mark, `JPY 18.75 ^{*2}`, is not one)."""
    amounts = [a for a in find_amounts(text) if not is_mark(text, a)]
    if not amounts:
        return None
    percents = [a for a in amounts if a.percent]
    plain = [a for a in amounts if not a.percent]
    if q.percent and percents:
        return percents[0]
    return (plain or percents)[-1]


def _column_periods(columns: list[str], calendar: FiscalCalendar) -> list[Period | None]:
    """The period of each column of a row: a period column's own; for a change column, the
    period the change leads into. That is the latest period its header names other than the one
    it is measured from (`2019 vs 2018 % Change`: 2019; `% Change 2022-2023`: 2023; `Change vs
    FY22` names only its base),
    else the latest period of the group of columns it follows (`FY23 | FY22 | YoY | FY24 Plan |
    YoY`: FY23, then FY24; `FY23 | FY22 | Change | % Change`: FY23 for both)."""
    out: list[Period | None] = []
    for i, column in enumerate(columns):
        if not is_change_column(column):
            out.append(column_period(column, calendar))
            continue
        own, base = _change_header_periods(column, calendar)
        if own is not None or base is None and re.search(r"\d", column):
            out.append(own)  # its own period, or figures no period parse reads: none guessed
            continue
        group: list[Period] = []
        for before in reversed(columns[:i]):
            if is_change_column(before):
                if group:
                    break  # the change columns of the group before
                continue
            period = column_period(before, calendar)
            if period is not None:
                group.append(period)
        out.append(max(reversed(group), key=lambda p: p.end) if group else None)
    return out


# Words before the period a change is measured from (`Change vs FY22`, `2019 compared to 2018`).
_BASE_BEFORE = re.compile(rf"\b(?:{PERIOD_COMPARED_BY})\s*$", re.I)


@lru_cache(maxsize=PERIOD_CACHE_TEXTS)
def _change_header_periods(column: str, calendar: FiscalCalendar) -> tuple[Period | None, Period | None]:
    """The latest period a change column's header names as its own (`2019 vs 2018`: 2019; `%
    Change 2022-2023`: 2023) and the first it names as the base the change is measured from
    (each None when it names none)."""
    found = periods_in(column, calendar)
    mentions = [(p, s) for p, s, _ in found]
    taken = [range(s, e) for _, s, e in found]
    for m in _YEAR.finditer(column):
        period = column_period(m.group(0), calendar)
        if period is not None and not any(m.start() in r for r in taken):
            mentions.append((period, m.start()))
    own: Period | None = None
    base: Period | None = None
    for period, start in sorted(mentions, key=lambda m: m[1]):
        if _BASE_BEFORE.search(column, 0, start):
            base = base or period
        elif own is None or period.end > own.end:
            own = period
    return own, base


def _column_period(
    f: CandidateFeatures,
    column: str,
    period: Period | None,
    title: str,
    label_periods: list[Period],
    q: QueryAnalysis,
) -> Period | None:
    """Set the period features of a cell whose column states `period` (`_column_periods`);
    return the period it states (the column's, else the label's or the title's)."""
    if period is not None:
        if not q.periods:
            return period
        fitting = [a for a in q.periods if period_fits(a, period)]
        if fitting:
            f.period_exact = 1.0
        elif not _FY_LABEL.search(column) and any(fiscal_year_alias(a, period) for a in q.periods):
            f.period_alias = 1.0  # `FY2019` against `Fiscal Year Ended April 27, 2019`
        elif column.strip().isdigit() and any(
            a.kind == "instant" and str(a.start.year) == column.strip() for a in q.periods
        ):
            f.period_alias = 1.0  # `as of October 31, 2019` against a `2019` column
        else:
            f.period_conflict = 1.0
        return period
    for p in label_periods:
        if any(period_fits(a, p) for a in q.periods):
            f.period_from_label = 1.0
            return p
    title_periods = [p for p, _, _ in periods_in(title, q.calendar)]
    for p in title_periods:
        if any(period_fits(a, p) for a in q.periods):
            f.period_from_context = 1.0
            return p
    if q.periods:
        f.period_conflict = float(bool(label_periods))
        f.period_missing = float(not label_periods)
        f.title_other_period = float(not label_periods and bool(title_periods))
    return label_periods[0] if label_periods else None


def _year_features(f: CandidateFeatures, column: str, q: QueryAnalysis) -> None:
    """Years written in the column against years written in the question (a header the period
    parser cannot read, such as `Cash dividend per share 2019`, still names its year)."""
    asked = set(_YEAR.findall(q.text))
    written = set(_YEAR.findall(column))
    if asked and written:
        f.column_asked_year = float(bool(asked & written))
        f.column_other_year = float(not asked & written)


@lru_cache(maxsize=PERIOD_CACHE_TEXTS)
def is_change_column(column: str) -> bool:
    """Whether a column holds changes (`YoY`, `Change`, `Increase (decrease)`, `year over year`)."""
    return bool(set(tokenize(column)) & QUALIFIERS["change"]) or bool(CHANGE_PHRASE.search(column))


def _change_said(
    f: CandidateFeatures, is_change: bool, said_basis: str | None, said: int, q: QueryAnalysis
) -> None:
    """Whether a change figure is measured against what the asked change is (a year before or
    the quarter before) and goes the asked way (`said`: +1 a rise, -1 a fall, 0 unsaid)."""
    if not is_change or "change" not in q.qualifiers:
        return
    f.change_basis_conflict = float(bool(q.change_basis and said_basis and said_basis != q.change_basis))
    f.change_direction_conflict = float(q.change_direction * said < 0)


def _kind_mismatch(f: CandidateFeatures, kind_text: str, q: QueryAnalysis, column: bool = False) -> None:
    """How many of the kinds (target, revised, initial) the question asks and the figure's own
    words (`column`: a column header) do not state, or the reverse."""
    stated = stated_kinds(kind_text, column)
    f.qualifier_mismatch = float(sum((k in q.qualifiers) != (k in stated) for k in KINDS))


def _qualifier_features(
    f: CandidateFeatures, column: str, kind_text: str, in_column: bool, q: QueryAnalysis
) -> None:
    """Whether the cell is the asked kind of figure (`kind_text`, from `row_kind_text`): target
    or actual, revised; whether its column holds a change."""
    _kind_mismatch(f, kind_text, q, column=in_column)
    is_change = is_change_column(column)
    f.change_unasked = float(is_change and "change" not in q.qualifiers)
    f.change_match = float(is_change and "change" in q.qualifiers)
    f.change_missing = float(not is_change and "change" in q.qualifiers)


# -- passages ------------------------------------------------------------------------------


def passage_candidates(
    ranked: RankedUnit,
    q: QueryAnalysis,
    ctx: EvidenceContext,
    vectors: QueryVectors | None = None,
    short: dict[str, np.ndarray] | None = None,
) -> list[AnswerCandidate]:
    """Figures in the sentences of a passage that name at least one metric word.

    `short` holds the stored vectors of the evidence's lines (`unit_lines`).
    """
    unit = ranked.unit
    q = q.in_calendar(ctx.document(unit.doc_id).calendar)
    short = short or {}
    weights = metric_weights(q, unit.doc_id, ctx)
    context_periods = [p for p, _, _ in periods_in(f"{unit.section}\n{unit.embed_text}", q.calendar)]
    section_tokens = set(tokenize(f"{unit.section} {ctx.document(unit.doc_id).title}"))
    found: list[AnswerCandidate] = []
    lead_in = ""
    for logical in logical_lines(unit.text):
        line, offset = logical.text, unit.start + logical.start
        if line.strip():
            for start, sentence in _sentences(line):
                tokens = set(tokenize(f"{lead_in} {sentence}"))
                line_cov = coverage(tokens, weights)
                if line_cov == 0:
                    continue
                printed = logical.printed_within(start, start + len(sentence))
                similarity = _line_similarity(vectors, short, printed)
                clause = _Clause(lead_in, frozenset(tokenize(lead_in)), weights, item_words(lead_in))
                for c in _line_candidates(sentence, offset + start, ranked, q, context_periods, clause):
                    c.features.metric_coverage = line_cov
                    c.features.line_similarity = similarity
                    c.features.context_coverage = coverage(tokens | section_tokens, weights)
                    found.append(c)
            if line.rstrip().endswith(":"):
                lead_in = line  # a list item inherits the words of the line that introduces it
    return found


def _line_similarity(
    vectors: QueryVectors | None, short: dict[str, np.ndarray], printed: tuple[str, ...]
) -> float:
    """MiniLM cosine of the question's metric and a sentence: the closest of the `printed`
    lines that hold it (each has its stored vector)."""
    if vectors is None:
        return 0.0
    return max((_cosine(vectors.metric, short.get(line_key(p))) for p in printed), default=0.0)


def _sentences(line: str) -> list[tuple[int, str]]:
    """A line cut into sentences, each with its offset in the line."""
    breaks = [
        m.end()
        for m in _SENTENCE_BREAK.finditer(line)
        if line[: m.start()].split()[-1].rstrip(".;").lower() not in _ABBREVIATIONS
    ]
    cuts = [0, *breaks, len(line)]
    return [(a, line[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if line[a:b].strip()]


@dataclass
class _Figure:
    text: str
    start: int
    end: int
    value: float | None
    percent: bool
    is_date: bool = False
    change: bool = False
    previous: bool = False
    noun: bool = False
    step: float | None = None  # see `AnswerCandidate.step`
    amount: Amount | None = None  # the number as read (None for dates, ratios and ranges)


@dataclass(frozen=True)
class _Clause:
    """What a passage figure's own clause is scored against: the words of the line that
    introduces its list (if any) and the metric's IDF weights."""

    lead_in: str
    lead_tokens: frozenset[str]
    weights: dict[str, float]
    lead_items: frozenset[str] = frozenset()  # `rival_words.item_words` of the lead-in

    def coverage(self, line: str, figures: list[_Figure], index: int) -> float:
        """Metric words between the previous figure (or the line's start) and figure `index`:
        in `Sales and EBIT: USD 4 million, USD 1 million` the second figure is not sales."""
        words = self.lead_tokens | set(tokenize(_clause_text(line, figures, index)))
        return coverage(words, self.weights)

    def names_rival(self, asked: frozenset[str], line: str, figures: list[_Figure], index: int) -> bool:
        """Whether figure `index`'s clause (as `coverage` reads it) names another variant of a
        line item than the question's item words `asked` (`rival_words.writes_rival`)."""
        return writes_rival(asked, self.lead_items | item_words(_clause_text(line, figures, index)))


def _clause_text(line: str, figures: list[_Figure], index: int) -> str:
    """The words of `line` between the previous figure (or the line's start) and figure `index`."""
    return line[figures[index - 1].end if index else 0 : figures[index].start]


def _line_candidates(
    line: str,
    offset: int,
    ranked: RankedUnit,
    q: QueryAnalysis,
    context_periods: list[Period],
    clause: _Clause,
) -> list[AnswerCandidate]:
    mentions = list(periods_in(line, q.calendar))
    figures = _figures(line, q, mentions)
    if not figures:
        return []
    bound = _bind_periods(line, figures, mentions)
    metric_at = _metric_position(line, q.metric_terms)
    asked = asked_item_words(q.metric_text)
    after = [i for i, fig in enumerate(figures) if fig.start >= metric_at]
    out = []
    for index, fig in enumerate(figures):
        if index in after:
            order = after.index(index)
        else:
            order = len(after) + sum(1 for j in range(index + 1, len(figures)) if j not in after)
        if order >= FIGURES_PER_LINE:
            continue
        f = _base_features(ranked, q)
        _type_features(f, q, fig.percent, fig.text)
        f.date_match = float(fig.is_date and q.asks_date)
        f.figure_order = 1.0 / (1.0 + order)
        f.clause_coverage = clause.coverage(line, figures, index)
        f.rival_word = float(clause.names_rival(asked, line, figures, index))
        f.figure_before_metric = float(index not in after)
        f.count_noun = float(fig.noun)
        f.change_unasked = float(fig.change and "change" not in q.qualifiers)
        f.change_match = float(fig.change and "change" in q.qualifiers)
        f.change_missing = float(not fig.change and "change" in q.qualifiers)
        # the words between this figure and its neighbours say how its change is measured
        preceding = line[figures[index - 1].end if index else 0 : fig.start]
        following = line[fig.end : figures[index + 1].start if index + 1 < len(figures) else len(line)]
        # its own sign first (`-3.1%`, `$ (3,454)`), else the rise or fall word closest before it
        value = fig.amount.value if fig.amount is not None else None
        said = signed_direction(fig.text, value) or nearest_direction(preceding)
        _change_said(f, fig.change, basis(following) or basis(preceding), said, q)
        f.previous_value = float(fig.previous)
        kind_text = passage_kind_text(
            line, clause.lead_in, figures[index - 1].end if index else 0, fig.start, fig.end
        )
        _kind_mismatch(f, kind_text, q)
        f.scale_agreement = scale_agreement(q, fig.text)
        period = _figure_period(f, bound.get(index), bool(mentions), context_periods, q)
        out.append(
            AnswerCandidate(
                text=fig.text,
                value=fig.value,
                unit="%" if fig.percent else None,
                period=period,
                doc_id=ranked.unit.doc_id,
                start=offset + fig.start,
                end=offset + fig.end,
                unit_id=ranked.unit.unit_id,
                from_row=False,
                label=line,
                kind=candidate_kind(
                    percent=fig.percent,
                    date=fig.is_date,
                    counted=fig.noun,
                    after=line[fig.end :],
                    label=_words_before(line, fig.start),
                    money_context=fig.text,
                ),
                features=f,
                step=fig.step,
                stated_as=stated_as(kind_text),
            )
        )
    return out


# How far back a passage figure's own words reach (`diluted EPS of $2.45`), stopping at the
# previous figure, whose words are not this one's.
_WORDS_BEFORE = 30


def _words_before(line: str, start: int) -> str:
    """The words just before a figure, up to the previous digit."""
    before = line[max(0, start - _WORDS_BEFORE) : start]
    return re.split(r"\d", before)[-1]


def _metric_position(line: str, terms: tuple[str, ...]) -> int:
    """Where the metric words end in the line (figures after them are preferred)."""
    lowered = line.lower()
    ends = []
    for t in terms:
        for written in (t, *SYNONYM_GROUPS.get(t, ())):  # a folded concept is written as any phrase
            at = lowered.find(written)
            if at >= 0:
                ends.append(at + len(written))
    return max(ends) if ends else 0


def _figures(line: str, q: QueryAnalysis, mentions: list[tuple[Period, int, int]]) -> list[_Figure]:
    """The typed values of a line: dates for a `when` question, ratios for a ratio, else amounts."""
    if q.asks_date:
        return [
            _Figure(line[s:e], s, e, None, False, is_date=True) for p, s, e in mentions if p.kind == "instant"
        ]
    if "percent" in q.qualifiers and _RATIO.search(line):
        return [_Figure(m.group(0), m.start(), m.end(), None, False) for m in _RATIO.finditer(line)]
    figures = []
    for a in find_amounts(line):
        if any(s <= a.start < e for _, s, e in mentions) or a.is_year or is_mark(line, a):
            continue
        start, end = _bound_start(line, a.start), a.end
        bare = not a.percent and not a.currency
        named = AFTER_FIGURE.match(line, a.end) if bare else None  # money, not a count
        noun = _COUNT_NOUN.match(line[a.end :]) if bare and not named else None
        if named or noun:
            end = named.end() if named else a.end + noun.end()
        figures.append(
            _Figure(
                line[start:end],
                start,
                end,
                None if a.percent else a.scaled,
                a.percent,
                change=bool(_CHANGE_BEFORE.search(line[:start]) or _CHANGE_AFTER.search(line[a.end :])),
                previous=bool(_PREVIOUS_BEFORE.search(line[:start]) and _PREVIOUS_AFTER.match(line[a.end :])),
                noun=noun is not None,
                step=digit_step(a.raw, 1.0 if a.percent else a.scale),
                amount=a,
            )
        )
    figures = _joined_ranges(line, figures)
    if any(MONEY.search(f.text) for f in figures):
        # Next to money, a bare count is a quantifier (`4 new subsidiaries : JPY1,272 million`).
        figures = [f for f in figures if MONEY.search(f.text) or f.percent]
    return figures


def _joined_ranges(line: str, figures: list[_Figure]) -> list[_Figure]:
    """Figures with each range stated as one figure: guidance `in the range of $1.00 to $1.13`
    is that range, and either end alone would misstate it."""
    out: list[_Figure] = []
    for fig in figures:
        start = _range_start(line, out[-1], fig) if out else None
        if start is not None:
            text = line[start : fig.end]
            out[-1] = _Figure(text, start, fig.end, None, fig.percent, change=fig.change, noun=fig.noun)
        else:
            out.append(fig)
    return out


def _range_start(line: str, low: _Figure, high: _Figure) -> int | None:
    """Where two neighbouring figures start as the one range they state, or None when they are
    not one: they must be the ends of a range (`ingest.numbers.is_range`, the low end read to the
    end of its currency name: `4,000 yen to 5,000 yen`), the low end neither a change (`grew 5% to
    7%`), the old figure of a revision (`from $315 billion to $405 billion`) nor a counted noun of
    its own, and no bound word on the high end but a tilde (`$1.00 ~ $1.13`). A range joined by
    `and` starts at its `between`."""
    a, b = low.amount, high.amount
    if a is None or b is None or low.previous or low.change or low.noun:
        return None
    if line[high.start : b.start].strip() not in _TILDES | {""}:
        return None
    low_codes, high_codes = currencies_in(low.text), currencies_in(high.text)
    if low_codes and low_codes != high_codes and (high_codes or high.noun):
        return None  # `USD 5 million to JPY 550 million`, `$5 million to 300 employees`
    read = replace(a, end=low.end)
    return min(low.start, range_start(line, read, b)) if is_range(line, read, b) else None


def _bound_start(text: str, start: int) -> int:
    """Where the figure at `start` of `text` begins when the words that bound it (`less than`,
    `approx.`) are counted in. Searched in place, so a word boundary sees the real character
    before the window (`carryover 5,000` has no bound)."""
    bound = _BOUND.search(text, max(0, start - _BOUND_REACH), start)
    return bound.start() if bound else start


def _bind_periods(
    line: str, figures: list[_Figure], mentions: list[tuple[Period, int, int]]
) -> dict[int, Period]:
    """Give each period mention to the figure it qualifies: `FY08 : JPY715 million`,
    `$960 million in 1H06`, `75 stores (May 1, 2015)`. Returns figure index -> period.

    The cost is the distance in characters, less for a colon or `in`/`as of` between
    them and more for every separator or other period crossed: the reading order of
    a financial sentence, not a fitted weight.
    """
    bound: dict[int, Period] = {}
    for period, p_start, p_end in mentions:
        costs = []
        for i, fig in enumerate(figures):
            if p_end <= fig.start:
                between = line[p_end : fig.start]
                cost = len(between) - (30 if re.fullmatch(r"\s*[:：]\s*", between) else 0)
            elif fig.end <= p_start:
                between = line[fig.end : p_start]
                cost = len(between) - (
                    20 if re.fullmatch(r"\s*(?:in|for|at|as of|\()\s*", between, re.I) else 0
                )
            else:
                continue
            cost += 30 * len(re.findall(r"[,;]|\band\b|\bcompared\b|→", between))
            cost += 60 * sum(
                1 for _, s, e in mentions if p_end <= s and e <= fig.start or fig.end <= s and e <= p_start
            )
            costs.append((cost, i))
        if costs:
            bound.setdefault(min(costs)[1], period)
    return bound


def _figure_period(
    f: CandidateFeatures,
    period: Period | None,
    line_has_periods: bool,
    context_periods: list[Period],
    q: QueryAnalysis,
) -> Period | None:
    """Set the period features of a passage figure; return the period it is stated for."""
    if period is not None:
        if q.periods:
            fits = any(period_fits(a, period) for a in q.periods)
            f.period_exact, f.period_conflict = float(fits), float(not fits)
        return period
    for p in context_periods:
        if any(period_fits(a, p) for a in q.periods):
            f.period_from_context = 1.0 if not line_has_periods else 0.5
            return p
    if q.periods:
        f.period_missing = 1.0
    return context_periods[0] if context_periods else None


def relative_features(candidates: list[AnswerCandidate]) -> None:
    """Features that compare a candidate with the others: the best label similarity, how many
    other units state the same value, and whether a figure of the asked kind competes."""
    best = max((c.features.metric_similarity for c in candidates if c.from_row), default=0.0)
    best_line = max((c.features.line_similarity for c in candidates if not c.from_row), default=0.0)
    by_value: dict[float, set[int]] = {}
    for c in candidates:
        if c.value is not None and c.features.metric_coverage > 0:
            by_value.setdefault(round(c.value, 6), set()).add(c.unit_id)
    for c in candidates:
        if c.from_row:
            c.features.metric_similarity_gap = c.features.metric_similarity - best
        else:
            c.features.line_similarity_gap = c.features.line_similarity - best_line
        units = by_value.get(round(c.value, 6), set()) if c.value is not None else set()
        c.features.support = math.log1p(len(units - {c.unit_id}))
        c.features.kind_rival = float(c.features.qualifier_mismatch > 0 and _has_kind_rival(c, candidates))


def _has_kind_rival(c: AnswerCandidate, candidates: list[AnswerCandidate]) -> bool:
    """Whether another figure of the same sort (a level or a change, a percentage or not) for
    the same stated period, naming the metric at least as fully, is of the kind asked where `c`
    is not: a plan's figure asked as a result while the result is in the evidence too (weak
    alone, since a question about a year to come is rightly answered by its target), or a
    result offered for an asked target that is stated beside it."""
    if c.period is None:
        return False
    return any(
        other.features.qualifier_mismatch == 0
        and other.period == c.period
        and other.kind == c.kind
        and _is_change(other) == _is_change(c)
        and other.features.metric_coverage >= c.features.metric_coverage
        and other.features.metric_coverage > 0
        for other in candidates
        if other is not c
    )


def _is_change(c: AnswerCandidate) -> bool:
    """Whether a candidate states a change (`+6.2% YoY`) rather than a level."""
    return bool(c.features.change_unasked or c.features.change_match)
