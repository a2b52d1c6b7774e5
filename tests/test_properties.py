"""Property tests (hypothesis): parsers never raise on arbitrary text and their spans hold."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.citations import cite
from ingest.chunker import chunk_document
from ingest.loaders.text_loader import text_document
from ingest.numbers import find_amounts, parse_number
from ingest.periods import find_periods
from ingest.structure import parse_blocks
from ingest.tables import extract_tables

# Text shaped like financial documents: figures, periods, table bars, tabs, markup, unicode.
ALPHABET = st.sampled_from(
    list("0123456789,.()%$¥€-–—+ \t\n|:/<>*#abcdefgFYQHJPYmillionMarch 2009年度")
    + ["FY08", "1Q10", "JPY", "million", " | ", "\n\n", "<i>", "</i>", "Total", "2023", "(1,234)"]
)
TEXTS = st.lists(ALPHABET, max_size=400).map("".join)
# Enough cases to find shape bugs, few enough for a loaded CI machine; no time limit per case.
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(TEXTS)
def test_amounts_are_spans_of_the_text(text):
    for a in find_amounts(text):
        assert 0 <= a.start < a.end <= len(text)
        assert text[a.start : a.end] == a.raw
    parse_number(text)  # never raises


@PROPERTY_SETTINGS
@given(TEXTS)
def test_periods_are_non_overlapping_spans_in_order(text):
    mentions = find_periods(text)
    for (_, _, e1), (_, s2, _) in zip(mentions, mentions[1:], strict=False):
        assert e1 <= s2
    assert all(0 <= s < e <= len(text) for _, s, e in mentions)


@PROPERTY_SETTINGS
@given(TEXTS)
def test_chunks_and_cells_cite_exact_spans(text):
    doc = text_document("Title\n\n" + text, Path("p.txt"))
    blocks = parse_blocks(doc)
    tables = extract_tables(doc, blocks)
    for chunk in chunk_document(doc, blocks, tables):
        assert 0 <= chunk.start <= chunk.end <= len(doc.text)
        citation = cite(doc, chunk.start, chunk.end)
        assert doc.text[citation.start : citation.end] == citation.quote
    for table in tables:
        for row in table.rows:
            for cell in row.cells:
                assert doc.text[cell.start : cell.end] == cell.text
