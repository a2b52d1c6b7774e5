"""FAISS inner-product index over normalised vectors with stable ids."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

DEFAULT_HNSW_THRESHOLD = 200_000
# HNSW search breadth: candidates kept while walking the graph (recall rises with it).
HNSW_EF_SEARCH = 128
# Graph links per vector (FAISS's usual default; 64 per vector on the bottom layer).
HNSW_M = 32
# A filter to more units than this is searched inside FAISS (a scan that skips the others) on
# an exact index, instead of copying the units' vectors out: copying is cheaper for a few
# documents, scanning for a filter that spans most of a large index.
COPY_OUT_LIMIT = 20_000


class DenseIndex:
    """Exact `IndexFlatIP` by default; HNSW above `hnsw_threshold` vectors, over 4-bit
    scalar-quantized vectors (an eighth of float32: codes of 280 MB instead of 2.2 GB for a
    million and a half units, plus the graph's links, about 380 MB). The graph only finds
    candidates: its cosines are coarse, so whoever holds the exact vectors rescores them
    (`is_exact`; the local backend reads them from its store), and it keeps no id-to-vector
    map (`IndexIDMap`, where the exact index has `IndexIDMap2`).

    Ids are the store's unit ids, so a hit maps straight to its row.
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
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if len(vectors) > hnsw_threshold:
            base = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_4bit, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            base.hnsw.efSearch = HNSW_EF_SEARCH
            base.train(vectors)  # each dimension's range, for the 4-bit codes
            index = faiss.IndexIDMap(base)  # ids of hits only: exact vectors come from elsewhere
        else:
            index = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        if len(vectors):
            index.add_with_ids(vectors, ids.astype(np.int64))
        return cls(index)

    @property
    def is_exact(self) -> bool:
        """Whether scores are exact cosines (else candidates to rescore from exact vectors)."""
        return isinstance(faiss.downcast_index(self.index.index), faiss.IndexFlat)

    @property
    def size(self) -> int:
        """Number of indexed vectors."""
        return int(self.index.ntotal)

    def search(self, query: np.ndarray, k: int, among: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return up to k `(id, cosine)` pairs, best first (coarse cosines on the graph). With
        `among`, only those ids compete (see `_search_among`)."""
        if self.size == 0:
            return []
        if among is not None:
            return self._search_among(query, k, among)
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), min(k, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def _search_among(self, query: np.ndarray, k: int, among: np.ndarray) -> list[tuple[int, float]]:
        """The k best of the given ids (ids the index does not hold are left out): from their
        stored vectors on an exact index, else by a search that skips every other id (on the
        graph, a walk filtered to few ids can end before it reaches them: callers holding the
        exact vectors score a small set themselves)."""
        exact = self.is_exact
        if len(among) > COPY_OUT_LIMIT or not exact:
            selector = faiss.IDSelectorBatch(np.ascontiguousarray(among))
            params = (
                faiss.SearchParameters(sel=selector)
                if exact
                else faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, k))
            )
            query = query.reshape(1, -1).astype(np.float32)
            scores, ids = self.index.search(query, min(k, len(among)), params=params)
            return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        known, vectors = self._vectors_of([int(i) for i in among])
        scores = vectors @ query if known else np.zeros(0)
        top = np.argsort(-scores, kind="stable")[:k]
        return [(known[j], float(scores[j])) for j in top]

    def scores_for(self, query: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Cosine of the query with specific units (their stored vectors; 0 for an unknown id).
        Only an exact index holds vectors to score: the graph's are rescored by their owner."""
        if not self.is_exact:
            raise ValueError("the graph keeps no vectors by id: score given units from exact vectors")
        if not ids:
            return {}
        return cosines(query, ids, *self._vectors_of(ids))

    def _vectors_of(self, ids: list[int]) -> tuple[list[int], np.ndarray]:
        """The ids the index holds and their stored vectors (one batch; one by one only when
        an id is unknown)."""
        try:
            return ids, self.index.reconstruct_batch(np.asarray(ids, dtype=np.int64))
        except RuntimeError:
            known, rows = [], []
            for i in ids:
                try:
                    rows.append(self.index.reconstruct(int(i)))
                    known.append(i)
                except RuntimeError:
                    continue
            return known, np.vstack(rows) if rows else np.zeros((0, self.index.d), dtype=np.float32)

    def save(self, path: Path) -> None:
        """Write the index to `path`."""
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        """Read an index written by `save`."""
        return cls(faiss.read_index(str(path)))


def cosines(query: np.ndarray, ids: list[int], known: list[int], vectors: np.ndarray) -> dict[int, float]:
    """Each id's cosine with the query from the vectors of the `known` ids (0 for the others)."""
    scores = dict.fromkeys(ids, 0.0)
    if known:
        scores.update(zip(known, (vectors @ query).tolist(), strict=True))
    return scores
