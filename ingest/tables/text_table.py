"""Parse markdown pipe and tab-separated tables from exported text into rows.

Handles the shapes found in IR text exports: pipe tables with HTML inside
cells, tab-separated tables with a period header row (`<TAB>1Q09<TAB>2Q09`),
multi-row headers, key/value tables (`Established<TAB>December 1992`) and
header-less value dumps (rows without labels are kept, not dropped).
"""

from __future__ import annotations

import re

from ingest.models import Block, Cell, Document, Table, TableRow
from ingest.numbers import parse_number
from ingest.periods import parse_period
from ingest.structure import Line
from ingest.tables.context import lines_above, title_from_context, unit_from_context
from ingest.tables.grid import RawCell, RawRow, split_markdown_row, split_tsv_row
from ingest.tables.row_groups import under_headings
from ingest.tables.unit import find_unit

# A row of words holding at least this many periods, one under a blank header cell, without
# figures, right under the header heads the columns (one year among words is as likely a date).
MIN_YEARS_IN_HEADER = 2
# A column name in words has a run of three letters (`Fiscal 2019 sales`); `AA-`, `n/a` and `nm`
# are values of a rating or nil row, and so are these words.
_WORD = re.compile(r"[A-Za-z]{3}")
_NIL_WORDS = frozenset(["nil", "none", "n.a.", "n.m."])


def parse_text_table(
    document: Document, block: Block, lines: list[Line], boilerplate: set[str]
) -> Table | None:
    """Parse one `table` block into a Table, or None when it holds no rows."""
    first = next(i for i, line in enumerate(lines) if line.start <= block.start <= line.end)
    block_lines = [line for line in lines[first:] if line.start < block.end]
    pipe = "|" in block_lines[0].text and "\t" not in block_lines[0].text
    splitter = split_markdown_row if pipe else split_tsv_row
    rows = [splitter(line.text, line.start) for line in block_lines if line.text.strip()]
    caption, rows = _take_caption_row(rows)
    header_rows, body = _split_header(rows, pipe)
    body = [r for r in body if not r.is_separator and r.filled]
    if not body:
        return None
    columns_by_pos = _join_header(header_rows)
    has_labels = _has_label_column(body)
    offset = 1 if has_labels else 0
    above = lines_above(lines, first, boilerplate)
    if caption:
        above.insert(0, caption)
    title = title_from_context(above, block.section)
    header_text = "\n".join(
        " | ".join(c.clean for c in r.cells) for r in header_rows if any(c.clean for c in r.cells)
    )
    width = max(len(r.cells) for r in body)
    columns = [columns_by_pos.get(i, "") for i in range(offset, width)]
    table_rows = [_to_row(document, r, columns_by_pos, has_labels) for r in body]
    if has_labels:
        table_rows = under_headings(table_rows)
    return Table(
        kind=_kind(pipe, body, has_labels, header_rows),
        title=title,
        unit=unit_from_context(above, header_text, title),
        columns=columns,
        rows=table_rows,
        start=block.start,
        end=block.end,
        section=block.section,
        page=block.page,
        header_text=header_text,
    )


def _take_caption_row(rows: list[RawRow]) -> tuple[str, list[RawRow]]:
    """A first row with only its first cell filled (`Company Profile<TAB>`) is a caption."""
    if len(rows) < 2 or not rows[0].cells or len(rows[0].filled) != 1:
        return "", rows
    first = rows[0].cells[0]
    if not first.is_empty and not first.is_numeric:
        return first.clean, rows[1:]
    return "", rows


def _split_header(rows: list[RawRow], pipe: bool) -> tuple[list[RawRow], list[RawRow]]:
    """Separate header rows from body rows.

    A markdown separator row marks the header; otherwise the header is the
    leading run of rows without numbers, provided later rows hold numbers.
    """
    if pipe:
        for i, row in enumerate(rows):
            if row.is_separator:
                # Markdown allows one header row; more header rows (`| | 2019 | 2018 |`) follow the rule.
                j = i + 1
                while j < len(rows) - 1 and (
                    _is_header_like(rows[j], rows[i - 1] if j == i + 1 and i else None)
                    or (j == i + 1 and _names_unnamed_columns(rows[j], rows[:i], rows[j + 1 :]))
                    or _heads_dated_row(rows[j], rows[j + 1], rows[:i] + rows[i + 1 : j])
                ):
                    j += 1
                return rows[:i] + rows[i + 1 : j], rows[j:]
    numeric = [_has_figures(r) for r in rows]
    if not any(numeric):
        # Key/value or text table: a header only when the first cell is blank.
        if len(rows) > 1 and rows[0].cells and rows[0].cells[0].is_empty:
            return rows[:1], rows[1:]
        return [], rows
    first_numeric = numeric.index(True)
    return rows[:first_numeric], rows[first_numeric:]


def _is_year(text: str) -> bool:
    """A bare year such as `2009` heads a column rather than holding a value."""
    return bool(re.fullmatch(r"(?:19[5-9]\d|20\d\d)", text))


def _is_header_like(row: RawRow, header: RawRow | None = None) -> bool:
    """A row with a blank (or unit) first cell and no values, only labels or years; right under
    a header row with blanks (`header`), also a row of words whose years fill those blanks."""
    if not row.cells or not row.filled:
        return False
    first = row.cells[0]
    if _has_figures(row):
        return False
    # A caption before a row of dates or years (`Emissions from: | FY19 | FY18`) heads the columns,
    # and so does a row of words and years under a header that left their columns blank
    # (`| | Year ended | | Change |` over `% Change | 2018 | 2017 | Amount`).
    return first.is_empty or bool(find_unit(first.clean)) or _is_dated(row) or _fills_header(row, header)


def _is_dated(row: RawRow) -> bool:
    """Every filled cell after the first is a year or a period (`FY19 | FY18`), and there is one."""
    rest = [c for c in row.cells[1:] if not c.is_empty]
    return bool(rest) and all(_names_period(c.clean) for c in rest)


def _names_period(text: str) -> bool:
    """A cell that is a year or a period (`2019`, `FY19`, `1H08`)."""
    return _is_year(text) or parse_period(text) is not None


def _has_figures(row: RawRow) -> bool:
    """Whether a row holds a value (a number that is not a bare year)."""
    return any(c.is_numeric and not _is_year(c.clean) for c in row.cells)


def _names_unnamed_columns(row: RawRow, header_rows: list[RawRow], later: list[RawRow]) -> bool:
    """The first row under a markdown header that names no column (none, a caption or a unit
    line: `($ in millions) |  |  |`), when it names at least two columns in words or periods
    (`_names_column`) and states no figure while later rows do: an export that put the real
    header in the body (`Segment | Fiscal 2019 Net Sales | Fiscal 2018 Net Sales`)."""
    if any(not c.is_empty for r in header_rows for c in r.cells[1:]):
        return False
    named = [c for c in row.cells[1:] if not c.is_empty]
    worded = all(_names_column(c.clean) for c in named)
    return len(named) >= 2 and worded and not _has_figures(row) and any(_has_figures(r) for r in later)


def _names_column(text: str) -> bool:
    """A cell that can name a column: a year or period, or words that are no nil mark."""
    return _names_period(text) or (bool(_WORD.search(text)) and text.lower() not in _NIL_WORDS)


def _heads_dated_row(row: RawRow, below: RawRow, header_rows: list[RawRow]) -> bool:
    """A row stating no figure right over a row of years or periods with a blank first cell, in
    columns the header rows so far (`header_rows`) leave blank: that row heads the columns and the
    line above it is its upper header (`Indicators | For the year ended 31 December` over
    ` | 2019 | 2018`). Under a header that already names those columns (`Notes | Issued | Due`)
    both are data."""
    if not row.filled or _has_figures(row) or not below.cells or not below.cells[0].is_empty:
        return False
    dated = {pos for pos, c in enumerate(below.cells) if pos > 0 and not c.is_empty}
    named = {pos for r in header_rows for pos, c in enumerate(r.cells) if pos > 0 and not c.is_empty}
    return _is_dated(below) and not dated & named


def _fills_header(row: RawRow, header: RawRow | None) -> bool:
    """Whether the row holds at least `MIN_YEARS_IN_HEADER` periods, one of them under a blank
    cell of the header row above (`Issued | Due` over `2019 | 2026`, no blank, is a data row)."""
    if header is None:
        return False
    blank = {pos for pos, c in enumerate(header.cells) if c.is_empty and pos > 0}
    dated = [
        pos for pos, c in enumerate(row.cells) if pos > 0 and (_is_year(c.clean) or parse_period(c.clean))
    ]
    return len(dated) >= MIN_YEARS_IN_HEADER and bool(blank.intersection(dated))


def _join_header(header_rows: list[RawRow]) -> dict[int, str]:
    """Join multi-row headers column by column: `1H08` over `JPY millions`.

    A header row with a single label over several columns (`Years Ended
    September 30,` above `2019 2018 2017`) spans all of them; group labels of equal
    reach in the top header row span their groups (`_group_spans`).
    """
    width = max((len(r.cells) for r in header_rows), default=0)
    joined: dict[int, list[str]] = {}
    top = next((i for i, r in enumerate(header_rows) if any(not c.is_empty for c in r.cells[1:])), 0)
    for i, row in enumerate(header_rows):
        filled = [(pos, c) for pos, c in enumerate(row.cells) if not c.is_empty and pos > 0]
        if len(filled) == 1 and width > 2 and len(header_rows) > 1:
            for pos in range(1, width):
                joined.setdefault(pos, []).append(filled[0][1].clean)
            continue
        labels = {pos: c.clean for pos, c in enumerate(row.cells) if not c.is_empty}
        # Only the top row spans: a lower row's repeated label (`Shares` over `(thousands) |
        # Amount`) may head one column of its group.
        if i == top:
            labels |= _group_spans(row, header_rows[i + 1 :], width)
        for pos in sorted(labels):
            joined.setdefault(pos, []).append(labels[pos])
    return {pos: " ".join(parts) for pos, parts in joined.items()}


def _group_spans(row: RawRow, below: list[RawRow], width: int) -> dict[int, str]:
    """The group label over each blank cell of a header row whose labels each head the same
    number of columns, left-aligned as a merged cell is exported (`2019 |  | 2018 |` over
    `Amount | % | Amount | %`): {position: label} for the blanks, {} for any other row.

    Labels of unequal reach (`F19 | F18 |  | ` over four columns) or not starting at the
    first figure column (centred over their group) are left where they stand.
    """
    starts = [pos for pos, c in enumerate(row.cells) if not c.is_empty and pos > 0]
    if len(starts) < 2 or starts[0] != 1 or not below:
        return {}
    ends = [*starts[1:], width]
    if len({b - a for a, b in zip(starts, ends, strict=True)}) != 1 or ends[0] - starts[0] < 2:
        return {}
    under = {pos for r in below for pos, c in enumerate(r.cells) if not c.is_empty}
    spans = {pos: row.cells[a].clean for a, b in zip(starts, ends, strict=True) for pos in range(a + 1, b)}
    return spans if set(spans) <= under else {}


def _has_label_column(body: list[RawRow]) -> bool:
    """Most rows start with a non-numeric first cell: that cell is the row label."""
    labelled = sum(1 for r in body if r.cells and _is_label(r.cells[0]))
    blank_first = sum(1 for r in body if r.cells and r.cells[0].is_empty)
    return labelled + blank_first > len(body) / 2 and labelled > 0


def _is_label(cell: RawCell) -> bool:
    """A first cell that names the row: text, or a year as in a timeline."""
    return not cell.is_empty and (not cell.is_numeric or _is_year(cell.clean))


def _to_row(document: Document, raw: RawRow, columns_by_pos: dict[int, str], has_labels: bool) -> TableRow:
    """Turn a raw row into a TableRow with cells named by their column header."""
    label = raw.cells[0].clean if has_labels and raw.cells else ""
    if has_labels and not label:
        # A blank first cell continues a group; the first text cell names the row.
        label = next((c.clean for c in raw.cells[1:] if not c.is_empty and not c.is_numeric), "")
    first = 1 if has_labels else 0
    cells = [
        Cell(
            column=columns_by_pos.get(pos, ""),
            text=c.text,
            value=parse_number(c.text),
            start=c.start,
            end=c.end,
        )
        for pos, c in enumerate(raw.cells)
        if pos >= first and c.text and not c.is_empty
    ]
    return TableRow(label=label, cells=cells, start=raw.start, end=raw.end, page=document.page_at(raw.start))


def _kind(pipe: bool, body: list[RawRow], has_labels: bool, header_rows: list[RawRow]) -> str:
    """Name the table shape: markdown, tsv, key_value or values (no labels)."""
    if not has_labels:
        return "values"
    if (
        not header_rows
        and all(len(r.filled) <= 2 for r in body)
        and not any(c.is_numeric for r in body for c in r.cells[1:])
    ):
        return "key_value"
    return "markdown" if pipe else "tsv"
