"""Row labels with and without the heading they sit under, on an invented statement."""

from __future__ import annotations

import pytest

from index.answering.row_headings import heading_labels, own_labels, own_row_label

STATEMENT = """Statement of operations

| | 2024 | 2023 |
|---|---|---|
| Revenue | 900 | 800 |
| Other income (expense) | | |
| Interest income | 40 | 30 |
| Interest expense | (25) | (20) |
| Total other income (expense) | 15 | 10 |
| Net income | 915 | 810 |
"""


@pytest.fixture(scope="module")
def rows(table_evidence):
    units, _ = table_evidence(STATEMENT)
    return units


def test_a_heading_row_is_one_with_a_label_and_no_figures(rows):
    assert heading_labels(rows) == ["Other income (expense)"]


def test_rows_under_a_heading_are_told_apart_by_their_own_labels(rows):
    labels = [r.label for r in rows]
    assert "Other income (expense): Interest expense" in labels
    assert own_labels(rows) == [
        "Revenue",
        "Other income (expense)",
        "Interest income",
        "Interest expense",
        "Total other income (expense)",
        "Net income",
    ]
    grouped = next(r for r in rows if r.label.endswith("Interest income"))
    assert own_row_label(grouped, rows) == "Interest income"
