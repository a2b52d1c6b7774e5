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
| Member units, 40 classes permitted; | | |
| classes in use 7 | 20 | 20 |
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
    assert labels[6] == ("Businesses held for sale: Member units, 40 classes permitted; classes in use 7")


BREAKDOWN = """Breakdown

| | 2024 | 2023 |
|---|---|---|
| Revenue by product: | | |
| widgets | 40 | 35 |
| gadgets | 25 | 20 |
"""


def test_a_heading_ending_in_a_colon_heads_rows_written_in_lower_case():
    doc = text_document(BREAKDOWN, Path("breakdown.md"))
    (table,) = extract_tables(doc, parse_blocks(doc))
    assert [r.label for r in table.rows if r.cells] == [
        "Revenue by product: widgets",
        "Revenue by product: gadgets",
    ]


def _columns_and_labels(text: str) -> tuple[list[str], list[str]]:
    doc = text_document(text, Path("table.md"))
    (table,) = extract_tables(doc, parse_blocks(doc))
    return table.columns, [r.label for r in table.rows]


def test_a_row_of_words_and_years_right_under_the_header_names_the_columns():
    columns, labels = _columns_and_labels(
        "Other income\n\n| | Year ended | | Change | |\n|---|---|---|---|---|\n"
        "| % Change | 2024 | 2023 | Amount | % |\n| Interest income | 1,310 | 510 | 800 | 157% |\n"
    )
    assert columns == ["Year ended 2024", "Year ended 2023", "Change Amount", "Change %"]
    assert labels == ["Interest income"]


def test_rows_holding_years_further_down_stay_rows():
    columns, labels = _columns_and_labels(
        "Borrowings\n\n| | Issued | Due | Rate |\n|---|---|---|---|\n"
        "| Term loan | 2019 | 2026 | Floating |\n| Senior notes | 2020 | 2030 | Fixed |\n"
    )
    assert columns == ["Issued", "Due", "Rate"] and labels == ["Term loan", "Senior notes"]
