"""Highlight spans of untrusted text: escape every character, then wrap spans in `<mark>`.

Marks carry a CSS class (`cited`, `answer`, `term`, `figure`); when marks overlap the
one with the higher priority wins, so a cited figure stays marked as cited.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.ui.escaping import SafeHtml, escape_html, join_html, tag
from index.financial_tokenizer import tokenize
from ingest.numbers import find_amounts

CITED = "cited"
ANSWER = "answer"
TERM = "term"
FIGURE = "figure"
_PRIORITY = {CITED: 4, ANSWER: 3, TERM: 2, FIGURE: 1}

_WORD = re.compile(r"\w+(?:[&',.]\w+)*")
# Words of a question that say how to ask, not what is asked.
_ASKING_WORDS = frozenset(tokenize("tell me show give find list please about according"))


@dataclass(frozen=True)
class Mark:
    """A span of a text to wrap in `<mark class=...>`; offsets index the text being shown."""

    start: int
    end: int
    css_class: str


def highlight(text: str, marks: Iterable[Mark]) -> SafeHtml:
    """Escape `text` and wrap each marked span in `<mark>`; unmarked text is only escaped."""
    paint: list[str | None] = [None] * len(text)
    for mark in sorted(marks, key=lambda m: _PRIORITY.get(m.css_class, 0)):
        for i in range(max(mark.start, 0), min(mark.end, len(text))):
            paint[i] = mark.css_class
    parts: list[SafeHtml] = []
    run_start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or paint[i] != paint[run_start]:
            piece = escape_html(text[run_start:i])
            css = paint[run_start]
            parts.append(tag("mark", piece, css) if css else piece)
            run_start = i
    return join_html(*parts)


def query_terms(query: str) -> frozenset[str]:
    """The question's search tokens (stemmed, `FY2008` spelled `fy08`), without asking words."""
    return frozenset(tokenize(query)) - _ASKING_WORDS


def term_marks(text: str, terms: frozenset[str]) -> list[Mark]:
    """Marks on the words of `text` whose tokens are among the question's `terms`."""
    if not terms:
        return []
    words = _WORD.finditer(text)
    return [Mark(m.start(), m.end(), TERM) for m in words if terms.intersection(tokenize(m.group()))]


def figure_marks(text: str) -> list[Mark]:
    """Marks on figures: amounts with a currency, scale, percent sign, separator or parentheses.

    Bare small integers (counts, days, years) stay unmarked so the figures stand out.
    """
    marks = []
    for amount in find_amounts(text):
        raw = amount.raw
        if amount.currency or amount.percent or amount.scale != 1 or any(ch in raw for ch in ",.()"):
            marks.append(Mark(amount.start, amount.end, FIGURE))
    return marks


def quote_html(quote: str, query: str, answer_span: tuple[int, int] | None = None) -> SafeHtml:
    """A cited quote with the question's terms, its figures and (if inside) the answer marked."""
    marks = [*figure_marks(quote), *term_marks(quote, query_terms(query))]
    if answer_span:
        marks.append(Mark(answer_span[0], answer_span[1], ANSWER))
    return highlight(quote, marks)
