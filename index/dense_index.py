"""FAISS inner-product index over normalised vectors with stable ids."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

DEFAULT_HNSW_THRESHOLD = 200_000


class DenseIndex:
    """Exact `IndexFlatIP` by default; HNSW above `hnsw_threshold` vectors.

    Ids are the store's unit ids (`IndexIDMap2`), so a hit maps straight to its row.
    """

    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @classmethod
    def build(
        cls, vectors: np.ndarray, ids: np.ndarray, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD
    ) -> DenseIndex:
        """Index `vectors` (n x d float32, unit length) under int64 `ids`."""
        if hnsw_threshold <= 0:
            raise ValueError("hnsw_threshold must be > 0")
        dim = vectors.shape[1] if vectors.ndim == 2 and vectors.shape[1] else 384
        if len(vectors) > hnsw_threshold:
            base = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            base.hnsw.efSearch = 128
        else:
            base = faiss.IndexFlatIP(dim)
        index = faiss.IndexIDMap2(base)
        if len(vectors):
            index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))
        return cls(index)

    @property
    def size(self) -> int:
        """Number of indexed vectors."""
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """Return up to k `(id, cosine)` pairs, best first."""
        if self.size == 0:
            return []
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(k, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def scores_for(self, query: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Cosine of the query with specific units (their stored vectors)."""
        out = {}
        for i in ids:
            try:
                out[i] = float(np.dot(self.index.reconstruct(int(i)), query))
            except RuntimeError:
                out[i] = 0.0
        return out

    def save(self, path: Path) -> None:
        """Write the index to `path`."""
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        """Read an index written by `save`."""
        return cls(faiss.read_index(str(path)))
