"""The FAISS index: exact and HNSW search, restricted search and scores of given ids."""

from __future__ import annotations

import faiss
import numpy as np
import pytest

from index.dense_index import DenseIndex


def _unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 16)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_a_restricted_search_finds_the_best_of_those_units_however_far_down():
    vectors = _unit_rows(5_000, 0)
    ids = np.arange(7, 5_007, dtype=np.int64)
    index = DenseIndex.build(vectors, ids)
    query = vectors[0]
    farthest = ids[np.argsort(vectors @ query)[:20]]  # the units least like the question
    hits = index.search(query, 5, among=farthest)
    assert len(hits) == 5 and {i for i, _ in hits} <= set(farthest.tolist())
    best = farthest[np.argmax(vectors[farthest - 7] @ query)]
    assert hits[0][0] == best
    assert index.search(query, 5, among=np.array([], dtype=np.int64)) == []


def test_scores_of_given_ids_are_their_cosines_and_zero_for_unknown_ids():
    vectors = _unit_rows(50, 1)
    index = DenseIndex.build(vectors, np.arange(100, 150, dtype=np.int64))
    scores = index.scores_for(vectors[3], [103, 120, 999])
    assert scores[103] == pytest.approx(1.0, abs=1e-5)
    assert scores[120] == pytest.approx(float(vectors[20] @ vectors[3]), abs=1e-5)
    assert scores[999] == 0.0


def test_past_the_threshold_the_index_is_an_hnsw_graph():
    vectors = _unit_rows(300, 3)
    ids = np.arange(300, dtype=np.int64)
    assert isinstance(faiss.downcast_index(DenseIndex.build(vectors, ids, 100).index.index), faiss.IndexHNSW)
    assert isinstance(
        faiss.downcast_index(DenseIndex.build(vectors, ids, 1_000).index.index), faiss.IndexFlat
    )


def test_the_graph_is_far_smaller_than_the_exact_index_and_finds_the_nearest(tmp_path):
    rows = np.random.default_rng(5).normal(size=(2_000, 384)).astype(np.float32)
    vectors = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    ids = np.arange(2_000, dtype=np.int64)
    exact, graph = DenseIndex.build(vectors, ids, 10_000), DenseIndex.build(vectors, ids, 1_000)
    assert exact.is_exact and not graph.is_exact
    exact.save(tmp_path / "exact.faiss")
    graph.save(tmp_path / "graph.faiss")
    # 4-bit codes (an eighth of float32) plus the graph's links, and no id-to-vector map
    assert (tmp_path / "graph.faiss").stat().st_size < 0.4 * (tmp_path / "exact.faiss").stat().st_size
    loaded = DenseIndex.load(tmp_path / "graph.faiss")
    assert not loaded.is_exact
    assert [i for i, _ in loaded.search(vectors[7], 3)][0] == 7
    with pytest.raises(ValueError):
        loaded.scores_for(vectors[7], [7])  # the graph keeps no vectors to score by id


def test_a_filter_to_most_of_a_large_index_is_searched_inside_faiss(monkeypatch):
    from index import dense_index

    monkeypatch.setattr(dense_index, "COPY_OUT_LIMIT", 10)
    vectors = _unit_rows(200, 4)
    index = DenseIndex.build(vectors, np.arange(200, dtype=np.int64))
    among = np.arange(50, 200, dtype=np.int64)
    hits = index.search(vectors[0], 3, among=among)
    expected = 50 + np.argsort(-(vectors[50:] @ vectors[0]))[:3]
    assert [i for i, _ in hits] == expected.tolist()
