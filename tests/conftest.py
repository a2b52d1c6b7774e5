"""Shared paths and fixtures: the shipped corpus and the shared PDFs, ingested once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
PDFS = SHARED / "pdfs"
DEV_SET = SHARED / "eval" / "dev.jsonl"


@pytest.fixture(scope="session")
def corpus_docs():
    """Every corpus document ingested once: {file name: IngestedDocument}."""
    from ingest.pipeline import ingest_file

    return {p.name: ingest_file(p) for p in sorted(CORPUS.glob("*.txt"))}


def find_row(ingested, label: str, title_part: str = ""):
    """The first row with this label (in a table whose title contains `title_part`)."""
    for table in ingested.tables:
        if title_part.lower() in table.title.lower():
            for row in table.rows:
                if row.label == label:
                    return table, row
    raise AssertionError(f"no row {label!r} in {ingested.document.name}")
