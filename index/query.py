"""Query analysis: periods, content terms and lexical tokens of a question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.financial_tokenizer import STOPWORDS, tokenize
from ingest.periods import Period, find_periods

_QUESTION_WORDS = frozenset(
    [
        "tell",
        "me",
        "show",
        "give",
        "find",
        "list",
        "number",
        "amount",
        "figure",
        "value",
        "total",
        "per",
        "according",
        "deck",
        "document",
        "report",
        "as",
        "of",
        "end",
        "at",
    ]
)


@dataclass(frozen=True)
class QueryAnalysis:
    """What a question asks for: its periods and its content terms."""

    text: str
    periods: tuple[Period, ...]
    terms: tuple[str, ...]


def analyse_query(text: str) -> QueryAnalysis:
    """Find the periods a question names and the words that name the metric or entity."""
    mentions = find_periods(text)
    periods = tuple(dict.fromkeys(p for p, _, _ in mentions))
    rest = text
    for _, start, end in sorted(mentions, key=lambda m: -m[1]):
        rest = rest[:start] + " " + rest[end:]
    terms = [t for t in tokenize(rest) if t not in STOPWORDS and t not in _QUESTION_WORDS]
    terms = [t for t in terms if not re.fullmatch(r"(19|20)\d\d", t)]
    return QueryAnalysis(text=text, periods=periods, terms=tuple(dict.fromkeys(terms)))
