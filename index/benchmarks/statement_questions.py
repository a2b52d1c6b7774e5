"""Statement-line questions from blind-recorded statement cells (`tests/data/pdf_cells.jsonl`).

Each recorded cell of a period column (a fiscal year, a quarter, nine months, a balance-sheet
date) becomes one question in the plain form an analyst or an XBRL lookup uses: the company,
the line item (with the section it sits under) and the period as the cell's recorder wrote
it. The gold answer is the recorded value and the gold page its page. Change, guidance and
percentage columns are left out: they are not statement lines. The questions are generated,
not tuned on: they measure whether a statement line is found and read from the right column.
"""

from __future__ import annotations

import re

from index.benchmarks.cell_alignment import GoldCell

# The period words of a statement column; anything else (a change, a guidance range) is skipped.
_DURATION = re.compile(
    r"^(fiscal year|three months|six months|nine months|twelve months|quarter|year)s? ended "
)
_INSTANT = re.compile(r"^as of ")
_COMPANIES = {
    "APPLE": "Apple",
    "INTEL": "Intel",
    "MCDONALDS": "McDonald's",
    "PG_E": "PG&E",
    "EBAY": "eBay",
}


def company_of(doc: str) -> str | None:
    """The company a shared PDF's file name is about (`APPLE_2022_10K.pdf` is Apple)."""
    return next((name for prefix, name in _COMPANIES.items() if doc.startswith(prefix + "_")), None)


def possessive(name: str) -> str:
    """`Apple's`, `McDonald's` (a name already ending in 's stays as it is)."""
    return name if name.endswith("'s") else f"{name}'s"


def line_item(cell: GoldCell) -> str:
    """The line item with the section it sits under, when it has one (`Services` under
    `Net sales:` reads `Services (Net sales)`)."""
    parent = cell.parent_label.strip().rstrip(":").strip()
    label = cell.row_label.strip()
    if not parent or parent.lower() in label.lower():
        return label
    return f"{label} ({parent})"


def question_for(cell: GoldCell) -> str | None:
    """The question asking for this cell, or None when it is not a statement-line figure."""
    company = company_of(cell.doc)
    if company is None or cell.unit == "percent" or not re.search(r"\d", cell.value):
        return None
    if _DURATION.match(cell.period):
        return f"What was {possessive(company)} {line_item(cell)} for the {cell.period}?"
    if _INSTANT.match(cell.period):
        return f"What was {possessive(company)} {line_item(cell)} {cell.period}?"
    return None


def statement_questions(cells: list[GoldCell]) -> list[dict]:
    """Gold items (the format of `shared/eval/dev.jsonl`) for every statement-line cell."""
    items = []
    for n, cell in enumerate(cells, start=1):
        question = question_for(cell)
        if question is None:
            continue
        items.append(
            {
                "id": f"statement-{n:03d}",
                "question": question,
                "answer": cell.value,
                "answer_variants": [],
                "doc": cell.doc,
                "page": cell.page,
                "also_in": [],
                "kind": "statement_line",
            }
        )
    return items
