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
    assert figures.recall_at_k >= 0.8


def test_units_tied_with_the_exact_top_count_as_found():
    """Near-copies score alike: returning any of the tied units is as good as the exact pick."""
    copies = np.repeat(_unit_rows(1, 5), 400, axis=0)
    figures = ann_recall(np.vstack([copies, _unit_rows(400, 6)]), copies[:3])
    assert figures.recall_at_k == 1.0
