"""Page furniture signals: repeated running lines, and safe-harbour text against the real model."""

from __future__ import annotations

import pytest

from index.furniture import furniture_similarity, prototype_vectors, repeated_lines
from index.units import RetrievalUnit
from ingest.models import Document, Page


def _paged(pages: list[str]) -> Document:
    text, spans, offset = "", [], 0
    for number, page in enumerate(pages, start=1):
        if number > 1:
            text += "\n\n"
            offset += 2
        spans.append(Page(number, offset, offset + len(page)))
        text += page
        offset += len(page)
    return Document("d", "r.pdf", "r.pdf", "r", "pdf", text, spans)


def _unit(document: Document, text: str) -> RetrievalUnit:
    start = document.text.index(text)
    return RetrievalUnit("d", "text", start, start + len(text), [1], "", text, text)


def test_a_running_footer_is_repeated_and_a_figure_is_not() -> None:
    metrics = ["Revenue", "Gross margin", "Operating income", "Net income", "Free cash flow"]
    pages = [
        f"{m} was {n}00 million.\nAcme Corp. Quarterly Report  Page {n}" for n, m in enumerate(metrics, 1)
    ]
    document = _paged(pages)
    footer = _unit(document, "Acme Corp. Quarterly Report  Page 3")
    figure = _unit(document, "Operating income was 300 million.")
    assert repeated_lines([footer, figure], document) == [1.0, 0.0]


def test_a_short_document_has_no_running_lines() -> None:
    document = _paged(["Header\nRevenue 1", "Header\nRevenue 2"])
    assert repeated_lines([_unit(document, "Header\nRevenue 1")], document) == [0.0]


@pytest.mark.model
def test_safe_harbour_text_is_closer_to_furniture_than_a_results_sentence(embedder) -> None:
    texts = [
        "Statements in this presentation about our plans are predictions that are subject to risks and "
        "uncertainties, and actual outcomes could be materially different; we assume no duty to revise them.",
        "Operating income for the fiscal year rose 12% to $4.1 billion on higher product sales.",
    ]
    scores = furniture_similarity(embedder.encode(texts), prototype_vectors(embedder))
    assert scores[0] > scores[1] + 0.2


def test_no_units_give_no_scores() -> None:
    import numpy as np

    assert furniture_similarity(np.zeros((0, 4)), np.ones((2, 4))).shape == (0,)
