"""Rows under a heading row: `Continuing operations` over `Revenue`, `Gross profit`.

A text table often groups its rows under a label-only row. The rows below carry that
heading in their label (`Continuing operations: Gross profit`), as layout tables of PDFs
do, so a question naming the group lands on the grouped row and two `Gross profit` rows
of one table are told apart.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.models import TableRow
from ingest.periods import parse_period
from ingest.tables.unit import find_unit

# `Total net sales` closes the `Net sales` group it sums.
TOTAL = re.compile(r"^\s*total\b", re.IGNORECASE)
_TRAILING = re.compile(r"[\s:]+$")


def under_headings(rows: list[TableRow]) -> list[TableRow]:
    """The rows with the heading they sit under joined to their label (the heading rows
    themselves unchanged). A heading holds until the next heading or a `Total` row. A
    label-only line followed by a row whose label goes on in lower case (`Common stock,
    authorized` over `issued and outstanding  1,200`) is that label's first half, not a heading,
    unless it ends with a colon (`Net sales by category:` heads what follows)."""
    heading, outer, wrapped = "", "", ""
    out = []
    for row in rows:
        if _is_heading(row):
            outer, heading = heading, _TRAILING.sub("", row.label)
            wrapped = "" if row.label.rstrip().endswith(":") else row.label
            out.append(row)
            continue
        label = row.label
        if wrapped and label[:1].islower():
            label, heading = f"{wrapped} {label}", outer
        wrapped = ""
        label = under_heading(heading, label)
        if TOTAL.match(row.label):
            heading = ""
        out.append(replace(row, label=label) if label != row.label else row)
    return out


def under_heading(heading: str, label: str) -> str:
    """`label` named with the heading it sits under (`Net sales: Products`), unless it already
    says it (`Total net sales` under `Net sales`) or either is empty."""
    if heading and label and heading.lower() not in label.lower():
        return f"{heading}: {label}"
    return label


def _is_heading(row: TableRow) -> bool:
    """A row with a label and no cells that is not a unit line (`JPY millions`) or a period."""
    return not row.cells and is_heading_label(row.label)


def is_heading_label(label: str) -> bool:
    """Whether a label-only row's label heads a group: not empty, not a unit line (`JPY
    millions`), not a period (`Year ended March 31`)."""
    label = label.strip()
    return bool(label) and not find_unit(label) and parse_period(label) is None


def own_label(label: str, headings: list[str]) -> str:
    """A row label without the heading it was joined to (`Net revenue` of `Ongoing: Net
    revenue`), given the labels of its table's heading rows."""
    for heading in headings:
        prefix = _TRAILING.sub("", heading) + ": "
        if label.startswith(prefix):
            return label[len(prefix) :]
    return label
