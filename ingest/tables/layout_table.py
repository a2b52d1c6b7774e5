"""Find tables in PDF pages from pypdf's layout text and map them onto the plain text.

Layout mode keeps each table row on one line with columns aligned by spaces, so
cells are runs of text separated by two or more spaces and a cell's x-position
(its character column) says which header it sits under. Every span we emit,
though, points into `Document.text` (the plain text): each layout row is found
again in its page's plain text, and a row that cannot be found is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.models import Cell, Document, Table, TableRow
from ingest.numbers import parse_number
from ingest.tables.row_groups import TOTAL, under_heading
from ingest.tables.unit import find_unit

MAX_BLANK_LINES = 4
MAX_TEXT_LINES = 3
MAX_HEADER_LINES = 8
MAX_TITLE_LOOKBACK = 6
MAX_TITLE_CHARS = 100
MAX_CAPTION_CHARS = 200
MAX_HEADER_CELL_CHARS = 50
SHORT_LINE_CHARS = 40
MAX_STUB_CHARS = 60

_SEGMENT = re.compile(r"\S+(?: \S+)*")
# A currency sign or "about" sign printed in its own cell belongs to the number after it.
_PREFIX = re.compile(r"^(?:[~≈]\s?)?(?:US\$|[$€£¥])$|^[~≈]$")
_SUFFIX = re.compile(r"^(?:%|pts|ppts|bps)$", re.IGNORECASE)
_DIRECTION = re.compile(r"^(?:up|down|flat|increase|decrease)$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^(?:[~≈]\s?)?(?:\$\s?)?(?:[—–-]+|n/?[am]|nm)\s?%?$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^(?:\(\d\)|\([a-z]\)|\*{1,3}|\^)$")
_YEAR = re.compile(r"^(?:(?:Q[1-4]|FY|H[12])\s?)?(?:19|20)\d\d\*?$", re.IGNORECASE)
_PERIOD_WORDS = re.compile(
    r"\b(?:ended|ending|months|weeks|quarters?|years?|fiscal|as of|january|february|march|april|may"
    r"|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)
_UNIT_LINE = re.compile(r"^\(?\s*(?:in|dollars|amounts|unaudited|\$ in|usd)\b", re.IGNORECASE)
_SCALE_FALLBACK = re.compile(
    r"\b(?:(?P<cur>dollars)\b[^()\n]{0,24}?)?\bin\s+(?P<scale>thousands|millions|billions)\b", re.IGNORECASE
)
_CURRENCY = re.compile(r"[$€£¥]")
# A printed amount, as opposed to a bare small integer such as a page number.
_AMOUNT = re.compile(r"[$€£¥%(]|\d,\d{3}|\d\.\d")
_NOT_A_TITLE = re.compile(r"^(?:\(\w{1,2}\)|\*|\^|\d{1,2}\s)|\bpage\s*\d+\b|[$€£¥]\s?\(?\d", re.IGNORECASE)
_DATE_COMMA = re.compile(r"(?<=\d),(?=(?:19|20)\d\d\b)")
_TRAILING_FOOTNOTE = re.compile(r"(?:\s*(?:\(\d{1,2}\)|\*+))+$")


@dataclass
class _Segment:
    """A run of layout text between gaps of 2+ spaces, with its character columns.

    For a number with a currency sign printed apart (`$      316,199`), `x0`
    is where the number starts and `lead` where the sign starts.
    """

    x0: int
    x1: int
    text: str
    lead: int = -1

    def __post_init__(self) -> None:
        if self.lead < 0:
            self.lead = self.x0


@dataclass
class _LineRow:
    """A layout line that looks like a table row: a label then value cells.

    A strong row has at least two values, one of them a number, and may start
    a table; a weak row (`—  —`, or a single number) may only continue one.
    """

    index: int
    segments: list[_Segment]
    values: list[_Segment]
    strong: bool


@dataclass
class _Run:
    """Consecutive layout lines that hold one table's rows."""

    rows: list[_LineRow]
    x0: int
    x1: int
    last: int


@dataclass
class _Column:
    """One value column: its extent in layout characters and the rows that use it."""

    x0: int
    x1: int
    rows: set[int] = field(default_factory=set)
    lead: int = -1
    named: bool = False  # a header cell sits over this column itself, not just a spread group header

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class _RowLayout:
    """A row split into label, per-column cell segments and ignorable filler."""

    line: _LineRow
    label: list[_Segment]
    cells: dict[int, list[_Segment]]
    filler: list[_Segment]
    label_prefix: str = ""
    section: str = ""  # the section line the row sits under (`Net sales:` over `Products`)


def parse_layout_tables(document: Document) -> list[Table]:
    """Parse the tables on every page of a PDF Document.

    Args:
        document: a Document loaded by `load_pdf`, with `_page_layouts` filled.

    Returns:
        Tables in page order, each with rows and cells whose spans index
        `document.text`; empty when the document has no layout text.
    """
    tables: list[Table] = []
    for page, layout in zip(document.pages, document._page_layouts, strict=False):
        if layout.strip():
            tables.extend(_page_tables(document, page.number, page.start, page.end, layout, tables))
    return tables


def _page_tables(
    document: Document, number: int, start: int, end: int, layout: str, before: list[Table]
) -> list[Table]:
    """Find the tables of one page and map them onto that page's plain text (`before` holds
    the document's tables so far, for a table that continues one without its headers)."""
    lines = layout.split("\n")
    segments = [_segments(line) for line in lines]
    plain = document.text[start:end]
    tables = []
    previous_end = -1
    for run in _find_runs(segments):
        previous = tables[-1] if tables else before[-1] if before else None
        table = _build_table(run, segments, previous_end, plain, start, number, previous)
        if table is not None:
            tables.append(table)
        previous_end = run.last
    return tables


# Layout lines to segments and rows.


def _segments(line: str) -> list[_Segment]:
    """Split a layout line on 2+ spaces, gluing `$` to its number and `%` to its number."""
    raw = [_Segment(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(line)]
    merged: list[_Segment] = []
    pending: _Segment | None = None
    for seg in raw:
        if pending is not None:
            seg = _Segment(seg.x0, seg.x1, f"{pending.text} {seg.text}", pending.lead)
            pending = None
        if _PREFIX.match(seg.text):
            pending = seg
        elif _SUFFIX.match(seg.text) and merged and _is_number(merged[-1].text):
            last = merged[-1]
            merged[-1] = _Segment(last.x0, seg.x1, f"{last.text} {seg.text}")
        else:
            merged.append(seg)
    if pending is not None:
        merged.append(pending)
    return _join_continuations(_join_directions(merged))


# A header phrase broken by a wider gap still reads on (`Earnings per share -  diluted`): a
# segment ending in a connector joins the text right after it.
_CONNECTOR_END = re.compile(r"(?:[-–—&,/]|\b(?:and|of|per|for|the|in))$", re.IGNORECASE)
_CONTINUATION_GAP = 3  # spaces; columns in layout text sit further apart


def _join_continuations(segments: list[_Segment]) -> list[_Segment]:
    """Join a text segment ending in a connector with the word segment right after it."""
    joined: list[_Segment] = []
    for seg in segments:
        last = joined[-1] if joined else None
        if (
            last is not None
            and _CONNECTOR_END.search(last.text)
            and seg.x0 - last.x1 <= _CONTINUATION_GAP
            and not _is_number(last.text)
            and not _is_value(seg.text)
        ):
            joined[-1] = _Segment(last.x0, seg.x1, f"{last.text} {seg.text}", last.lead)
        else:
            joined.append(seg)
    return joined


def _join_directions(segments: list[_Segment]) -> list[_Segment]:
    """Join `down` and `36%` printed apart into one cell `down 36%`."""
    joined: list[_Segment] = []
    for seg in segments:
        if joined and _DIRECTION.match(joined[-1].text) and _is_number(seg.text):
            last = joined.pop()
            seg = _Segment(last.x0, seg.x1, f"{last.text} {seg.text}")
        joined.append(seg)
    return joined


def _is_number(text: str) -> bool:
    return parse_number(text) is not None


def _is_value(text: str) -> bool:
    """A number, a change such as `down 36%`, or a placeholder (`—`, `n/m`) in a number's place."""
    if text.endswith((",", ";")) or text.startswith(",") or ", " in text:
        return False  # `24,` in `as of September  24,  2022` is prose
    if _PLACEHOLDER.match(text) or _is_number(text):
        return True
    direction, _, rest = text.partition(" ")
    return bool(_DIRECTION.match(direction)) and _is_number(rest.replace("ppts", "").replace("pts", ""))


def _is_year_header(segments: list[_Segment]) -> bool:
    """A line of period headers such as `2022  2021  2020` (maybe after a stub)."""
    years = [seg for seg in segments if _YEAR.match(seg.text)]
    return len(years) >= 2 and not any(_is_number(s.text) for s in segments if not _YEAR.match(s.text))


def _line_row(index: int, segments: list[_Segment]) -> _LineRow | None:
    """Return the line as a row when it has a label-like start and mostly value cells."""
    # A year at the start of a line is a row label (`2023  $ 1,758  ...`), not a value.
    skip = 1 if len(segments) > 1 and _YEAR.match(segments[0].text) else 0
    first = next((i for i, seg in enumerate(segments) if i >= skip and _is_value(seg.text)), None)
    if first is None:
        return None
    values = segments[first:]
    numbers = [seg for seg in values if _is_number(seg.text)]
    value_like = [seg for seg in values if _is_value(seg.text)]
    if 2 * len(value_like) <= len(values):
        return None
    if numbers and all(_YEAR.match(seg.text) for seg in numbers):
        return None  # a header such as `2022  2021  2020` or `Q4 2022  Q4 2021`
    strong = any(not _FOOTNOTE.match(seg.text) for seg in numbers) and (
        len(value_like) >= 2 or bool(_AMOUNT.search(value_like[0].text))
    )
    if not strong and first == 0:
        return None
    return _LineRow(index, segments, values, strong)


def _find_runs(segments: list[list[_Segment]]) -> list[_Run]:
    """Group row-like lines into runs, allowing blank lines and short label lines between rows."""
    runs: list[_Run] = []
    run: _Run | None = None
    blanks = texts = 0
    for index, line in enumerate(segments):
        if not line:
            blanks += 1
            if run is not None and blanks > MAX_BLANK_LINES:
                runs.append(run)
                run = None
            continue
        blanks = 0
        if run is not None and _is_year_header(line):
            runs.append(run)  # a new header starts the next table
            run = None
            continue
        row = _line_row(index, line)
        if run is not None and row is not None and _overlaps_run(row, run):
            _extend_run(run, row)
            texts = 0
            continue
        if run is not None and _is_inner_text(line, run) and texts < MAX_TEXT_LINES:
            texts += 1
            continue
        if run is not None:
            runs.append(run)
            run = None
        if row is not None and row.strong:
            xs = [seg for seg in row.values if _is_value(seg.text)]
            run = _Run([row], min(s.x0 for s in xs), max(s.x1 for s in xs), index)
            texts = 0
    if run is not None:
        runs.append(run)
    return [r for r in runs if sum(row.strong for row in r.rows) >= 2]


def _overlaps_run(row: _LineRow, run: _Run) -> bool:
    """Whether any of the row's values sits within the run's value columns."""
    return any(seg.x1 >= run.x0 - 1 and seg.x0 <= run.x1 + 1 for seg in row.values if _is_value(seg.text))


def _extend_run(run: _Run, row: _LineRow) -> None:
    """Add a row; a new column may widen the run to the right (a label never widens it left)."""
    run.rows.append(row)
    run.last = row.index
    for seg in row.values:
        if _is_value(seg.text) and seg.x1 >= run.x0:
            run.x1 = max(run.x1, seg.x1)


def _is_inner_text(line: list[_Segment], run: _Run) -> bool:
    """A line inside a table: a section label left of the numbers, or a short line.

    A caption naming a unit (`... are as follows (in millions):`) starts the next table.
    """
    text = " ".join(seg.text for seg in line)
    if _SCALE_FALLBACK.search(text):
        return False
    return all(seg.x1 < run.x0 for seg in line) or len(text) <= SHORT_LINE_CHARS


# Columns and row layout.


def _find_columns(rows: list[_LineRow]) -> list[_Column]:
    """Cluster value cells by horizontal overlap; keep clusters that several rows use."""
    min_support = 2 if len(rows) >= 3 else 1
    numeric = _cluster(
        [(r.index, s) for r in rows for s in r.values if _is_value(s.text) and not _FOOTNOTE.match(s.text)]
    )
    supported = [c for c in numeric if len(c.rows) >= min_support]
    if not supported:
        return []
    # A lone number left of the columns is part of a long label (`... 15,943,425 shares issued`);
    # one to their right is a sparse column (a `Total` row's extra figure).
    columns = [c for c in numeric if len(c.rows) >= min_support or c.x0 > supported[0].x0]
    text_cells = []
    for row in rows:
        start = min(c.x0 for c in columns)
        text_cells += [
            (row.index, seg)
            for seg in row.values
            if seg.x0 >= start and not _is_value(seg.text) and _best_column(seg, columns) is None
        ]
    columns += [cluster for cluster in _cluster(text_cells) if len(cluster.rows) >= 2]
    return sorted(columns, key=lambda c: c.x0)


def _cluster(cells: list[tuple[int, _Segment]]) -> list[_Column]:
    """Merge cell extents that overlap into columns, remembering which rows used each."""
    columns: list[_Column] = []
    for row_index, seg in sorted(cells, key=lambda item: item[1].x0):
        if columns and seg.x0 <= columns[-1].x1:
            columns[-1].x1 = max(columns[-1].x1, seg.x1)
            columns[-1].lead = min(columns[-1].lead, seg.lead)
            columns[-1].rows.add(row_index)
        else:
            columns.append(_Column(seg.x0, seg.x1, {row_index}, seg.lead))
    return columns


def _best_column(seg: _Segment, columns: list[_Column], pad: int = 1) -> int | None:
    """Return the index of the column the segment overlaps most, or None."""
    best, best_overlap = None, 0
    for i, col in enumerate(columns):
        overlap = min(seg.x1, col.x1 + pad) - max(seg.x0, col.x0 - pad)
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _row_layout(row: _LineRow, columns: list[_Column]) -> _RowLayout | None:
    """Split a row into label, cells per column and filler; None if a value has no column."""
    label_end = len(row.segments) - len(row.values)  # text before the first value is label
    assigned = [None if i < label_end else _best_column(seg, columns) for i, seg in enumerate(row.segments)]
    first = next((i for i, col in enumerate(assigned) if col is not None), None)
    if first is None:
        return None
    cells: dict[int, list[_Segment]] = {}
    filler: list[_Segment] = []
    for seg, col in zip(row.segments[first:], assigned[first:], strict=True):
        if col is not None:
            cells.setdefault(col, []).append(seg)
        elif _FOOTNOTE.match(seg.text) or not _is_value(seg.text):
            filler.append(seg)
        else:
            return None  # a number between columns: we cannot say where it belongs
    if list(cells) != sorted(cells):
        return None
    return _RowLayout(row, row.segments[:first], cells, filler)


# Headers, title and unit.


def _header_lines(
    segments: list[list[_Segment]], first_row: int, stop: int, columns: list[_Column], label_right: int
) -> list[int]:
    """Return the indices of the header lines above a table, top to bottom."""
    found: list[int] = []
    skipped = blanks = 0
    index = first_row - 1
    while index > stop and len(found) < MAX_HEADER_LINES:
        line = segments[index]
        if not line:
            blanks += 1
            if found and blanks > 1:
                break
        elif _is_header_line(line, columns, label_right):
            found.append(index)
            blanks = 0
        elif not found and all(seg.x1 < columns[0].x0 for seg in line) and skipped < 3:
            skipped += 1  # a section label such as `Net sales:` between header and rows
        else:
            break
        index -= 1
    return sorted(found)


def _is_header_line(line: list[_Segment], columns: list[_Column], label_right: int) -> bool:
    """Text over the value columns, optionally with a stub (`(in millions)`) at the left."""
    text = " ".join(seg.text for seg in line)
    if _line_row(0, [seg for seg in line if not _FOOTNOTE.match(seg.text)]) is not None:
        return False
    if _UNIT_LINE.match(text) and len(line) == 1:
        return False
    if text.endswith(":"):
        return False  # a caption such as `... were as follows (dollars in millions):`
    over = [seg for seg in line if seg.x0 > label_right]
    if not over:
        return False
    for seg in over:
        if (
            len(seg.text) > MAX_HEADER_CELL_CHARS
            or seg.x1 < columns[0].lead - max(3, len(seg.text))
            or _CURRENCY.search(seg.text)
        ):
            return False  # a centred title, a caption, or a row whose values did not parse
    stub = [seg for seg in line if seg.x0 <= label_right]
    return all(seg.x1 < columns[0].x0 and len(seg.text) <= MAX_STUB_CHARS for seg in stub)


def _name_columns(header_cells: list[list[_Segment]], columns: list[_Column], stub: str) -> list[str]:
    """Give each column its header text, upper lines first.

    Each header cell belongs to the column whose zone (the span between the
    midpoints to its neighbours) holds its centre, or to several when it
    clearly straddles a boundary. A group header (`GAAP  Non-GAAP`, `Three
    Months Ended  Nine Months Ended`) or a lone period header (`Years ended`,
    `2023`) is spread over the columns nearest to it, because layout text
    squeezes headers that span columns. A period stub (`Quarters Ended March
    31,` left of `2023  2022`) prefixes every column.
    """
    zones = _zones(columns)
    headers: list[list[str]] = [[] for _ in columns]
    for position, line in enumerate(header_cells):
        owners = _spread(line, header_cells[position + 1 :], columns, zones)
        for i, cells in owners.items():
            headers[i].extend(seg.text for seg in cells)
    period = stub if _PERIOD_WORDS.search(stub) and not _UNIT_LINE.match(stub) else ""
    return [_clean_header(" ".join([period, *texts])) for texts in headers]


def _mark_named(bottom: list[_Segment], columns: list[_Column]) -> None:
    """Flag the columns that the header line nearest the numbers names directly."""
    zones = _zones(columns)
    for seg in bottom:
        for i in _zones_of(seg, zones):
            columns[i].named = True


def _zones(columns: list[_Column]) -> list[tuple[float, float]]:
    """Split the x-axis between columns at the midpoints of the gaps between them."""
    bounds = [(a.x1 + b.x0) / 2 for a, b in zip(columns, columns[1:], strict=False)]
    lows = [float("-inf"), *bounds]
    highs = [*bounds, float("inf")]
    return list(zip(lows, highs, strict=True))


def _zones_of(seg: _Segment, zones: list[tuple[float, float]]) -> list[int]:
    """The zone holding the segment's centre, plus any zone it clearly straddles into."""
    centre = (seg.x0 + seg.x1) / 2
    width = max(seg.x1 - seg.x0, 1)
    found = []
    for i, (low, high) in enumerate(zones):
        overlap = min(seg.x1, high) - max(seg.x0, low)
        if low <= centre < high or (overlap >= 3 and overlap >= 0.2 * width):
            found.append(i)
    return found


def _spread(
    line: list[_Segment],
    below: list[list[_Segment]],
    columns: list[_Column],
    zones: list[tuple[float, float]],
) -> dict[int, list[_Segment]]:
    """Map column index to the header cells of one line that name it."""
    owners: dict[int, list[_Segment]] = {}
    for seg in line:
        for i in _zones_of(seg, zones):
            owners.setdefault(i, []).append(seg)
    if not line or not below:
        return owners  # the bottom line names only the columns under its cells
    if len(line) == 1 and (_PERIOD_WORDS.search(line[0].text) or _YEAR.match(line[0].text)):
        return {i: line for i in range(len(columns))}
    # Group headers sit above sub-headers that name every column (on one line or spread over
    # the lines below: `Net Income` over `Excluding …` over `2023  2022  Inc/ (Dec) …`);
    # stacked one-column headers do not.
    named_below = {i for below_line in below for seg in below_line for i in _zones_of(seg, zones)}
    if len(line) >= 2 and 2 * len(line) <= len(columns) and len(named_below) == len(columns):
        blocks = _even_blocks(line, columns)
        if blocks is not None:
            return {i: [seg] for i, seg in enumerate(blocks)}
    return owners


def _even_blocks(line: list[_Segment], columns: list[_Column]) -> list[_Segment] | None:
    """Split columns evenly between group headers (`GAAP` x3, `Non-GAAP` x3) when that fits.

    Returns the header of each column, or None when the columns do not divide
    evenly or a header is not centred over its own block of columns.
    """
    if len(columns) % len(line):
        return None
    size = len(columns) // len(line)
    ordered = sorted(line, key=lambda seg: seg.x0)
    for k, seg in enumerate(ordered):
        low, high = columns[k * size].lead, columns[(k + 1) * size - 1].x1
        centre, margin = (seg.x0 + seg.x1) / 2, 0.15 * (high - low)
        if not low + margin <= centre <= high - margin:
            return None
    return [seg for seg in ordered for _ in range(size)]


def _clean_header(text: str) -> str:
    """Collapse spaces and restore the space layout mode drops in `July 1,2023`."""
    return _DATE_COMMA.sub(", ", " ".join(text.split()))


def _find_title(segments: list[list[_Segment]], top: int, stop: int) -> tuple[str, list[str]]:
    """Return the nearest caption-like line above `top` and the lines passed on the way."""
    passed: list[str] = []
    index = top - 1
    while index > stop and len(passed) < MAX_TITLE_LOOKBACK:
        line = segments[index]
        text = " ".join(seg.text for seg in line)
        index -= 1
        if not text:
            continue
        passed.append(text)
        if _is_title(text, line):
            return _TRAILING_FOOTNOTE.sub("", text), passed
    return "", passed


def _is_title(text: str, line: list[_Segment]) -> bool:
    """A caption: a short line (or a longer one ending in `:`), not a note, footnote, page header or row."""
    limit = MAX_CAPTION_CHARS if text.endswith(":") else MAX_TITLE_CHARS
    if sum(ch.isalpha() for ch in text) < 3 or len(text) > limit or _UNIT_LINE.match(text):
        return False
    if text[0].islower() or text.endswith((".", ",", ";")) or _NOT_A_TITLE.search(text):
        return False
    return _line_row(0, line) is None


def _find_table_unit(texts: list[str]) -> str | None:
    """Return the unit named near the table, e.g. `million` for `(In millions, ...)`."""
    for text in texts:
        unit = find_unit(text)
        if unit:
            return unit
    for text in texts:
        m = _SCALE_FALLBACK.search(text)
        if m:  # `Dollars and shares in millions, ...` has no parenthesis for find_unit
            currency = f"{m.group('cur')} " if m.group("cur") else ""
            return find_unit(f"({currency}in {m.group('scale')})")
    return None


# Mapping rows onto the plain text.


def _tokens(text: str) -> str:
    """Regex for text whose words may be spaced differently in plain and layout mode."""
    return r"[ \t]*".join(re.escape(token) for token in text.split())


def _row_pattern(layout: _RowLayout, with_label: bool) -> re.Pattern[str]:
    """Regex matching the row as one plain-text line; cells captured as `c<column>`."""
    parts: list[tuple[int, str]] = []
    for seg in layout.filler:
        parts.append((seg.x0, f"(?:{_tokens(seg.text)})"))
    for col, segs in layout.cells.items():
        body = r"[ \t]+".join(_tokens(seg.text) for seg in segs)
        parts.append((segs[0].x0, f"(?P<c{col}>{body})"))
    body = r"[ \t]+".join(p for _, p in sorted(parts))
    if with_label and layout.label:
        label = r"[ \t]+".join(_tokens(seg.text) for seg in layout.label)
        return re.compile(rf"^[ \t]*(?P<label>{label})[ \t]+{body}[ \t]*$", re.MULTILINE)
    return re.compile(rf"^(?P<prefix>[^\n]*?)(?:^|(?<=[ \t])){body}[ \t]*$", re.MULTILINE)


def _locate(pattern: re.Pattern[str], plain: str, cursor: int) -> re.Match[str] | None:
    """First match at or after `cursor`, else the only match on the page."""
    found = pattern.search(plain, cursor)
    if found is not None:
        return found
    matches = list(pattern.finditer(plain))
    return matches[0] if len(matches) == 1 else None


def _match_row(layout: _RowLayout, plain: str, cursor: int) -> re.Match[str] | None:
    """Find the row's line in the page's plain text: label and cells, else cells alone.

    Matching on cells alone needs two cells and a single candidate line on the page.
    """
    match = _locate(_row_pattern(layout, with_label=True), plain, cursor)
    if match is not None or len(layout.cells) < 2:
        return match
    matches = list(_row_pattern(layout, with_label=False).finditer(plain))
    return matches[0] if len(matches) == 1 else None


def _table_row(
    layout: _RowLayout, match: re.Match[str], names: list[str], plain: str, offset: int, page: int
) -> TableRow:
    """Build a TableRow whose spans index the document text (`offset` is the page start)."""
    cells = []
    for col in sorted(layout.cells):
        start, end = match.span(f"c{col}")
        cells.append(
            Cell(names[col], plain[start:end], parse_number(plain[start:end]), offset + start, offset + end)
        )
    line = plain[match.start() : match.end()]
    start = match.start() + len(line) - len(line.lstrip())
    end = match.end() - (len(line) - len(line.rstrip()))
    groups = match.groupdict()
    if groups.get("label") is not None:
        label = groups["label"]
    else:
        # Matched on values alone: the plain line's own text before them is its label,
        # unless it is just the tail of the layout label that plain mode wrapped.
        prefix = (groups.get("prefix") or "").strip()
        layout_label = " ".join(seg.text for seg in layout.label)
        squeezed = "".join(layout_label.split())
        label = layout_label if not prefix or squeezed.endswith("".join(prefix.split())) else prefix
    label = _TRAILING_FOOTNOTE.sub("", " ".join(label.split()))
    if layout.label_prefix:
        label = f"{layout.label_prefix} {label}"
    return TableRow(under_heading(layout.section, label), cells, offset + start, offset + end, page)


def _wrapped_label(segments: list[list[_Segment]], layout: _RowLayout, columns: list[_Column]) -> str:
    """Return the first half of a label that wrapped onto the line above, or ""."""
    label = " ".join(seg.text for seg in layout.label)
    index = layout.line.index - 1
    if not label[:1].islower() or index < 0:
        return ""
    above = segments[index]
    text = " ".join(seg.text for seg in above)
    if not above or text.endswith(":") or any(seg.x1 >= columns[0].lead for seg in above):
        return ""
    return text


@dataclass
class _Section:
    """A section line over a block of rows, where it starts and how far its rows are indented."""

    text: str
    x0: int
    row_x0: int | None = None


def _section_above(
    segments: list[list[_Segment]],
    layout: _RowLayout,
    row_lines: set[int],
    columns: list[_Column],
    current: _Section | None,
) -> _Section | None:
    """The section a row sits under: the label-only line right above it (`Cost of sales:`),
    else the current section when the row follows the previous one directly, else none.

    A blank line or any other text between rows ends a section, and so does a row
    back at the section line's indent when its first row was indented; a `Total`
    row closes it (handled by the caller). The line a wrapped label started on is
    not a section, and a section line that wrapped (`..., net of` over `tax:`) is joined.
    """
    x0 = layout.label[0].x0 if layout.label else columns[0].x0
    index = layout.line.index - 1
    if " ".join(seg.text for seg in layout.label)[:1].islower():
        index -= 1  # the line above holds the first half of this label
    if index < 0 or index in row_lines:
        if current is None or current.row_x0 is None:
            return current
        back_out = current.row_x0 > current.x0 + 1 and x0 <= current.x0 + 1
        return None if back_out else current
    found = _section_line(segments, index, columns)
    if found is None:
        return None
    text, start = found
    if text[:1].islower() and index - 1 not in row_lines:
        above = _section_line(segments, index - 1, columns, MAX_TITLE_CHARS)
        if above is not None:
            text, start = f"{above[0]} {text}", above[1]
    return _Section(_TRAILING_FOOTNOTE.sub("", text).rstrip(" :"), start, x0)


def _section_line(
    segments: list[list[_Segment]], index: int, columns: list[_Column], max_chars: int = MAX_STUB_CHARS
) -> tuple[str, int] | None:
    """The text and indent of line `index` when it is a section line, else None."""
    if index < 0 or not segments[index]:
        return None
    line = segments[index]
    text = " ".join(seg.text for seg in line)
    return (text, line[0].x0) if _is_section_line(line, text, columns, max_chars) else None


def _is_section_line(line: list[_Segment], text: str, columns: list[_Column], max_chars: int) -> bool:
    """A short label alone left of the value columns: `Operating activities:`, `Net sales:`."""
    if len(text) > max_chars or sum(ch.isalpha() for ch in text) < 3 or _UNIT_LINE.match(text):
        return False
    if text.endswith((".", ",", ";")) or _PERIOD_WORDS.search(text) and not text.endswith(":"):
        return False
    return all(seg.x1 < columns[0].lead for seg in line)


# A second text column must recur on this many rows (and on half of them): a label that layout
# mode broke once at a wide space is not a column.
_TEXT_COLUMN_MIN_ROWS = 3


def _split_text_column(layouts: list[_RowLayout], columns: list[_Column]) -> list[_Column]:
    """Split a text column printed between the labels and the values (`Name  Position  Award`)
    off the labels, where layout mode left it: its cells become the table's first column (the
    layouts are updated in place; the columns with the new one first are returned)."""
    starts = Counter(
        lay.label[-1].x0 for lay in layouts if len(lay.label) >= 2 and not _is_value(lay.label[-1].text)
    )
    if not starts:
        return columns
    x0, count = starts.most_common(1)[0]
    if count < max(_TEXT_COLUMN_MIN_ROWS, (len(layouts) + 1) // 2):
        return columns
    moved = [lay for lay in layouts if len(lay.label) >= 2 and lay.label[-1].x0 == x0]
    text = _Column(x0, max(lay.label[-1].x1 for lay in moved), {lay.line.index for lay in moved}, x0)
    for lay in layouts:
        lay.cells = {i + 1: segs for i, segs in lay.cells.items()}
    for lay in moved:
        lay.cells = {0: [lay.label.pop()], **lay.cells}
    return [text, *columns]


def _label_right(layouts: list[_RowLayout], columns: list[_Column]) -> int:
    """Where row labels end: header text right of this sits over the columns.

    Numbers stranded in a label (`... 15,943,425 shares`) and labels that layout
    mode ran into the first column (`respectively70,667`) do not count.
    """
    ends = [
        seg.x1 for lay in layouts for seg in lay.label if not _is_value(seg.text) and seg.x1 < columns[0].lead
    ]
    return max(ends, default=0)


def _build_table(
    run: _Run,
    segments: list[list[_Segment]],
    stop: int,
    plain: str,
    offset: int,
    page: int,
    previous: Table | None = None,
) -> Table | None:
    """Turn a run of layout rows into a Table mapped onto the plain text, or None."""
    columns = _find_columns(run.rows)
    if not columns:
        return None
    layouts = [lay for lay in (_row_layout(row, columns) for row in run.rows) if lay is not None]
    if len(layouts) < 2:
        return None
    columns = _split_text_column(layouts, columns)
    label_right = _label_right(layouts, columns)
    header_lines = _header_lines(segments, layouts[0].line.index, stop, columns, label_right)
    header_cells = [[seg for seg in segments[i] if seg.x0 > label_right] for i in header_lines]
    stub = " ".join(seg.text for i in header_lines for seg in segments[i] if seg.x0 <= label_right)
    if header_cells:
        _mark_named(header_cells[-1], columns)
    _merge_unnamed_columns(columns, layouts)
    names = _name_columns(header_cells, columns, stub)
    continued = _continues(names, previous, page)
    if continued:
        names = list(previous.columns)
    top = header_lines[0] if header_lines else layouts[0].line.index
    title, passed = _find_title(segments, top, stop)
    if not title and stub and not _PERIOD_WORDS.search(stub) and not _UNIT_LINE.match(stub):
        title = stub  # `Business Unit Revenue and Trends  Q4 2022  ...`: the stub names the table
    header_texts = [_clean_header(" ".join(seg.text for seg in segments[i])) for i in header_lines]
    unit = _find_table_unit([*header_texts, stub, *passed])
    if continued:
        title, unit = title or previous.title, unit or previous.unit

    rows: list[TableRow] = []
    cursor = 0
    used: set[int] = set()
    row_lines = {lay.line.index for lay in layouts}
    section: _Section | None = None
    for layout in layouts:
        section = _section_above(segments, layout, row_lines, columns, section)
        if section is not None and section.text in {row.label for row in rows}:
            section = None  # layout mode printed a row's label on a line of its own
        layout.section = section.text if section else ""
        if TOTAL.match(" ".join(seg.text for seg in layout.label)):
            section = None  # `Total net sales` closes the `Net sales:` block
        match = _match_row(layout, plain, cursor)
        if match is None or match.start() in used:
            continue  # never guess: a row we cannot place in the plain text is left out
        used.add(match.start())
        if layout.line.index - 1 not in row_lines:
            layout.label_prefix = _wrapped_label(segments, layout, columns)
        row = _table_row(layout, match, names, plain, offset, page)
        rows.append(row)
        cursor = row.end - offset
    if len(rows) < 2:
        return None
    return Table(
        kind="layout",
        title=title,
        unit=unit,
        columns=names,
        rows=rows,
        start=min(r.start for r in rows),
        end=max(r.end for r in rows),
        section=title,
        page=page,
        header_text="\n".join(header_texts),
    )


def _continues(names: list[str], previous: Table | None, page: int) -> bool:
    """Whether a table printed without column headers continues `previous`: the table just
    before it (on this page or the last) with as many columns, all of them named."""
    if previous is None or any(names) or len(names) != len(previous.columns):
        return False
    return all(previous.columns) and page - (previous.page or page) <= 1


def _merge_unnamed_columns(columns: list[_Column], layouts: list[_RowLayout]) -> None:
    """Fold a column without a header into a neighbour that never shares a row with it.

    Layout mode may print a column's percentages a few characters away from its
    amounts, which splits one printed column in two; the half without a header
    joins the nearest neighbour it never collides with (a named one first).
    """
    changed = True
    while changed:
        changed = False
        for i in range(len(columns)):
            if columns[i].named:
                continue
            rows_i = {k for k, lay in enumerate(layouts) if i in lay.cells}
            candidates = [
                j
                for j in (i - 1, i + 1)
                if 0 <= j < len(columns)
                and not rows_i & {k for k, lay in enumerate(layouts) if j in lay.cells}
            ]
            if candidates:
                target = min(candidates, key=lambda j: (not columns[j].named, _gap(columns[i], columns[j])))
                _fold_column(columns, layouts, i, target)
                changed = True
                break


def _gap(a: _Column, b: _Column) -> int:
    return max(a.x0 - b.x1, b.x0 - a.x1, 0)


def _fold_column(columns: list[_Column], layouts: list[_RowLayout], source: int, target: int) -> None:
    """Move column `source`'s cells into `target` and renumber the columns after it."""
    columns[target].x0 = min(columns[target].x0, columns[source].x0)
    columns[target].x1 = max(columns[target].x1, columns[source].x1)
    columns[target].lead = min(columns[target].lead, columns[source].lead)
    del columns[source]
    for lay in layouts:
        moved: dict[int, list[_Segment]] = {}
        for col, segs in lay.cells.items():
            new = target if col == source else col
            new = new - 1 if new > source else new
            moved.setdefault(new, []).extend(segs)
        lay.cells = dict(sorted(moved.items()))
