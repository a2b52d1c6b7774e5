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


def matched_first(group: RowGroup, grid: list[list[CellHit | None]]) -> list[int]:
    """Column order with the matched columns first (in the order rows match them), then the
    rest as printed: a wide table never hides the asked period off the card's right edge."""
    matched: list[int] = []
    for row, cells in zip(group.rows, grid, strict=True):
        for i, cell in enumerate(cells):
            if _is_matched(row, cell) and i not in matched:
                matched.append(i)
    width = len(grid[0]) if grid else 0
    return matched + [i for i in range(width) if i not in matched]


def _is_matched(row: RowHit, cell: CellHit | None) -> bool:
    return cell is not None and row.matched_cell is not None and cell.start == row.matched_cell.start


def table_html(group: RowGroup) -> SafeHtml:
    """The group as an HTML table of escaped cells; the matched cell of each row is marked and
    its column is shown right after the row labels, which stay in view when the card scrolls."""
    headers, grid = table_grid(group)
    order = matched_first(group, grid)
    headers = [headers[i] for i in order]
    grid = [[line[i] for i in order] for line in grid]
    head = join_html(
        tag("th", escape_html("#")),
        tag("th", escape_html("cited at")),
        tag("th", escape_html(""), "label"),
        *(tag("th", escape_html(h)) for h in headers),
    )
    body_rows = []
    for row, cells in zip(group.rows, grid, strict=True):
        tds = []
        for cell in cells:
            if cell is None:
                tds.append(tag("td", escape_html("")))
            elif _is_matched(row, cell):
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
