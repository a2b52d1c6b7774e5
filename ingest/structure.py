"""Split document text into blocks: headings, paragraphs, list items and tables.

Works line by line on the exported text. A run of table lines (markdown pipes
or tab-separated cells) becomes one `table` block; every other non-blank line
is a heading, a list item or a paragraph line. Each block knows its section:
the nearest heading above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ingest.models import Block, Document
from ingest.numbers import find_amounts

_BULLET = re.compile(r"^\s*(?:[-*+]\s|[•◆◇■□●○➤➢▪►→※]|\d{1,2}[.)]\s|\(\d{1,2}\)\s)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*\S)\s*$")
_BOLD_LINE = re.compile(r"^\s*\*\*(?P<t>[^*].*?)\*\*\s*$", re.S)
_SEPARATOR = re.compile(r"^[\s|:\-–—_=\t]+$")
# Exports often drop the roman numeral of `II-1.`, leaving `-1. Title` or `. Title`.
_NUMBERED_HEADING = re.compile(
    r"^\s*(?:[IVXⅠⅡⅢⅣⅤ]*\s?-\s?\d+\.|[IVXⅠⅡⅢⅣⅤ]+\s?\.|\d+(?:\.\d+)*\.|\.)\s*[A-Z(]"
)
_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?$")
_UNIT_LINE = re.compile(r"^\s*\(?\s*unit\s*[:：]", re.I)


@dataclass
class Line:
    """One line of the document with its span (newline excluded)."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Split text into lines with character spans into `text`."""
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append(Line(pos, pos + len(raw), raw))
        pos += len(raw) + 1
    return lines


def repeated_lines(lines: list[Line], times: int = 3) -> set[str]:
    """Short lines that recur through the document: page footers and running titles."""
    counts = Counter(line.text.strip() for line in lines if 0 < len(line.text.strip()) <= 80)
    return {text for text, n in counts.items() if n >= times}


def is_table_line(line: str) -> bool:
    """A markdown pipe row, a tab-separated row or a dashed separator under one."""
    if is_pipe_line(line):
        return True
    return "\t" in line.strip(" ") and bool(line.replace("\t", "").strip()) or _is_tab_separator(line)


def is_pipe_line(line: str) -> bool:
    """A markdown pipe row with outer pipes (`| a | b |`) or a separator row (`---|---`)."""
    stripped = line.strip()
    return (stripped.startswith("|") and stripped.count("|") >= 2) or bool(_PIPE_SEPARATOR.match(stripped))


def _is_tab_separator(line: str) -> bool:
    return "\t" in line and bool(_SEPARATOR.match(line)) and "-" in line


def heading_text(line: str, prev_blank: bool, next_blank: bool) -> str | None:
    """Return the heading text if the line reads as a heading or slide title."""
    m = _MD_HEADING.match(line)
    if m:
        return m.group(2).strip("* ").strip()
    m = _BOLD_LINE.match(line)
    if m:
        return re.sub(r"\s+", " ", m.group("t")).strip()
    stripped = line.strip()
    if not stripped or _BULLET.match(line) or _UNIT_LINE.match(line) or len(stripped) > 90:
        return None
    if _NUMBERED_HEADING.match(stripped):
        return stripped
    if not (prev_blank and next_blank):
        return None
    if stripped[-1] in ".,;:" or stripped.startswith(("(", "<", "[", "“", '"')):
        return None
    letters = [ch for ch in stripped if ch.isalpha()]
    if len(letters) < 3 or not stripped[0].isupper() and not stripped[0].isdigit():
        return None
    if sum(ch.isdigit() for ch in stripped) > len(letters) or _states_money(stripped):
        return None
    return stripped


# What may follow a line's last figure and leave it a key-figure line: a note in parentheses
# (`(+12.5%)`) and what the figure is per (`per share`).
_FIGURE_TAIL = re.compile(r"\s*(?:\([^()]*\))?\s*(?:per\s+[A-Za-z]+)?\s*[.)]?\s*")


def _states_money(line: str) -> bool:
    """Whether a line reads as a release's key-figure line, not a heading over what follows:
    it ends in a sum of money or a scaled figure (`Operating income: JPY1,700 million (+12.5%)`,
    `Dividend: USD 0.40 per share`) or states several (`Revenues JPY32,275 million (…) JPY33,500
    million`, `EPS $ 2.45 $ 1.48`).
    A heading may open with one (`$1 Billion Buyback Program`)."""
    sums = [a for a in find_amounts(line) if not a.is_year and (a.currency or a.scale != 1)]
    return len(sums) >= 2 or bool(sums) and bool(_FIGURE_TAIL.fullmatch(line[sums[-1].end :]))


def parse_blocks(document: Document) -> list[Block]:
    """Split a document into blocks with spans, pages and section paths."""
    lines = split_lines(document.text)
    boilerplate = repeated_lines(lines)
    blocks: list[Block] = []
    section_path: list[tuple[int, str]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            i += 1
            continue
        if "|" in line.text and i + 1 < len(lines) and _PIPE_SEPARATOR.match(lines[i + 1].text.strip()):
            j = _pipe_run_end(lines, i)
            blocks.append(_block(document, "table", lines[i].start, lines[j - 1].end, section_path))
            i = j
            continue
        if is_table_line(line.text):
            j = _table_run_end(lines, i)
            if j - i >= 2 or _cell_count(line.text) >= 3:
                blocks.append(_block(document, "table", lines[i].start, lines[j - 1].end, section_path))
                i = j
                continue
        prev_blank = i == 0 or not lines[i - 1].text.strip()
        next_blank = i + 1 >= len(lines) or not lines[i + 1].text.strip()
        heading = (
            None if line.text.strip() in boilerplate else heading_text(line.text, prev_blank, next_blank)
        )
        if heading:
            _push_heading(section_path, _heading_level(line.text), heading)
            blocks.append(_block(document, "heading", *_trimmed(line), section_path))
        elif _BULLET.match(line.text):
            blocks.append(_block(document, "list_item", *_trimmed(line), section_path))
        else:
            blocks.append(_block(document, "paragraph", *_trimmed(line), section_path))
        i += 1
    return blocks


def _table_run_end(lines: list[Line], i: int) -> int:
    """Return the index just past a run of table lines starting at `i`.

    Tab-separated and pipe tables do not mix in one run, and a single blank line
    inside a tab-separated run (between two table lines) does not end it.
    """
    pipe = lines[i].text.strip().startswith("|")
    j = i
    while j < len(lines):
        text = lines[j].text
        if text.strip() and is_table_line(text) and text.strip().startswith("|") == pipe:
            j += 1
            continue
        break
    return j


def _pipe_run_end(lines: list[Line], i: int) -> int:
    """Return the index past a pipe table whose rows may lack outer pipes."""
    j = i
    while j < len(lines) and "|" in lines[j].text and "\t" not in lines[j].text:
        j += 1
    return j


def _cell_count(line: str) -> int:
    stripped = line.strip()
    if stripped.startswith("|"):
        return stripped.strip("|").count("|") + 1
    return len([c for c in line.split("\t") if c.strip()])


def _heading_level(line: str) -> int:
    m = _MD_HEADING.match(line)
    return len(m.group(1)) if m else 1


def _push_heading(path: list[tuple[int, str]], level: int, text: str) -> None:
    while path and path[-1][0] >= level:
        path.pop()
    path.append((level, text))


def _trimmed(line: Line) -> tuple[int, int]:
    """Span of the line without leading and trailing white space."""
    lead = len(line.text) - len(line.text.lstrip())
    return line.start + lead, line.start + len(line.text.rstrip())


def _block(document: Document, kind: str, start: int, end: int, path: list[tuple[int, str]]) -> Block:
    section = " > ".join(text for _, text in path)
    return Block(kind=kind, start=start, end=end, section=section, page=document.page_at(start))
