"""The named features an answer candidate is scored on.

Each field is one number the fitted scorer weighs; none carries a hand-set
weight. Row-only and passage-only signals are separate fields, so a linear
model learns a weight for each source rather than one compromise.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np


@dataclass
class CandidateFeatures:
    """Why a figure might be the answer, as numbers (0 when a signal does not apply)."""

    # Where it comes from.
    is_row: float = 0.0
    unit_rank: float = 0.0  # 1 / (1 + rank of its unit among the evidence)
    retrieval_score: float = 0.0  # the unit's rerank score
    dense_cosine: float = 0.0  # question against the whole unit (MiniLM)
    # Does its context name the asked metric?
    metric_coverage: float = 0.0  # IDF share of metric words in the row label or sentence
    label_precision: float = 0.0  # rows: IDF share of the label that the question names
    modifier_extra: float = 0.0  # rows: the label adds `before`, `excluding`, `per` ...
    label_match: float = 0.0  # rows: coverage times precision, 1 when the label is exactly the metric
    # rows: coverage owed only to the heading the row sits under (`income` of `Other income
    # (expense): Interest expense`), which its sibling rows share
    heading_coverage: float = 0.0
    # the row's own label (without its heading) or the figure's clause (passages) names another
    # variant of a line item the question names (`basic` asked, `diluted` written: `rival_words`)
    rival_word: float = 0.0
    context_coverage: float = 0.0  # metric words anywhere in label, columns, title, section
    clause_coverage: float = 0.0  # passages: metric words between the previous figure and this one
    metric_similarity: float = 0.0  # rows: MiniLM cosine of the question's metric and the label
    metric_similarity_gap: float = 0.0  # rows: that cosine minus the best row label's
    column_similarity_gap: float = 0.0  # rows: question vs this column minus vs the row's best column
    column_names_metric: float = 0.0  # rows: the column header holds a metric word (`Ownership`)
    # Does its period fit the asked one?
    period_asked: float = 0.0
    period_exact: float = 0.0  # its own column or bound period is the asked one
    period_alias: float = 0.0  # the same year under another fiscal naming, or a year column for a date
    period_from_label: float = 0.0  # rows: the row label names the asked period
    period_from_context: float = 0.0  # the title, section or passage names it
    period_conflict: float = 0.0  # it states another period
    period_missing: float = 0.0  # a period was asked and nothing near it names one
    title_other_period: float = 0.0  # rows: only the table title names a period, not the asked one
    column_asked_year: float = 0.0  # rows: the column header writes a year the question writes
    column_other_year: float = 0.0  # rows: the column header writes only years the question does not
    # Is it the kind of figure asked for?
    qualifier_mismatch: float = 0.0  # target/actual/revised asked and not in the column, or the reverse
    kind_rival: float = 0.0  # a mismatched kind while a figure of its period and metric is the asked kind
    change_unasked: float = 0.0  # a YoY / change figure when no change was asked
    change_match: float = 0.0  # a change asked and a change figure given
    change_missing: float = 0.0  # a change asked and a level given
    change_basis_conflict: float = (
        0.0  # a change against a year before asked, one against a quarter given, or the reverse
    )
    change_direction_conflict: float = 0.0  # a fall asked and a rise given, or the reverse
    scale_agreement: float = 0.0  # +1 / -1 / 0: the asked scale (`JPY mn`) against the stated one
    percent_match: float = 0.0  # a percentage asked and given
    percent_unasked: float = 0.0  # a percentage given, none asked
    percent_missing: float = 0.0  # a percentage asked, a plain number given
    date_match: float = 0.0  # a date asked and given
    kind_fit: float = 0.0  # the fitted probability that the question asks for this figure's kind
    money_like: float = 0.0  # a currency or scale word is attached
    currency_mismatch: float = 0.0  # the question names one currency, the figure's context another
    currency_translated: float = 0.0  # rows: the column states another currency than its table, unasked
    small_bare_number: float = 0.0  # a whole number under 100 with no unit: a list mark or quantifier
    echoes_question: float = 0.0  # the question itself writes this figure (`of its EUR 12.4 million of ...`)
    count_noun: float = 0.0  # passages: a noun follows (`440 ATMs`)
    line_similarity: float = 0.0  # passages: MiniLM cosine of the question's metric and the figure's line
    line_similarity_gap: float = 0.0  # passages: that cosine minus the best passage line's
    furniture: float = 0.0  # the unit's closest cosine to page-furniture prototypes (`index.furniture`)
    figure_order: float = 0.0  # passages: 1 / (1 + place among the line's figures after the metric)
    figure_before_metric: float = 0.0  # passages: the figure precedes the metric words
    previous_value: float = 0.0  # passages: the old figure of a revision (`from X to Y`)
    # Agreement with the rest of the evidence.
    support: float = 0.0  # log(1 + other units stating the same value)
    doc_hint_mismatch: float = 0.0  # the question names another document (`the July 2009 deck`)
    entity_missing: float = 0.0  # share of the question's names absent from its document

    def vector(self) -> np.ndarray:
        """The features in `FEATURE_NAMES` order."""
        return np.fromiter((getattr(self, name) for name in FEATURE_NAMES), dtype=np.float64)


FEATURE_NAMES: tuple[str, ...] = tuple(f.name for f in fields(CandidateFeatures))
