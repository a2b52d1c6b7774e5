"""The `docqa` command line: ingest, build, ask, eval."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from index.answering.scorer import ScorerModelError
from index.rerank import RerankerModelError
from index.search import IndexMissingError
from ingest.errors import IngestError
from ingest.models import IngestedDocument, Table
from ingest.pipeline import find_files, ingest_file

# A shipped model file is missing or stale: distinct from usage (2) and build failures (1).
MODEL_ERROR_EXIT = 4
# There is no index, or it is damaged: distinct from a failed build (1) and usage (2).
INDEX_ERROR_EXIT = 3


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `docqa` console script; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except (ScorerModelError, RerankerModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return MODEL_ERROR_EXIT
    except IndexMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INDEX_ERROR_EXIT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docqa", description="Cited question answering over financial documents."
    )
    sub = parser.add_subparsers(title="commands")

    ingest = sub.add_parser("ingest", help="parse files into text, tables and chunks (no index)")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders (.txt, .md, .pdf)")
    ingest.add_argument("--json", action="store_true", help="print one JSON array of documents")
    ingest.set_defaults(run=run_ingest)

    from app.bench_command import add_bench_command
    from app.cells_command import add_cells_command
    from app.check_command import add_check_command
    from app.commands import add_index_commands
    from app.tatqa_command import add_tatqa_command
    from app.train_command import add_train_command

    add_index_commands(sub)
    add_tatqa_command(sub)
    add_cells_command(sub)
    add_check_command(sub)
    add_bench_command(sub)
    add_train_command(sub)
    return parser


def run_ingest(args: argparse.Namespace) -> int:
    """`docqa ingest PATH...`: report each document's tables and chunks."""
    results, failures, seconds = [], 0, []
    for path in find_files(args.paths):
        try:
            started = time.perf_counter()
            results.append(ingest_file(path))
            seconds.append(time.perf_counter() - started)
        except IngestError as exc:
            failures += 1
            print(f"skipped {exc}", file=sys.stderr)
    if args.json:
        summaries = [
            {**ingest_summary(r), "parse_seconds": round(t, 3)} for r, t in zip(results, seconds, strict=True)
        ]
        json.dump(summaries, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r, parse_seconds in zip(results, seconds, strict=True):
            rows = sum(len(t.rows) for t in r.tables)
            print(
                f"{r.document.name}: {r.document.title!r}, {len(r.document.pages)} page(s), "
                f"{len(r.document.text):,} chars, {len(r.tables)} tables, {rows} rows, "
                f"{len(r.chunks)} chunks, parsed in {parse_seconds:.2f}s"
            )
        print(f"{len(results)} document(s) read, {failures} skipped")
    return 0 if results else 1


def ingest_summary(result: IngestedDocument) -> dict:
    """The JSON shape of `docqa ingest --json` for one document."""
    doc = result.document
    return {
        "path": doc.path,
        "title": doc.title,
        "date": doc.date,
        "pages": len(doc.pages),
        "chars": len(doc.text),
        "pages_without_text": doc.pages_without_text(),
        "fiscal_year_starts_month": doc.calendar.start_month,
        "fiscal_year_named_by_end_year": doc.calendar.named_by_end_year,
        "tables": [table_summary(t) for t in result.tables],
        "chunks": len(result.chunks),
    }


def table_summary(table: Table) -> dict:
    """A table as JSON: title, unit, columns and rows of `{column, text, value}` cells."""
    return {
        "title": table.title,
        "unit": table.unit,
        "kind": table.kind,
        "columns": table.columns,
        "rows": [
            {
                "label": row.label,
                "cells": [{"column": c.column, "text": c.text, "value": c.value} for c in row.cells],
                "page": row.page,
                "start": row.start,
                "end": row.end,
            }
            for row in table.rows
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
