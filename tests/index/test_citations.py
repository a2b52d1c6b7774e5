"""Citations quote the document exactly, with page and line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.citations import Citation, CitationError, cite, verify
from ingest.loaders.text_loader import text_document


def test_cite_trims_and_numbers_lines():
    doc = text_document("Title\n\n  Revenue was JPY1,272 million.  \nNext line\n", Path("a.txt"))
    start = doc.text.index("  Revenue")
    c = cite(doc, start, doc.text.index("Next"))
    assert c.quote == "Revenue was JPY1,272 million."
    assert c.lines == (3, 3)
    assert c.page is None and c.doc == "a.txt"


def test_verify_rejects_a_wrong_quote():
    doc = text_document("Revenue was 10.\n", Path("a.txt"))
    bad = Citation("a.txt", doc.title, None, (1, 1), 0, 7, "Revenu!")
    with pytest.raises(CitationError, match="does not match"):
        verify(doc, bad)
