"""Fit the `ParaphraseMap` on the gold questions: which line words stand for a question's words.

Every answerable gold question with an evidence line adds its metric words
(`QueryAnalysis.metric_terms`, figures and years left out) to its line; each distinct line
(document and evidence text) is counted once, with the words no figure holds
(`LineWords.of_questions`). The fit keeps, per fact group (`sources.fact_group`), the lines its
questions asked about, so that `docqa train` can search a training question with a map that no
line of its fact shaped (a fact is often quoted with several evidence strings).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from index.financial_tokenizer import tokenize
from index.paraphrase_map import LineWords, PairCounts, ParaphraseMap
from index.query import analyse_query
from index.training.sources import answered_with_evidence, fact_group

_FIGURE = re.compile(r"\d")

Line = tuple[str, str]  # (document name, evidence text)


@dataclass(frozen=True)
class ParaphraseMapFit:
    """The map counted over every evidence line, each line's own counts, and the lines each
    fact group's questions asked about."""

    model: ParaphraseMap
    by_line: dict[Line, LineWords]
    lines_of_group: dict[str, frozenset[Line]]

    def without_group(self, group: str) -> ParaphraseMap:
        """The map as counted without every line the questions of one fact group asked about
        (the full map for a group that named none)."""
        lines = self.lines_of_group.get(group)
        return self.model.without(self.by_line[line] for line in lines) if lines else self.model


def words_without_figures(words: Iterable[str]) -> frozenset[str]:
    """The tokens that hold no digit (figures and years are no vocabulary)."""
    return frozenset(t for t in words if not _FIGURE.search(t))


def line_words(text: str) -> frozenset[str]:
    """The words of an evidence line as the tokenizer reads them, without figures and years."""
    return words_without_figures(tokenize(text))


def fit_paraphrase_map(paths: list[Path]) -> ParaphraseMapFit:
    """Count, over the gold files' answerable questions with evidence, each distinct line's
    missing question words and the line words that stand for them."""
    asked: dict[Line, list[frozenset[str]]] = {}
    lines_of_group: dict[str, set[Line]] = {}
    for source, item, text in answered_with_evidence(paths):
        line = (str(item.get("doc", "")), text)
        asked.setdefault(line, []).append(words_without_figures(analyse_query(item["question"]).metric_terms))
        lines_of_group.setdefault(fact_group(item, source), set()).add(line)
    by_line = {line: LineWords.of_questions(words, line_words(line[1])) for line, words in asked.items()}
    groups = {group: frozenset(lines) for group, lines in lines_of_group.items()}
    return ParaphraseMapFit(ParaphraseMap(PairCounts.of_lines(by_line.values())), by_line, groups)
