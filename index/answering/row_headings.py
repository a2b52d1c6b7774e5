"""A table's heading rows, and its rows' labels without the heading they sit under.

Ingestion joins a heading to the rows under it (`Other income (expense): Interest income`,
`ingest.tables.row_groups`) so a question naming the group lands on its rows. Sibling
rows then share the heading's words; what tells them apart is their own label.
"""

from __future__ import annotations

from index.units import RetrievalUnit
from ingest.tables.row_groups import own_label


def heading_labels(rows: list[RetrievalUnit]) -> list[str]:
    """The labels of a table's heading rows (a label and no cells: `Operating expenses:`)."""
    return [r.label for r in rows if not r.cells and r.label]


def own_labels(rows: list[RetrievalUnit]) -> list[str]:
    """Each row's label without the heading it sits under (`Net revenue`, not `Ongoing: Net revenue`)."""
    headings = heading_labels(rows)
    return [own_label(r.label, headings) for r in rows]


def own_row_label(row: RetrievalUnit, rows: list[RetrievalUnit]) -> str:
    """`row`'s label without the heading it sits under, among its table's `rows`."""
    return own_label(row.label, heading_labels(rows))
