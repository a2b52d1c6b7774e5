"""One behavioural contract, run against every backend: the local files (FAISS + bm25s +
SQLite), Milvus Lite (real, in-process) and the in-memory fake. Keyword vectors stand in
for the model here (the real model's parity is measured in `test_milvus_parity.py`)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, FakeEmbedder

from index.backends.base import BackendConfig
from index.backends.fake import FakeBackend
from index.builder import build_index, read_manifest
from index.financial_tokenizer import tokenize
from index.search import Searcher
from index.units import units_for
from ingest.periods import FiscalCalendar, find_periods
from ingest.pipeline import find_files, ingest_file

BACKENDS = ["local", "milvus", "fake"]
NAMES = ["000_5e9b75ebd931438e.txt", "004_2853c62026f2b50d.txt"]
QUESTIONS = ["operating income", "revenue by segment 2Q10", "number of employees", "net income per share"]
# An invented sentence no corpus document holds, to see an update arrive and a removal go.
NEW_FACT = "Quillwort subsidiary recorded exceptional zephyr royalties of JPY 42 million."


class MiniLMSizedFake(FakeEmbedder):
    """Keyword vectors of MiniLM's length, which the fitted answer models read."""

    dimension = 384


class Index:
    """A corpus folder indexed by one backend, rebuilt on demand."""

    def __init__(self, backend: str, root: Path) -> None:
        self.backend, self.root = backend, root
        self.corpus = root / "corpus"
        self.corpus.mkdir()
        for name in NAMES:
            shutil.copy(CORPUS / name, self.corpus / name)
        self.embedder = MiniLMSizedFake()
        self.searcher = self.rebuild()

    def rebuild(self) -> Searcher:
        """Index the corpus folder as it is now and open a fresh searcher on it."""
        if getattr(self, "searcher", None) is not None:
            self.searcher.close()
        if self.backend == "fake":
            fake = FakeBackend(self.embedder)
            for path in find_files([self.corpus]):
                ingested = ingest_file(path)
                fake.add(ingested, units_for(ingested))
            self.searcher = Searcher(None, embedder=self.embedder, backend=fake)
        else:
            config = BackendConfig(self.backend)
            build_index([self.corpus], self.root / "index", self.embedder, backend=config)
            self.searcher = Searcher(self.root / "index", embedder=self.embedder)
        return self.searcher


@pytest.fixture(params=BACKENDS)
def index(request, tmp_path):
    built = Index(request.param, tmp_path)
    yield built
    built.searcher.close()


def test_the_catalogue_knows_how_each_documents_fiscal_year_runs(index):
    """The calendars the lexical search spells a question's periods in."""
    calendars = index.searcher.backend.calendars()
    assert calendars[index.searcher.doc_ids[NAMES[0]]] == FiscalCalendar(4)  # April to March
    assert set(calendars) == set(index.searcher.doc_ids.values())
    for doc_id, calendar in calendars.items():
        assert calendar == index.searcher.document(doc_id).calendar


def _texts(result) -> list[str]:
    return [e.citation.quote for e in result.evidence()]


def test_the_index_records_its_backend(index):
    if index.backend != "fake":
        assert read_manifest(index.root / "index")["backend"]["name"] == index.backend
    assert index.searcher.backend.name == index.backend
    assert {d.name for d in index.searcher.documents()} == set(NAMES)


def test_every_citation_quotes_its_document_exactly(index):
    for question in QUESTIONS:
        result = index.searcher.search(question, k=6)
        assert result.evidence()
        for evidence in result.evidence():
            c = evidence.citation
            document = index.searcher.document_named(c.doc)
            assert document.text[c.start : c.end] == c.quote


def test_a_document_filter_keeps_every_result_in_that_document(index):
    for name in NAMES:
        result = index.searcher.search("operating income", k=8, docs=[name])
        assert result.evidence()
        assert {e.citation.doc for e in result.evidence()} == {name}


def test_an_update_is_found_and_a_removal_is_gone(index):
    path = index.corpus / NAMES[1]
    path.write_text(path.read_text() + "\n\n" + NEW_FACT + "\n")
    searcher = index.rebuild()
    found = searcher.search("zephyr royalties quillwort", k=3)
    assert NEW_FACT in found.evidence()[0].citation.quote
    path.unlink()
    searcher = index.rebuild()
    assert {d.name for d in searcher.documents()} == {NAMES[0]}
    gone = searcher.search("zephyr royalties quillwort", k=3)
    assert all(NEW_FACT not in text for text in _texts(gone))
    assert all(e.citation.doc == NAMES[0] for e in gone.evidence())


def test_a_pools_document_terms_agree_with_each_terms_share(index):
    backend = index.searcher.backend
    docs = [d.doc_id for d in index.searcher.documents()]
    revenue, absent, *others = tokenize("revenue quillwort income employees")
    terms = [revenue, absent, *others]
    present = backend.terms_in_documents(docs, terms)
    assert present == {(d, t) for d in docs for t in terms if backend.term_share(d, t) > 0}
    assert any(t == revenue for _, t in present)
    assert not any(t == absent for _, t in present)


def test_a_documents_periods_are_its_texts_mentions_as_counted_at_build_time(index):
    backend = index.searcher.backend
    for path in find_files([index.corpus]):
        document = ingest_file(path).document
        expected = Counter(p for p, _, _ in find_periods(document.text, document.calendar))
        assert expected, f"{path.name} names periods"
        assert backend.document_periods(index.searcher.doc_ids[path.name]) == expected
