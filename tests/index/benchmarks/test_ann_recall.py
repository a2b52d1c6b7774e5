"""HNSW against exact search on random unit vectors (real FAISS)."""

from __future__ import annotations

import numpy as np

from index.benchmarks.ann_recall import ann_recall


def _unit_rows(n: int, seed: int) -> np.ndarray:
    rows = np.random.default_rng(seed).normal(size=(n, 32)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_hnsw_finds_most_of_the_exact_top_ten():
    figures = ann_recall(_unit_rows(3_000, 0), _unit_rows(20, 1))
    assert figures.vectors == 3_000 and figures.queries == 20
    assert 0.8 <= figures.recall_at_k <= 1.0
    assert figures.exact_ms >= 0 and figures.hnsw_ms >= 0


def test_a_query_equal_to_an_indexed_vector_finds_it_first():
    vectors = _unit_rows(500, 2)
    figures = ann_recall(vectors, vectors[:5], k=1)
    assert figures.recall_at_k == 1.0
