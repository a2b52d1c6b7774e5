"""Printed lines that wrap inside a sentence, read as the one line they are.

A PDF's text keeps the page's line breaks: `... stock options was $16.7` on one line and
`billion, which the Company expects ...` on the next. Read line by line, the figure loses
its scale, and a figure on the second line loses the words that name it on the first. A
break is a wrap when the line before it ends no sentence, list item or heading and the next
line goes on in lower case (`billion`, `million customers`, `compared with`); lines of a
table written as text (tab-separated) are never joined. The joined line keeps every offset
of the text: each wrap stands as one space where the break was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line ending so closes its sentence, list item or heading lead-in.
_CLOSED = re.compile(r"[.!?:;]\s*$")
_GOES_ON = re.compile(r"^\s*[a-z]")


@dataclass(frozen=True)
class LogicalLine:
    """Printed lines read as one: where it starts in the text, its text with each wrap as a
    space, and the printed lines it joins."""

    start: int
    text: str
    printed: tuple[str, ...]


def logical_lines(text: str) -> list[LogicalLine]:
    """The lines of `text` with wrapped ones joined (see the module docstring); empty lines
    stay lines of their own."""
    out: list[LogicalLine] = []
    offset = 0
    for line in text.split("\n"):
        if out and _wraps(out[-1].printed[-1], line):
            last = out[-1]
            out[-1] = LogicalLine(last.start, f"{last.text} {line}", (*last.printed, line))
        else:
            out.append(LogicalLine(offset, line, (line,)))
        offset += len(line) + 1
    return out


def _wraps(before: str, line: str) -> bool:
    """Whether the break between printed line `before` and `line` is a wrap."""
    if not before.strip() or not line.strip() or "\t" in before or "\t" in line:
        return False
    return not _CLOSED.search(before) and _GOES_ON.match(line) is not None
