"""`docqa cells GOLD --pdfs DIR`: table parsing checked cell by cell (a measurement, not a test)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_cells_command(sub: argparse._SubParsersAction) -> None:
    """Register `cells` on the CLI parser."""
    cmd = sub.add_parser(
        "cells",
        help="check table parsing cell by cell against a gold cell file",
        description="The share of gold cells whose row is found and whose value sits under its column.",
    )
    cmd.add_argument("gold", type=Path, help="gold cells JSONL (doc, page, row_label, column_header, value)")
    cmd.add_argument("--pdfs", type=Path, required=True, help="folder holding the gold cells' documents")
    cmd.set_defaults(run=run_cells_command, input_files=("gold", "pdfs"))


def run_cells_command(args: argparse.Namespace) -> int:
    """Parse each document once and print the aligned shares, overall and per document."""
    from index.benchmarks.cell_alignment import check_cells, load_gold_cells
    from ingest.pipeline import ingest_file

    cells = load_gold_cells(args.gold)
    parsed = {}
    for name in sorted({c.doc for c in cells}):
        ingested = ingest_file(args.pdfs / name)
        parsed[name] = (ingested.document, ingested.tables)
    report = check_cells(cells, parsed)
    print(
        f"{len(cells)} gold cells: row found {report.share('row_found'):.3f}, "
        f"value in its column {report.share('aligned'):.3f}, "
        f"sub-row names its parent {report.share('parent_kept'):.3f}"
    )
    for doc in report.documents():
        n = sum(1 for c in report.checks if c.cell.doc == doc)
        print(f"  {doc:<42} n={n:<3} aligned {report.share('aligned', doc):.3f}")
    return 0
