"""The approximate dense index against the exact one, on the same vectors and queries.

Past `DEFAULT_HNSW_THRESHOLD` vectors the local backend searches an HNSW graph instead of
scanning every vector. This measures what that costs in recall and what it saves in time per
query, at a given size. A hit counts when its exact cosine is at least the exact k-th best: a
corpus of near-copies has many units tied at one cosine, and which of them an index returns is
arbitrary. As in search, the graph's `RESCORED` nearest are rescored from exact vectors and the
best k of them count (the graph's own coarse cosines only choose candidates).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

import numpy as np

from index.backends.local import RESCORED_PER_HIT
from index.dense_index import DenseIndex
from index.search import SearchSettings

# The dense side's candidate pool is larger, but the top of it is what reaches the reranker.
RECALL_K = 10
# The graph's candidates per query rescored from exact vectors, as the local backend does for
# the search's dense pool.
RESCORED = SearchSettings().pool * RESCORED_PER_HIT
# Cosines this close count as a tie (float32 sums in a different order differ by about 1e-7).
TIE = 1e-5


@dataclass(frozen=True)
class AnnFigures:
    """HNSW against exact search over `vectors` units."""

    vectors: int
    queries: int
    recall_at_k: float
    exact_ms: float  # median per query
    hnsw_ms: float
    hnsw_build_s: float


def ann_recall(
    vectors: np.ndarray,
    queries: np.ndarray,
    k: int = RECALL_K,
    approximate: DenseIndex | None = None,
    ids: np.ndarray | None = None,
) -> AnnFigures:
    """Compare the top k of exact search over `vectors` with an HNSW index's for every query:
    `approximate` when given (an index's own graph over the same vectors under the same
    `ids`), else one built here (ids default to row numbers)."""
    ids = np.arange(len(vectors), dtype=np.int64) if ids is None else np.asarray(ids, dtype=np.int64)
    exact = DenseIndex.build(vectors, ids, hnsw_threshold=len(vectors) + 1)
    started = time.perf_counter()
    if approximate is None:
        approximate = DenseIndex.build(vectors, ids, hnsw_threshold=max(1, len(vectors) - 1))
    build_s = time.perf_counter() - started
    overlaps, exact_ms, hnsw_ms = [], [], []
    for query in queries:
        truth, t_exact = _timed_top(exact, query, k)
        found, t_hnsw = _timed_top(approximate, query, RESCORED)
        bar = min(truth.values()) - TIE if truth else 0.0
        rescored = sorted(exact.scores_for(query, list(found)).values(), reverse=True)[:k]
        overlaps.append(sum(score >= bar for score in rescored) / max(1, len(truth)))
        exact_ms.append(t_exact)
        hnsw_ms.append(t_hnsw)
    return AnnFigures(
        vectors=len(vectors),
        queries=len(queries),
        recall_at_k=float(np.mean(overlaps)) if overlaps else 0.0,
        exact_ms=statistics.median(exact_ms) if exact_ms else 0.0,
        hnsw_ms=statistics.median(hnsw_ms) if hnsw_ms else 0.0,
        hnsw_build_s=build_s,
    )


def _timed_top(index: DenseIndex, query: np.ndarray, k: int) -> tuple[dict[int, float], float]:
    """The top k (id to score) and the milliseconds the search took."""
    started = time.perf_counter()
    hits = index.search(query, k)
    return dict(hits), (time.perf_counter() - started) * 1000
