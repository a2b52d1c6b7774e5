"""The local backend past its HNSW threshold: the graph only finds candidates, and every
cosine the searcher sees is exact, read from the store's vectors."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from conftest import CORPUS, FakeEmbedder

from index.backends.local import LocalBackend
from index.builder import build_index
from index.search import open_live_folder

NAMES = ["000_5e9b75ebd931438e.txt", "004_2853c62026f2b50d.txt"]
QUESTIONS = ["operating income", "number of employees", "net sales by segment"]
# Share of the exact top 5 the graph must find: 4-bit codes of 16-dimensional one-hot test
# vectors tie often, and a graph built by several threads is not the same twice.
MIN_RECALL = 0.8


def _backend(tmp_path, name: str, hnsw_threshold: int) -> LocalBackend:
    corpus = tmp_path / "corpus"
    if not corpus.exists():
        corpus.mkdir()
        for doc in NAMES:
            shutil.copy(CORPUS / doc, corpus / doc)
    index_dir = tmp_path / name
    build_index([corpus], index_dir, FakeEmbedder(), hnsw_threshold=hnsw_threshold)
    return LocalBackend(open_live_folder(index_dir))


@pytest.fixture
def graph_and_exact(tmp_path):
    graph, exact = _backend(tmp_path, "graph", 10), _backend(tmp_path, "exact", 1_000_000)
    yield graph, exact
    graph.close()
    exact.close()


def test_past_the_threshold_cosines_are_exact_and_the_best_units_are_found(graph_and_exact):
    """The graph is approximate, so it may miss a near-tie; what it returns is scored exactly,
    best first, and holds nearly all of the exact top 5."""
    graph, exact = graph_and_exact
    assert not graph.dense.is_exact and exact.dense.is_exact
    embedder = FakeEmbedder()
    found_of_best, asked = 0, 0
    for question in QUESTIONS:
        vector = embedder.encode([question])[0]
        found, truth = graph.dense_candidates(vector, 5, None), exact.dense_candidates(vector, 5, None)
        exact_of_found = exact.dense_scores(vector, [i for i, _ in found])
        assert [s for _, s in found] == pytest.approx([exact_of_found[i] for i, _ in found], abs=1e-6)
        assert np.all(np.diff([s for _, s in found]) <= 0)
        fifth = truth[-1][1] - 1e-6  # ties with the exact fifth count as found
        found_of_best += sum(s >= fifth for _, s in found)
        asked += len(truth)
        ids = [i for i, _ in truth] + [10**9]
        assert graph.dense_scores(vector, ids) == pytest.approx(exact.dense_scores(vector, ids), abs=1e-6)
    assert found_of_best >= MIN_RECALL * asked


def test_a_document_filter_on_the_graph_scores_that_documents_units_exactly(graph_and_exact):
    graph, exact = graph_and_exact
    doc_id = graph.doc_ids_by_name()[NAMES[1]]
    vector = FakeEmbedder().encode(["number of employees"])[0]
    hits = graph.dense_candidates(vector, 3, frozenset({doc_id}))
    truth = exact.dense_candidates(vector, 3, frozenset({doc_id}))
    assert [s for _, s in hits] == pytest.approx([s for _, s in truth], abs=1e-6)
    ids, vectors = graph.store.vectors_of([i for i, _ in hits])
    stored = dict(zip(ids, (vectors @ vector).tolist(), strict=True))
    assert [s for _, s in hits] == pytest.approx([stored[i] for i, _ in hits], abs=1e-6)
    assert all(u.doc_id == doc_id for u in graph.units([i for i, _ in hits]).values())
    assert np.all(np.diff([s for _, s in hits]) <= 0)
