"""Extract the asked figure from the ranked evidence, with a confidence, or abstain.

Table rows: the row whose label names the metric, the cell whose column names
the period (and the qualifier: target, actual, revised). Passages: the figure
attached to the metric in the same line, next to the asked period. Every
candidate gets a confidence from how fully it names the metric, whether its
period is the asked one and how well it ranked; below a threshold the answer is
None. Candidates that agree on metric and period but not on value are
returned as alternatives, so conflicting sources are shown, not hidden.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from index.citations import cite
from index.financial_tokenizer import tokenize
from index.query import QUALIFIERS, QueryAnalysis, fiscal_year_alias, period_fits
from index.result import Answer
from index.store import TableInfo
from index.units import RetrievalUnit
from ingest.models import Document
from ingest.numbers import Amount, find_amounts, scale_of_unit
from ingest.periods import Period, find_periods, parse_column_period

CONFIDENCE_THRESHOLD = 0.45
AGREEMENT_TOLERANCE = 0.05
# A word in this share of a document's passages names the document, not a metric.
DOCUMENT_WORD_SHARE = 0.3
_CHANGE_BEFORE = re.compile(r"\b(?:up|down|increased?|decreased?|growth|grew|by|[+-])\s*$", re.I)
_CHANGE_AFTER = re.compile(r"^\s*(?:YoY|QoQ|y/y|year[- ]over[- ]year)\b", re.I)
_PREVIOUS_BEFORE = re.compile(r"\bfrom\s*$", re.I)
_PREVIOUS_AFTER = re.compile(r"\s*(?:to|->|→)\s", re.I)
# Words that turn one metric into another: `income before tax` is not `income tax`.
_MODIFIERS = frozenset(tokenize("before after excluding including less per"))
_FY_LABEL = re.compile(r"\bFY\s?'?\d", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[a-z0-9)%])[.;]\s+(?=[A-Z][a-z])")
_ABBREVIATIONS = frozenset(
    ["inc", "ltd", "co", "corp", "no", "approx", "vs", "etc", "jr", "sr", "st", "dept", "est"]
)
_COUNT_NOUN = re.compile(r"^\s?((?:[A-Z]{2,}s|[a-z]{3,}s|personnel|people|yen))\b")
_RATIO = re.compile(r"(?<![\d:])\d{1,4}:\d{1,5}(?![\d:])")
_QUERY_SCALE = re.compile(r"\b(thousands?|millions?|mn|billions?|bn)\b", re.I)


@dataclass
class AnswerContext:
    """What extraction needs from the index: term weights, documents and tables."""

    idf: Callable[[str], float]
    document: Callable[[str], Document]
    table: Callable[[int], TableInfo]
    document_fits_hint: Callable[[str, frozenset[tuple[int, int]]], bool] = lambda doc_id, hints: True
    term_share: Callable[[str, str], float] = lambda doc_id, term: 0.0


@dataclass
class _Candidate:
    text: str
    value: float | None
    unit: str | None
    period: str | None
    confidence: float
    doc_id: str
    start: int
    end: int
    metric: float = 0.0
    from_row: bool = False
    explicit_period: bool = False
    label: frozenset[str] = frozenset()


def extract_answer(units: list[RetrievalUnit], q: QueryAnalysis, ctx: AnswerContext) -> Answer | None:
    """The best-supported figure among the ranked units, or None when none is confident.

    A question naming several periods (`revenue in 2019 and 2018`) gets one part
    per period, and no answer unless every part is found.
    """
    if len(q.periods) < 2:
        return _extract_one(units, q, ctx)
    parts = []
    for period in q.periods:
        part = _extract_one(units, replace(q, periods=(period,)), ctx)
        if part is None:
            return None
        parts.append(part)
    return Answer(
        text=", ".join(p.text for p in parts),
        value=None,
        unit=parts[0].unit,
        period=", ".join(p.period or "" for p in parts),
        confidence=min(p.confidence for p in parts),
        citation=parts[0].citation,
        parts=parts,
    )


def _extract_one(units: list[RetrievalUnit], q: QueryAnalysis, ctx: AnswerContext) -> Answer | None:
    """The single best figure for a question about at most one period."""
    base_weights = {t: ctx.idf(t) for t in q.metric_terms}
    if q.which_period:
        return _which_period_answer(units, q, base_weights, ctx)
    if not sum(base_weights.values()):
        return None
    candidates: list[_Candidate] = []
    for rank, unit in enumerate(units):
        rank_factor = 1.0 / (1.0 + 0.25 * rank)
        weights = _weights_in_document(base_weights, unit.doc_id, ctx)
        if unit.kind == "row":
            found = _from_row(unit, q, weights, ctx, rank_factor)
        elif unit.kind == "text":
            # Table chunks are read through their rows, which know their columns.
            found = _from_passage(unit, q, weights, ctx, rank_factor)
        else:
            continue
        if q.doc_hints and not ctx.document_fits_hint(unit.doc_id, q.doc_hints):
            # The question names another document (`per the July 2009 deck`).
            for c in found:
                c.confidence *= 0.7
        candidates.extend(found)
    if not candidates:
        return None
    candidates.sort(key=lambda c: -c.confidence)
    best = _prefer_exact_figure(candidates)
    if best.confidence < CONFIDENCE_THRESHOLD:
        return None
    document = ctx.document(best.doc_id)
    return Answer(
        text=best.text,
        value=best.value,
        unit=best.unit,
        period=best.period,
        confidence=min(best.confidence, 1.0),
        citation=cite(document, best.start, best.end),
        alternatives=_conflicts(best, candidates[1:], ctx),
    )


def _prefer_exact_figure(candidates: list[_Candidate]) -> _Candidate:
    """A table cell beats a passage that rounds the same figure (`18,649,161` over `$18.6 million`)."""
    best = candidates[0]
    if best.from_row or best.value is None:
        return best
    for c in candidates[1:]:
        if (
            c.from_row
            and c.value is not None
            and c.confidence >= best.confidence - 0.2
            and _agree(c.value, best.value)
        ):
            return c
    return best


# -- scoring helpers -----------------------------------------------------------------------


def _weights_in_document(weights: dict[str, float], doc_id: str, ctx: AnswerContext) -> dict[str, float]:
    """Words found all over a document (its company's name) are context, not the metric."""
    return {
        t: w * (0.2 if ctx.term_share(doc_id, t) >= DOCUMENT_WORD_SHARE else 1.0) for t, w in weights.items()
    }


def _coverage(tokens: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in tokens) / total if total else 0.0


def _scale_agreement(q: QueryAnalysis, stated: str | None) -> float:
    """+1 when the question's scale word (`JPY mn`) matches the one stated (a table unit or a
    figure's `million`), -1 when it contradicts it, 0 when either says none."""
    asked = _QUERY_SCALE.search(q.text)
    given = _QUERY_SCALE.search(stated) if stated else None
    if not asked or not given:
        return 0.0
    return (
        1.0
        if scale_of_unit(_scale_word(asked.group(1))) == scale_of_unit(_scale_word(given.group(1)))
        else -1.0
    )


def _period_label(periods: list[Period]) -> str | None:
    return periods[0].label if periods else None


# -- rows ----------------------------------------------------------------------------------


def _from_row(
    unit: RetrievalUnit, q: QueryAnalysis, weights: dict[str, float], ctx: AnswerContext, rank_factor: float
) -> list[_Candidate]:
    """The cell of a row that answers the question, if the row names the metric."""
    table = ctx.table(unit.table_id) if unit.table_id is not None else None
    label_tokens = set(tokenize(unit.label))
    label_cov = _coverage(label_tokens, weights)
    if label_cov == 0 or table is None:
        return []
    # A label with words the question lacks (`Income before Income Tax`) names another metric.
    label_weights = {t: ctx.idf(t) for t in label_tokens}
    precision = sum(w for t, w in label_weights.items() if t in q.terms) / (
        sum(label_weights.values()) or 1.0
    )
    if (label_tokens & _MODIFIERS) - set(q.terms):
        precision *= 0.5
    columns = " ".join(c["column"] for c in unit.cells)
    context = f"{unit.label} {columns} {table.title} {table.section} {ctx.document(unit.doc_id).title}"
    all_cov = _coverage(set(tokenize(context)), weights)
    label_periods = [p for p, _, _ in find_periods(unit.label)]
    best: tuple[float, dict, Amount, Period | None] | None = None
    for cell in unit.cells:
        amount = None if q.asks_date else _cell_amount(cell["text"], q)
        if amount is None:
            continue  # a `when` question is answered by a date in a passage, not a table figure
        fit, period = _column_fit(cell["column"], table.title, label_periods, q)
        if fit is not None and set(tokenize(cell["column"])) & set(q.metric_terms):
            fit += 0.3  # the column names the asked metric (`Ownership`)
        if fit is not None and (best is None or fit > best[0]):
            best = (fit, cell, amount, period)
    if best is None:
        return []
    fit, cell, amount, period = best
    metric = 0.3 * label_cov + 0.35 * precision + 0.35 * all_cov
    support = 0.4 + 0.4 * min(fit, 1.0) + 0.1 * rank_factor + 0.1 * _scale_agreement(q, table.unit)
    confidence = metric * support
    value = None if amount.percent else amount.value * scale_of_unit(table.unit)
    start = cell["start"] + amount.start
    return [
        _Candidate(
            text=amount.raw,
            value=value,
            unit="%" if amount.percent else table.unit,
            period=period.label if period else _period_label(list(q.periods)),
            confidence=confidence,
            doc_id=unit.doc_id,
            start=start,
            end=start + len(amount.raw),
            metric=all_cov,
            from_row=True,
            label=frozenset(label_tokens),
            explicit_period=period is not None and fit >= 0.9,
        )
    ]


def _cell_amount(text: str, q: QueryAnalysis) -> Amount | None:
    """The number a cell holds: its ratio when a ratio is asked, else its value."""
    amounts = find_amounts(text)
    if not amounts:
        return None
    percents = [a for a in amounts if a.percent]
    plain = [a for a in amounts if not a.percent]
    if q.percent and percents:
        return percents[0]
    return (plain or percents)[-1]


def _column_fit(
    column: str, title: str, label_periods: list[Period], q: QueryAnalysis
) -> tuple[float | None, Period | None]:
    """How well a column header fits the asked period and qualifiers (None: it does not)."""
    period = parse_column_period(column)
    if q.periods:
        fit, period = _period_fit(period, column, title, label_periods, q)
        if fit is None:
            return None, None
    else:
        fit = 0.5
    words = set(tokenize(column))
    for name in ("target", "revised", "initial"):
        asked, present = name in q.qualifiers, bool(words & QUALIFIERS[name])
        if asked != present:
            fit -= 0.3 if name == "target" or asked else 0.1
    if words & QUALIFIERS["change"] and "change" not in q.qualifiers:
        fit -= 0.6
    return fit, period


def _period_fit(
    period: Period | None, column: str, title: str, label_periods: list[Period], q: QueryAnalysis
) -> tuple[float | None, Period | None]:
    """Fit of the asked period: the column's own period, else the row label's, else the title's."""
    if period is not None:
        fitting = [a for a in q.periods if period_fits(a, period)]
        if fitting:
            # A `2022` column answers `in 2022`: name it as asked, not by a fiscal convention.
            return 1.0, fitting[0] if fitting[0].label.isdigit() else period
        # `FY2019` against `2018/2019` or `Fiscal Year Ended April 27, 2019`: another naming convention.
        if not _FY_LABEL.search(column) and any(fiscal_year_alias(a, period) for a in q.periods):
            return 0.7, period
        # `as of October 31, 2019` against a `2019` column under an `October 31,` heading.
        if column.strip().isdigit() and any(
            a.kind == "instant" and str(a.start.year) == column.strip() for a in q.periods
        ):
            return 0.7, period
        return None, None
    for p in label_periods:
        if any(period_fits(a, p) for a in q.periods):
            return 0.9, p
    title_periods = [p for p, _, _ in find_periods(title)]
    for p in title_periods:
        if any(period_fits(a, p) for a in q.periods):
            return 0.6, p
    return None, None


# -- passages ------------------------------------------------------------------------------


def _from_passage(
    unit: RetrievalUnit, q: QueryAnalysis, weights: dict[str, float], ctx: AnswerContext, rank_factor: float
) -> list[_Candidate]:
    """Figures attached to the metric in the lines of a passage."""
    context_periods = [p for p, _, _ in find_periods(f"{unit.section}\n{unit.embed_text}")]
    found = []
    offset = unit.start
    lead_in = ""
    for line in unit.text.split("\n"):
        if line.strip():
            for start, sentence in _sentences(line):
                found.extend(
                    _from_line(
                        sentence, lead_in, offset + start, unit, q, weights, context_periods, rank_factor
                    )
                )
            if line.rstrip().endswith(":"):
                lead_in = line
        offset += len(line) + 1
    return found


def _sentences(line: str) -> list[tuple[int, str]]:
    """A line cut into sentences, each with its offset in the line."""
    breaks = [
        m.end()
        for m in _SENTENCE_BREAK.finditer(line)
        if line[: m.start()].split()[-1].rstrip(".;").lower() not in _ABBREVIATIONS
    ]
    cuts = [0, *breaks, len(line)]
    return [(a, line[a:b]) for a, b in zip(cuts, cuts[1:], strict=False) if line[a:b].strip()]


def _from_line(
    line: str,
    lead_in: str,
    offset: int,
    unit: RetrievalUnit,
    q: QueryAnalysis,
    weights: dict[str, float],
    context_periods: list[Period],
    rank_factor: float,
) -> list[_Candidate]:
    # A list item inherits the words of the line that introduces it (`Number of placed ATMs:`).
    line_cov = _coverage(set(tokenize(f"{lead_in} {line}")), weights)
    if line_cov < 0.3:
        return []
    metric_at = _metric_position(line, q.metric_terms)
    mentions = find_periods(line)
    figures = _figures(line, q, mentions)
    if not figures:
        return []
    bound = _bind_periods(line, figures, mentions)
    indexed = list(enumerate(figures))
    after = [f for f in indexed if f[1][1] >= metric_at]
    ordered = after + [f for f in reversed(indexed) if f[1][1] < metric_at]
    out = []
    for position, (index, (text, start, end, value, is_percent)) in enumerate(ordered[:3]):
        period, fit = _figure_period(bound.get(index), bool(mentions), context_periods, q)
        if fit is None:
            continue
        fit += 0.3 * _scale_agreement(q, text)
        support = 0.3 + 0.45 * min(fit, 1.0) + 0.1 * rank_factor + 0.15 / (1 + position)
        confidence = line_cov * support
        out.append(
            _Candidate(
                text=text,
                value=value,
                unit="%" if is_percent else None,
                period=period.label if period else None,
                confidence=confidence,
                doc_id=unit.doc_id,
                start=offset + start,
                end=offset + end,
                metric=line_cov,
                explicit_period=index in bound,
            )
        )
    return out


def _is_amount_like(text: str) -> bool:
    """A money figure: a currency or a scale word."""
    return bool(re.search(r"[$¥€£]|JPY|USD|EUR|million|billion|thousand", text, re.I))


def _scale_word(word: str) -> str:
    return {"mn": "million", "bn": "billion"}.get(word.lower(), word)


def _metric_position(line: str, terms: tuple[str, ...]) -> int:
    """Where the metric words end in the line (figures after them are preferred)."""
    lowered = line.lower()
    ends = [lowered.find(t) + len(t) for t in terms if lowered.find(t) >= 0]
    return max(ends) if ends else 0


def _figures(
    line: str, q: QueryAnalysis, mentions: list[tuple[Period, int, int]]
) -> list[tuple[str, int, int, float | None, bool]]:
    """Candidate answers in a line: `(text, start, end, value, is_percent)`."""
    if q.asks_date:
        return [(line[s:e], s, e, None, False) for p, s, e in mentions if p.kind == "instant"]
    if "percent" in q.qualifiers and _RATIO.search(line):
        return [(m.group(0), m.start(), m.end(), None, False) for m in _RATIO.finditer(line)]
    figures = []
    for a in find_amounts(line):
        if any(s <= a.start < e for _, s, e in mentions) or _is_year(a) or _is_marker(line, a):
            continue
        if _PREVIOUS_BEFORE.search(line[: a.start]) and _PREVIOUS_AFTER.match(line[a.end :]):
            continue  # `raised from $1.10 to $1.25`: the old figure
        is_change = _CHANGE_BEFORE.search(line[: a.start]) or _CHANGE_AFTER.search(line[a.end :])
        if is_change and "change" not in q.qualifiers:
            continue
        end = a.end
        noun = _COUNT_NOUN.match(line[a.end :])
        if noun and not a.percent and not a.currency:
            end = a.end + noun.end()
        figures.append((line[a.start : end], a.start, end, None if a.percent else a.scaled, a.percent))
    if any(_is_amount_like(f[0]) for f in figures):
        # Next to money, a bare count is a quantifier (`4 new subsidiaries : JPY1,272 million`).
        figures = [f for f in figures if _is_amount_like(f[0]) or f[4]]
    if not q.percent:
        plain = [f for f in figures if not f[4]]
        # A question in currency units (`JPY bn`) never wants a ratio.
        figures = plain if plain or _QUERY_SCALE.search(q.text) else figures
    return figures


def _is_marker(line: str, a: Amount) -> bool:
    """A list number (`-3. Cost ...`, `2) ...`) or a footnote mark (`*2`), not a figure."""
    if a.currency or a.percent or not re.fullmatch(r"[-+]?\d{1,2}", a.raw):
        return False
    before, after = line[: a.start], line[a.end :]
    return bool(re.fullmatch(r"\W*", before) and re.match(r"[.)]", after)) or before.endswith(("*", "※"))


def _is_year(a: Amount) -> bool:
    return (
        not a.currency
        and not a.percent
        and a.value.is_integer()
        and 1950 <= a.value <= 2100
        and "," not in a.raw
    )


def _bind_periods(
    line: str, figures: list[tuple], mentions: list[tuple[Period, int, int]]
) -> dict[int, Period]:
    """Give each period mention to the figure it qualifies: `FY08 : JPY715 million`,
    `$960 million in 1H06`, `75 stores (May 1, 2015)`. Returns figure index -> period."""
    bound: dict[int, Period] = {}
    for period, p_start, p_end in mentions:
        costs = []
        for i, (_, f_start, f_end, _, _) in enumerate(figures):
            if p_end <= f_start:
                between = line[p_end:f_start]
                # `2Q09: JPY184 million` binds tighter than `JPY104 million(2Q09`.
                cost = len(between) - (30 if re.fullmatch(r"\s*[:：]\s*", between) else 0)
            elif f_end <= p_start:
                between = line[f_end:p_start]
                cost = len(between) - (
                    20 if re.fullmatch(r"\s*(?:in|for|at|as of|\()\s*", between, re.I) else 0
                )
            else:
                continue
            cost += 30 * len(re.findall(r"[,;]|\band\b|\bcompared\b|→", between))
            cost += 60 * sum(
                1 for _, s, e in mentions if p_end <= s and e <= f_start or f_end <= s and e <= p_start
            )
            costs.append((cost, i))
        if costs:
            bound.setdefault(min(costs)[1], period)
    return bound


def _figure_period(
    period: Period | None, line_has_periods: bool, context_periods: list[Period], q: QueryAnalysis
) -> tuple[Period | None, float | None]:
    """How well a figure's period fits the question (None: it is another period's figure)."""
    if period is not None:
        if not q.periods:
            return period, 0.6
        return (period, 1.0) if any(period_fits(a, period) for a in q.periods) else (period, None)
    if not q.periods:
        return (context_periods[0] if context_periods else None), 0.6
    for p in context_periods:
        if any(period_fits(a, p) for a in q.periods):
            return p, 0.8 if not line_has_periods else 0.6
    return None, 0.0


# -- which period -------------------------------------------------------------------------


def _which_period_answer(
    units: list[RetrievalUnit], q: QueryAnalysis, base_weights: dict[str, float], ctx: AnswerContext
) -> Answer | None:
    """`In which year was X larger?`: compare the best matching row's period columns."""
    op, threshold = q.which_period or ("max", None)
    for rank, unit in enumerate(units):
        if unit.kind != "row":
            continue
        weights = _weights_in_document(base_weights, unit.doc_id, ctx)
        # `What years are included in the table?` names no metric: any row shows the years.
        coverage = _coverage(set(tokenize(unit.label)), weights) if sum(weights.values()) else 1.0
        if coverage < 0.6 or (op == "all" and not sum(weights.values()) and rank > 3):
            continue
        dated = []
        for cell in unit.cells:
            period = parse_column_period(cell["column"])
            amount = _cell_amount(cell["text"], q)
            if period is not None and amount is not None:
                dated.append((amount.value, cell, period))
        if len({p for _, _, p in dated}) < 2:
            continue
        if op == "all":
            chosen = dated
        elif op == "neg":
            chosen = [d for d in dated if d[0] < 0]
        elif op == "max":
            chosen = [max(dated, key=lambda d: d[0])]
        elif op == "min":
            chosen = [min(dated, key=lambda d: d[0])]
        else:
            chosen = [d for d in dated if (d[0] < threshold if op == "lt" else d[0] > threshold)]
        if not chosen:
            return None
        names = [_period_name(c["column"], p) for _, c, p in chosen]
        document = ctx.document(unit.doc_id)
        confidence = coverage * (0.9 - 0.05 * rank)
        if confidence < CONFIDENCE_THRESHOLD:
            return None
        citation = cite(document, unit.start, unit.end)
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


def _period_name(column: str, period: Period) -> str:
    """How the column names its period: the year it shows (`2019`), else the header."""
    years = re.findall(r"(?:19|20)\d\d", column)
    return years[-1] if years else column


# -- conflicts -----------------------------------------------------------------------------


def _conflicts(best: _Candidate, others: list[_Candidate], ctx: AnswerContext) -> list[dict]:
    """Other confident candidates for the same period whose value differs from the answer."""
    out: list[dict] = []
    seen: set[tuple[str, int]] = {(best.doc_id, best.start)}
    for c in others:
        if c.confidence < CONFIDENCE_THRESHOLD or c.period != best.period or (c.doc_id, c.start) in seen:
            continue
        if c.metric < max(0.8, best.metric - 0.05) or not (c.explicit_period and best.explicit_period):
            continue  # only figures stated for the same metric and period can conflict
        if c.from_row and best.from_row and c.label != best.label:
            continue  # `Total current assets` is not a restatement of `Total assets`
        if c.value is None or best.value is None or _agree(c.value, best.value):
            continue
        seen.add((c.doc_id, c.start))
        citation = cite(ctx.document(c.doc_id), c.start, c.end)
        out.append(
            {
                "text": c.text,
                "value": c.value,
                "confidence": round(c.confidence, 3),
                "citation": citation.to_dict(),
            }
        )
    return out[:3]


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= AGREEMENT_TOLERANCE * max(abs(a), abs(b), 1e-9)
