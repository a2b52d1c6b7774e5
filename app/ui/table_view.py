"""Returned table rows as real tables: column headers, the rows, the matched cell marked.

Rows from the same table are grouped and shown once, at the place of the best of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.ui.citation_text import location
from app.ui.escaping import SafeHtml, escape_html, join_html, tag
from index.result import CellHit, RowHit


@dataclass
class RowGroup:
    """The returned rows of one table, best first."""

    rows: list[RowHit]

    @property
    def rank(self) -> int:
        """The best rank among the rows (where the group is shown)."""
        return self.rows[0].rank

    @property
    def table(self) -> str:
        """The table title."""
        return self.rows[0].table

    @property
    def unit(self) -> str | None:
        """The table's unit (`JPY million`), when known."""
        return self.rows[0].unit


def group_rows(rows: list[RowHit]) -> list[RowGroup]:
    """Group rows by table (a row without a table is its own group), ordered by best rank."""
    groups: dict[object, RowGroup] = {}
    for row in sorted(rows, key=lambda r: r.rank):
        key = row.table_id if row.table_id is not None else ("row", row.unit_id)
        groups.setdefault(key, RowGroup(rows=[])).rows.append(row)
    return sorted(groups.values(), key=lambda g: g.rank)


def table_grid(group: RowGroup) -> tuple[list[str], list[list[CellHit | None]]]:
    """Column headers and, per row, the cell under each header (None where the row has none)."""
    headers = list(group.rows[0].columns)
    placed: list[list[tuple[int, CellHit]]] = []
    for row in group.rows:
        cursor, row_cells = 0, []
        for cell in row.cells:
            column = _find_column(headers, cell.column, cursor)
            if column is None:
                headers.append(cell.column)
                column = len(headers) - 1
            row_cells.append((column, cell))
            cursor = column + 1
        placed.append(row_cells)
    grid: list[list[CellHit | None]] = []
    for row_cells in placed:
        line: list[CellHit | None] = [None] * len(headers)
        for column, cell in row_cells:
            line[column] = cell
        grid.append(line)
    return headers, grid


def _find_column(headers: list[str], column: str, start: int) -> int | None:
    for i in range(start, len(headers)):
        if headers[i] == column:
            return i
    return None


def table_html(group: RowGroup) -> SafeHtml:
    """The group as an HTML table of escaped cells; the matched cell of each row is marked."""
    headers, grid = table_grid(group)
    head = join_html(
        tag("th", escape_html("#")),
        tag("th", escape_html("cited at")),
        tag("th", escape_html("")),
        *(tag("th", escape_html(h)) for h in headers),
    )
    body_rows = []
    for row, cells in zip(group.rows, grid, strict=True):
        tds = []
        for cell in cells:
            if cell is None:
                tds.append(tag("td", escape_html("")))
            elif row.matched_cell is not None and cell.start == row.matched_cell.start:
                tds.append(tag("td", tag("mark", escape_html(cell.text), "answer"), "matched"))
            else:
                tds.append(tag("td", escape_html(cell.text)))
        body_rows.append(
            tag(
                "tr",
                join_html(
                    tag("td", escape_html(str(row.rank)), "rank"),
                    tag("td", escape_html(location(row.citation)), "where"),
                    tag("th", escape_html(row.label), "label"),
                    *tds,
                ),
            )
        )
    table = tag("table", join_html(tag("thead", tag("tr", head)), tag("tbody", join_html(*body_rows))))
    return tag("div", table, "docqa-table")
