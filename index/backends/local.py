"""The default backend: FAISS (dense) and bm25s (lexical) files beside the SQLite
catalogue in the index folder. No server, no extra setup."""

from __future__ import annotations

from array import array
from pathlib import Path

import numpy as np

from index.backends.base import BackendRecord, Scored
from index.backends.catalogue import StoreCatalogue
from index.dense_index import DEFAULT_HNSW_THRESHOLD, DenseIndex, cosines
from index.lexical_index import LexicalIndex, numbered_tokens
from index.paths import BM25_DIR, DENSE_FILE
from index.units import RetrievalUnit

NAME = "local"
# The files this backend keeps in an index folder.
FILES = (DENSE_FILE, BM25_DIR)
# Past the HNSW threshold, the graph's candidates rescored per hit asked for: its 4-bit codes
# misorder close neighbours, and rescoring twice as many from exact vectors restores the exact
# order of the best ones.
RESCORED_PER_HIT = 2
# A document filter up to this many units is scored from the store's exact vectors (one read
# of their rows); a larger one is searched on the graph and its candidates rescored.
EXACT_FILTER_LIMIT = 20_000


class LocalBackend(StoreCatalogue):
    """FAISS + bm25s + SQLite, read from one live index folder."""

    name = NAME

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.dense = DenseIndex.load(folder / DENSE_FILE)
        self.lexical = LexicalIndex.load(folder / BM25_DIR)

    def dense_candidates(self, vector: np.ndarray, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` nearest units, searched among the documents' own units when `docs` is
        given. Exact search answers directly; past the HNSW threshold the graph's candidates
        (or a document's units) are scored from the store's exact vectors."""
        among = None if docs is None else self.unit_ids_in(docs)
        if self.dense.is_exact:
            return self.dense.search(vector, k, among)
        if among is not None and len(among) <= EXACT_FILTER_LIMIT:
            found = among.tolist()
        else:
            found = [i for i, _ in self.dense.search(vector, k * RESCORED_PER_HIT, among)]
        scores = self._exact_scores(vector, found)
        return sorted(scores.items(), key=lambda x: (-x[1], x[0]))[:k]

    def lexical_candidates(self, query: str, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` best BM25 units (among the documents' own units when `docs` is given)."""
        among = None if docs is None else self.unit_ids_in(docs)
        return self.lexical.search(query, k, among)

    def dense_scores(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Exact cosines of these units (0 for an unknown id)."""
        if self.dense.is_exact:
            return self.dense.scores_for(vector, ids)
        return self._exact_scores(vector, ids)

    def _exact_scores(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Cosines from the store's exact vectors (the graph holds only coarse codes)."""
        return cosines(vector, ids, *self.store.vectors_of(ids))

    def lexical_scores(self, query: str, ids: list[int]) -> dict[int, float]:
        """BM25 scores of these units."""
        return self.lexical.scores_for(query, ids)

    def document_frequency(self, token: str) -> int:
        """Units holding the term, from the BM25 postings."""
        return self.lexical.document_frequency(token)

    def unit_count(self) -> int:
        """Units in the BM25 index (the same as in FAISS and the store)."""
        return len(self.lexical.ids)


class LocalWriter:
    """Collects every document's units and writes the FAISS and BM25 files at the end."""

    def __init__(self, folder: Path, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD) -> None:
        self.folder = folder
        self.hnsw_threshold = hnsw_threshold
        self._docs: dict[str, tuple[list[int], list[array], np.ndarray]] = {}
        # Every token met, numbered: units are held as arrays of token numbers (4 bytes a
        # token), not as tuples of strings, until `finish` (a million units hold tens of
        # millions of tokens).
        self._vocabulary: dict[str, int] = {}

    def put_document(self, doc_id: str, units: list[RetrievalUnit], vectors: np.ndarray) -> None:
        """Keep a document's units (their stored tokens, numbered, for BM25) for the files
        written by `finish`."""
        numbered = [numbered_tokens(u.tokens, self._vocabulary) for u in units]
        self._docs[doc_id] = ([u.unit_id for u in units], numbered, vectors)

    def remove_document(self, doc_id: str) -> None:
        """Drop a document's units."""
        self._docs.pop(doc_id, None)

    def finish(self) -> BackendRecord:
        """Write `dense.faiss` and `bm25/`, units in id order."""
        ids = [i for unit_ids, _, _ in self._docs.values() for i in unit_ids]
        tokens = [t for _, unit_tokens, _ in self._docs.values() for t in unit_tokens]
        blocks = [v for _, _, v in self._docs.values() if len(v)]
        vectors = np.vstack(blocks) if blocks else np.zeros((0, 0), dtype=np.float32)
        order = np.argsort(np.asarray(ids, dtype=np.int64), kind="stable")
        sorted_ids = np.asarray(ids, dtype=np.int64)[order]
        dense_vectors = vectors[order] if len(ids) else vectors
        DenseIndex.build(dense_vectors, sorted_ids, self.hnsw_threshold).save(self.folder / DENSE_FILE)
        LexicalIndex.build_numbered([tokens[i] for i in order], self._vocabulary, sorted_ids).save(
            self.folder / BM25_DIR
        )
        return BackendRecord(NAME)

    def abandon(self) -> None:
        """Nothing to drop: the files are written only by `finish`, in the staging folder."""
        self._docs.clear()
