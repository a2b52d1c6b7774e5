"""The current result as JSON and CSV files, for an audit trail."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime

from index.citations import Citation
from index.result import Answer, Result, as_printed

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[\d,]+(?:\.\d+)?%?")
CSV_COLUMNS = [
    "question",
    "kind",
    "rank",
    "text",
    "printed_in",
    "value",
    "period",
    "stated_as",
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
    "alternatives",
    "guarded",
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
    """One line for the answer (and one per asked period of a multi-period answer) and one per
    passage and row, each with its full citation.

    Document text that a spreadsheet would run as a formula (`=...`, `-Operating...`) gets a
    leading apostrophe, and the row's `guarded` column names each field that got one: drop
    that first character to recover the exact text. The JSON export keeps every quote as is.
    """
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    if result.answer:
        answers = [("answer", result.answer)] + [("answer part", p) for p in result.answer.parts]
        for kind, a in answers:
            writer.writerow(_spreadsheet_safe(_answer_fields(result.query, kind, a)))
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


def _answer_fields(question: str, kind: str, a: Answer) -> dict:
    """An answer's CSV fields; `alternatives` lists each disagreeing source with its citation."""
    return {
        **_citation_fields(a.citation),
        "question": question,
        "kind": kind,
        "text": a.text,
        "printed_in": a.printed_in or "",
        "value": "" if a.value is None else f"{a.value:.15g}",
        "period": a.period or "",
        "stated_as": a.stated_as or "",
        "unit": a.unit or "",
        "confidence": round(a.confidence, 3),
        "alternatives": " | ".join(
            f"{as_printed(alt.text, alt.printed_in)} ({alt.citation.doc} {alt.citation.where})"
            for alt in a.alternatives
        ),
    }


def _spreadsheet_safe(row: dict) -> dict:
    """The row with formula-like text made inert, and `guarded` naming the fields changed."""
    safe = {key: _inert(value) if isinstance(value, str) else value for key, value in row.items()}
    safe["guarded"] = " ".join(key for key, value in safe.items() if value != row.get(key))
    return safe


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
