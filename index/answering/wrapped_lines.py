"""Printed lines that wrap inside a sentence, read as the one line they are.

A PDF's text keeps the page's line breaks: `... stock options was $16.7` on one line and
`billion, which the Company expects ...` on the next. Read line by line, the figure loses
its scale, and a figure on the second line loses the words that name it on the first. A
break is a wrap when the line before it reached the width of the text (a shorter line ended
where its writer ended it: a list item, a heading), ends no sentence, list item or heading,
and the next line goes on in lower case (`billion`, `million customers`, `compared with`).
Lines of a table written as text are never joined: tab-separated, or a line closing on two
figures (`gross 5,000 4,800`, a row's columns). The joined line keeps every offset of the text: each
wrap stands as one space where the break was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line ending so closes its sentence, list item or heading lead-in.
_CLOSED = re.compile(r"[.!?:;]\s*$")
_GOES_ON = re.compile(r"^\s*[a-z]")
# A printed line at least this share of the text's longest line reached the width it was set
# in and may wrap; PDF prose wraps within a few characters of the full width.
WRAP_WIDTH_SHARE = 0.6


@dataclass(frozen=True)
class LogicalLine:
    """Printed lines read as one: where it starts in the text, its text with each wrap as a
    space, and the printed lines it joins with where each starts in `text`."""

    start: int
    text: str
    printed: tuple[str, ...]
    printed_starts: tuple[int, ...]

    def printed_within(self, start: int, end: int) -> tuple[str, ...]:
        """The printed lines that hold some of `text[start:end]`."""
        return tuple(
            line
            for line, at in zip(self.printed, self.printed_starts, strict=True)
            if at < end and at + len(line) > start
        )


def logical_lines(text: str) -> list[LogicalLine]:
    """The lines of `text` with wrapped ones joined (see the module docstring); empty lines
    stay lines of their own."""
    printed = text.split("\n")
    width = WRAP_WIDTH_SHARE * max(len(line.rstrip()) for line in printed)
    out: list[LogicalLine] = []
    offset = 0
    for line in printed:
        last = out[-1] if out else None
        if last is not None and _wraps(last.printed[-1], line, width):
            out[-1] = LogicalLine(
                last.start,
                f"{last.text} {line}",
                (*last.printed, line),
                (*last.printed_starts, len(last.text) + 1),
            )
        else:
            out.append(LogicalLine(offset, line, (line,), (0,)))
        offset += len(line) + 1
    return out


def _wraps(before: str, line: str, width: float) -> bool:
    """Whether the break between printed line `before` and `line` is a wrap."""
    if not before.strip() or not line.strip() or "\t" in before or "\t" in line:
        return False
    if len(before.rstrip()) < width or _closes_on_columns(before):
        return False
    return not _CLOSED.search(before) and _GOES_ON.match(line) is not None


def _closes_on_columns(line: str) -> bool:
    """Whether a line ends on two figures with no word between them (a table row's columns); a
    figure closed by a comma is prose going on (`April 1, 2023, $3.1`, `52%, 11%`)."""
    words = line.split()
    return (
        len(words) >= 2
        and all(any(c.isdigit() for c in w) and not any(c.isalpha() for c in w) for w in words[-2:])
        and not words[-2].endswith(",")
    )
