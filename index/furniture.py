"""Page furniture: safe-harbour text, contact and "about us" blocks, contents pages, signatures,
running headers and footers.

It stays in the index (a reviewer may cite it), but a figure question should
not be answered from it. Every unit gets two numbers at build time, which the
fitted reranker and answer scorer weigh:
- `furniture_similarity`: its closest cosine to a few prototype phrasings of
  each kind of furniture (what such blocks say, in any company's words);
- `repeated_lines`: the share of its lines that recur on many pages of its
  document (running headers, footers, page stamps).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np

from index.units import RetrievalUnit
from ingest.models import Document

# One plain description per kind of furniture; none is taken from a document in the corpus.
PROTOTYPES = (
    "Forward-looking statements in this release involve risks and uncertainties; actual results may "
    "differ materially; we undertake no obligation to update any forward-looking statement.",
    "For more information contact investor relations or media relations by phone or e-mail.",
    "About the company: a leading global provider headquartered in the city, serving customers in "
    "more than one hundred countries.",
    "Table of contents. Part I. Item 1. Business. Item 1A. Risk Factors. Page.",
    "The company will host a conference call and live webcast; a replay will be available on the "
    "investor relations website.",
    "Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly "
    "caused this report to be signed on its behalf by the undersigned, thereunto duly authorized.",
    "Check mark whether the registrant is a large accelerated filer, an accelerated filer, a "
    "non-accelerated filer or a smaller reporting company; commission file number.",
)
# A line on at least this share of a document's pages (and on three pages or more) is a
# running header or footer.
REPEATED_PAGE_SHARE = 0.3
MIN_REPEATED_PAGES = 3
_DIGITS = re.compile(r"\d+")


@cache
def prototype_vectors(embedder) -> np.ndarray:
    """The prototypes embedded once per embedder."""
    return np.asarray(embedder.encode(list(PROTOTYPES)))


def furniture_similarity(vectors: np.ndarray, prototypes: np.ndarray) -> np.ndarray:
    """Each unit vector's closest cosine to a prototype (vectors are unit-normalised)."""
    if not len(vectors):
        return np.zeros(0, dtype=np.float32)
    return (np.asarray(vectors) @ np.asarray(prototypes).T).max(axis=1).astype(np.float32)


def repeated_lines(units: list[RetrievalUnit], document: Document) -> list[float]:
    """The share of each unit's lines that recur on many of the document's pages."""
    pages = [document.text[p.start : p.end] for p in document.pages]
    if len(pages) < MIN_REPEATED_PAGES:
        return [0.0] * len(units)
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_line_form(line) for line in page.splitlines() if line.strip()})
    floor = max(MIN_REPEATED_PAGES, REPEATED_PAGE_SHARE * len(pages))
    repeated = {line for line, n in counts.items() if n >= floor}
    shares = []
    for unit in units:
        lines = [_line_form(line) for line in unit.text.splitlines() if line.strip()]
        shares.append(sum(line in repeated for line in lines) / len(lines) if lines else 0.0)
    return shares


def _line_form(line: str) -> str:
    """A line with its numbers blanked, so `Page 7` and `Page 8` are one footer."""
    return _DIGITS.sub("#", " ".join(line.split()).lower())
