"""Fit the `ParaphraseMap` on the gold questions: which line words stand for a question's words.

Every answerable gold question with an evidence line adds its metric words
(`QueryAnalysis.metric_terms`) to its line; each distinct line (document and evidence text)
is counted once, with the words no figure holds (`LineWords.of_questions`). The fit keeps each
line's own counts, so that `docqa train` can search a training question with the map its own
evidence line did not shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from index.financial_tokenizer import tokenize
from index.paraphrase_map import LineWords, PairCounts, ParaphraseMap
from index.query import analyse_query
from index.training.sources import answered_with_evidence

_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class ParaphraseMapFit:
    """The map counted over every evidence line, each line's own counts, and which line each
    question (source, id) asked about."""

    model: ParaphraseMap
    by_line: dict[tuple[str, str], LineWords]
    line_of: dict[tuple[str, str], tuple[str, str]]

    def without_question(self, source: str, qid: str) -> ParaphraseMap:
        """The map as counted without the evidence line of one question (the full map for a
        question without one)."""
        line = self.line_of.get((source, qid))
        return self.model.without(self.by_line[line]) if line is not None else self.model


def line_words(text: str) -> frozenset[str]:
    """The words of an evidence line as the tokenizer reads them, without figures and years."""
    return frozenset(t for t in tokenize(text) if not _FIGURE.search(t))


def fit_paraphrase_map(paths: list[Path]) -> ParaphraseMapFit:
    """Count, over the gold files' answerable questions with evidence, each distinct line's
    missing question words and the line words that stand for them."""
    asked: dict[tuple[str, str], list[frozenset[str]]] = {}
    line_of: dict[tuple[str, str], tuple[str, str]] = {}
    for source, item, text in answered_with_evidence(paths):
        line = (str(item.get("doc", "")), text)
        asked.setdefault(line, []).append(frozenset(analyse_query(item["question"]).metric_terms))
        line_of[(source, item["id"])] = line
    by_line = {line: LineWords.of_questions(words, line_words(line[1])) for line, words in asked.items()}
    return ParaphraseMapFit(ParaphraseMap(PairCounts.of_lines(by_line.values())), by_line, line_of)
