"""Shared paths and fixtures: the shipped corpus and the shared PDFs, ingested once per session."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from app import shared_data as _shared_data

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# The shared data the tests read (the corpus PDFs, the dev set, TAT-QA), as `docqa train` does.
SHARED = _shared_data.SHARED
PDFS = SHARED / "pdfs"
PDF_NAMES = sorted(p.name for p in PDFS.glob("*.pdf"))
DEV_SET = SHARED / "eval" / "dev.jsonl"
PDF_BLIND_SET = ROOT / "tests" / "data" / "pdf_blind.jsonl"
PDF_CELLS = ROOT / "tests" / "data" / "pdf_cells.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, in one sentence, when the shared data is not where the tests read it."""
    if not (SHARED / "pdfs").is_dir():
        raise pytest.UsageError(
            f"the tests read the shared data (PDFs, dev set, TAT-QA) from {SHARED}, which does not "
            "exist: clone this repository beside shared/ or set DOCQA_SHARED to its folder"
        )


@cache
def ingested_pdf(name: str):
    """A shared PDF ingested once per test session (loading the 10-K takes seconds)."""
    from ingest.pipeline import ingest_file

    return ingest_file(PDFS / name)


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


@pytest.fixture(scope="session")
def embedder():
    """The real MiniLM embedder, loaded once per test session."""
    from index.embedder import load_embedder

    return load_embedder()


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory, embedder):
    """An index over the shipped corpus, built once with the real model."""
    from index.builder import build_index

    index_dir = tmp_path_factory.mktemp("index") / "corpus"
    build_index([CORPUS], index_dir, embedder=embedder)
    return index_dir


@pytest.fixture(scope="session")
def pdf_searcher(tmp_path_factory, embedder):
    """A Searcher over an index of the shared PDFs, built once with the real model."""
    from index.builder import build_index
    from index.search import Searcher

    index_dir = tmp_path_factory.mktemp("index") / "pdfs"
    build_index([PDFS], index_dir, embedder=embedder)
    return Searcher(index_dir, embedder=embedder)


@pytest.fixture(scope="session")
def searcher(corpus_index, embedder):
    """A Searcher over the corpus index, sharing the session's embedder."""
    from index.search import Searcher

    return Searcher(corpus_index, embedder=embedder)


def searcher_over(folder: Path, embedder, files: dict[str, str]):
    """A searcher over an index of invented text files (by name) in `folder`."""
    from index.builder import build_index
    from index.search import Searcher

    corpus = folder / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    build_index([corpus], folder / "index", embedder=embedder)
    return Searcher(folder / "index", embedder=embedder)


class FakeEmbedder:
    """Keyword one-hot vectors: no weights, for logic tests of building and fusion."""

    name = "fake"
    dimension = 16

    def __init__(self) -> None:
        self.encoded = 0
        self.calls = 0

    def encode(self, texts, progress=False):
        import zlib

        import numpy as np

        self.calls += 1
        self.encoded += len(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.lower().split():
                out[i, zlib.crc32(word.encode()) % self.dimension] += 1.0
            out[i] /= max(float(np.linalg.norm(out[i])), 1e-9)
        return out


@pytest.fixture(scope="session")
def dev_report(searcher):
    """Every dev-set question run once through search and answer extraction."""
    from app.commands import evaluate
    from index.evaluation import load_gold

    return evaluate(searcher, load_gold(DEV_SET), k=5)


@pytest.fixture(scope="module")
def table_evidence(tmp_path_factory):
    """A builder for the answerers that read a table's rows: invented markdown text -> (its
    row units, numbered as an index would, and the evidence context that reads them)."""

    from index.answering.candidates import EvidenceContext
    from index.units import units_for
    from ingest.pipeline import ingest_file

    def build(text: str):
        path = tmp_path_factory.mktemp("tables") / "statement.md"
        path.write_text(text, encoding="utf-8")
        ingested = ingest_file(path)
        units = [u for u in units_for(ingested) if u.kind == "row"]
        for i, unit in enumerate(units):
            unit.unit_id, unit.table_id = i, unit.table_index + 1
        ctx = EvidenceContext(
            idf=lambda t: 1.0,
            document={ingested.document.doc_id: ingested.document}.__getitem__,
            table=lambda i: None,
            table_rows=lambda table_id: [u for u in units if u.table_id == table_id],
        )
        return units, ctx

    return build
