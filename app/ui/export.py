"""The current result as JSON and CSV files, for an audit trail."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

from index.citations import Citation
from index.result import Result

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d,]+(?:\.\d+)?%?")
CSV_COLUMNS = [
    "question",
    "kind",
    "rank",
    "text",
    "period",
    "unit",
    "confidence",
    "table",
    "row_label",
    "matched_column",
    "doc",
    "title",
    "page",
    "line_start",
    "line_end",
    "start",
    "end",
    "quote",
]


def result_record(result: Result, docs: list[str], k: int, index_built_at: str) -> dict:
    """The result with what produced it: filters, index build time and when it was asked."""
    return {
        "question": result.query,
        "asked_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "index_built_at": index_built_at,
        "filters": {"docs": docs, "k": k},
        **result.to_dict(),
    }


def result_json(record: dict) -> str:
    """The record as indented JSON (UTF-8, non-ASCII kept)."""
    return json.dumps(record, ensure_ascii=False, indent=1)


def result_csv(result: Result) -> str:
    """One line for the answer (if any) and one per passage and row, each with its full citation.

    Document text that a spreadsheet would run as a formula (`=...`, `-Operating...`) gets a
    leading apostrophe; the JSON export keeps every quote exactly.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    if result.answer:
        a = result.answer
        writer.writerow(
            _spreadsheet_safe(
                {
                    **_citation_fields(a.citation),
                    "question": result.query,
                    "kind": "answer",
                    "text": a.text,
                    "period": a.period or "",
                    "unit": a.unit or "",
                    "confidence": round(a.confidence, 3),
                }
            )
        )
    for item in result.evidence():
        fields = {**_citation_fields(item.citation), "question": result.query, "rank": item.rank}
        if hasattr(item, "label"):
            matched = item.matched_cell
            fields.update(
                kind="row",
                text="; ".join(f"{c.column}: {c.text}" if c.column else c.text for c in item.cells),
                unit=item.unit or "",
                table=item.table,
                row_label=item.label,
                matched_column=matched.column if matched else "",
            )
        else:
            fields.update(kind="passage", text=item.text)
        writer.writerow(_spreadsheet_safe(fields))
    return out.getvalue()


def _spreadsheet_safe(row: dict) -> dict:
    return {key: _inert(value) if isinstance(value, str) else value for key, value in row.items()}


def _inert(text: str) -> str:
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def _citation_fields(citation: Citation) -> dict:
    return {
        "doc": citation.doc,
        "title": citation.title,
        "page": citation.page or "",
        "line_start": citation.lines[0],
        "line_end": citation.lines[1],
        "start": citation.start,
        "end": citation.end,
        "quote": citation.quote,
    }
