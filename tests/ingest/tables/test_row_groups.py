"""Rows grouped under a label-only heading row carry the heading in their label."""

from __future__ import annotations

from pathlib import Path

from ingest.loaders.text_loader import text_document
from ingest.structure import parse_blocks
from ingest.tables import extract_tables

# An invented statement: two groups each with the same row names, a total that closes its
# group, a unit line and a label wrapped onto a second line.
STATEMENT = """Summary of results

| | 2024 | 2023 |
|---|---|---|
| (USD thousands) | | |
| Ongoing business | | |
| Net revenue | 1,200 | 1,100 |
| Gross margin | 400 | 350 |
| Total ongoing business | 1,600 | 1,450 |
| Cash and equivalents | 90 | 80 |
| Businesses held for sale: | | |
| Net revenue | 300 | 320 |
| Gross margin | 50 | 60 |
| Preferred stock, authorized 10,000 shares; | | |
| issued and outstanding 2,000 shares | 20 | 20 |
"""


def _labels() -> list[str]:
    doc = text_document(STATEMENT, Path("statement.md"))
    (table,) = extract_tables(doc, parse_blocks(doc))
    return [row.label for row in table.rows if row.cells]


def test_rows_under_a_heading_are_named_with_it():
    labels = _labels()
    assert labels[:2] == ["Ongoing business: Net revenue", "Ongoing business: Gross margin"]
    assert labels[4:6] == ["Businesses held for sale: Net revenue", "Businesses held for sale: Gross margin"]


def test_a_total_closes_its_group_and_is_not_renamed():
    labels = _labels()
    assert labels[2] == "Total ongoing business"
    assert labels[3] == "Cash and equivalents"


def test_a_unit_line_is_no_heading_and_a_wrapped_label_is_joined():
    labels = _labels()
    assert not any("USD thousands" in label for label in labels)
    assert labels[6] == (
        "Businesses held for sale: Preferred stock, authorized 10,000 shares; "
        "issued and outstanding 2,000 shares"
    )
