"""Fit `MetricWords` on the gold questions: which of a question's words its answer's line writes.

Each gold question with an answer and an evidence line adds, for every distinct metric word
of the question (`QueryAnalysis.metric_terms`), one to the word's asked count and one to its
written count when the evidence line holds the word (as the tokenizer reads both). Counts are
kept per fact group (`sources.fact_group`) so that `docqa train` can score each training
question with counts its own fact did not add.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from index.answering.metric_words import MetricWords, WordCounts
from index.financial_tokenizer import tokenize
from index.query import analyse_query
from index.training.sources import answered_with_evidence, fact_group


@dataclass(frozen=True)
class MetricWordsFit:
    """The model fitted on every gold question, and each fact group's own counts."""

    model: MetricWords
    by_group: dict[str, WordCounts]

    def without_group(self, group: str) -> MetricWords:
        """The model as fitted without the questions of one fact group."""
        own = self.by_group.get(group)
        return self.model.without(own) if own else self.model


def fit_metric_words(paths: list[Path]) -> MetricWordsFit:
    """Count, over the gold files' answerable questions with evidence, how often each question
    word is written on the answer's line."""
    total = WordCounts()
    by_group: dict[str, WordCounts] = {}
    for source, item, line in answered_with_evidence(paths):
        counts = WordCounts.of_question(analyse_query(item["question"]).metric_terms, set(tokenize(line)))
        group = fact_group(item, source)
        by_group[group] = by_group.get(group, WordCounts()).plus(counts)
        total = total.plus(counts)
    return MetricWordsFit(MetricWords.fitted(total), by_group)
