"""BM25 (bm25s) over the same units, with the financial tokenizer."""

from __future__ import annotations

import logging
from array import array
from collections.abc import Sequence
from pathlib import Path

import bm25s
import numpy as np

from index.financial_tokenizer import tokenize

logging.getLogger("bm25s").setLevel(logging.ERROR)

# The unit id of each BM25 position (int64, in bm25s's order).
IDS_FILE = "ids.npy"


def numbered_tokens(tokens: tuple[str, ...], vocabulary: dict[str, int]) -> array:
    """A unit's tokens as their numbers in `vocabulary`, numbering new ones (4 bytes a token
    instead of a string each); a unit without tokens holds the empty token."""
    return array("i", [vocabulary.setdefault(t, len(vocabulary)) for t in tokens or ("",)])


class LexicalIndex:
    """BM25 scores for unit ids; the position in the bm25s index maps to an id."""

    def __init__(self, bm25: bm25s.BM25 | None, ids: list[int] | np.ndarray) -> None:
        self.bm25 = bm25
        self.ids = np.asarray(ids, dtype=np.int64)
        self._id_array = self.ids
        self._order = np.argsort(self._id_array, kind="stable")  # positions by ascending id
        self._sorted_ids = self._id_array[self._order]
        self._last: tuple[tuple[str, ...], np.ndarray] | None = None  # the last query's scores

    @classmethod
    def build_numbered(
        cls, units: list[Sequence[int]], vocabulary: dict[str, int], ids: np.ndarray
    ) -> LexicalIndex:
        """Index units given as token numbers under `vocabulary` (every number a unit uses is
        in it), under `ids` (same order). The same scores as `build` on the tokens."""
        if not units:
            return cls(None, [])
        bm25 = bm25s.BM25()
        bm25.index((units, vocabulary), show_progress=False)
        return cls(bm25, ids)

    @classmethod
    def build(cls, tokens: list[tuple[str, ...]], ids: list[int]) -> LexicalIndex:
        """Index units given as their financial tokens (`RetrievalUnit.tokens`, read at build
        time) under `ids` (same order)."""
        vocabulary: dict[str, int] = {}
        numbered = [numbered_tokens(unit, vocabulary) for unit in tokens]
        return cls.build_numbered(numbered, vocabulary, np.asarray(ids, dtype=np.int64))

    def search(self, query: str, k: int, among: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Return up to k `(id, bm25 score)` pairs with a positive score, best first; with
        `among`, only those unit ids compete."""
        scores = self._scores(query)
        if scores is None:
            return []
        if among is not None:
            allowed = self._positions(among)
            mask = np.zeros(len(scores))
            mask[allowed[allowed >= 0]] = 1.0
            scores = scores * mask
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(self._id_array[p]), float(scores[p])) for p in top if scores[p] > 0]

    def scores_for(self, query: str, ids: list[int]) -> dict[int, float]:
        """BM25 scores of specific units (0 for units without a query term or not indexed)."""
        scores = self._scores(query)
        if scores is None or not ids:
            return dict.fromkeys(ids, 0.0)
        positions = self._positions(np.asarray(ids, dtype=np.int64))
        values = np.where(positions >= 0, scores[np.maximum(positions, 0)], 0.0)
        return dict(zip(ids, values.tolist(), strict=True))

    def _scores(self, query: str) -> np.ndarray | None:
        """Every unit's BM25 score for the query's known terms (None when it has none). The
        last query's scores are kept: candidates and their scores are asked of the same query."""
        if self.bm25 is None or not len(self.ids):
            return None
        tokens = tuple(t for t in tokenize(query) if t in self.bm25.vocab_dict)
        if not tokens:
            return None
        last = self._last
        if last is not None and last[0] == tokens:
            return last[1]
        scores = np.asarray(self.bm25.get_scores(list(tokens)), dtype=np.float64)
        scores.setflags(write=False)  # shared with the next caller of the same query
        self._last = (tokens, scores)
        return scores

    def _positions(self, unit_ids: np.ndarray) -> np.ndarray:
        """The bm25s position of each unit id (-1 for an id not indexed)."""
        sorted_ids = self._sorted_ids
        found = np.searchsorted(sorted_ids, unit_ids).clip(0, max(len(sorted_ids) - 1, 0))
        hit = sorted_ids[found] == unit_ids if len(sorted_ids) else np.zeros(len(unit_ids), bool)
        return np.where(hit, self._order[found], -1)

    def document_frequency(self, token: str) -> int:
        """How many units contain a (tokenized) term."""
        if self.bm25 is None:
            return 0
        token_id = self.bm25.vocab_dict.get(token)
        indptr = self.bm25.scores["indptr"]
        if token_id is None or token_id + 1 >= len(indptr):
            return 0
        return int(indptr[token_id + 1] - indptr[token_id])

    def idf(self, token: str) -> float:
        """BM25 inverse document frequency of a (tokenized) term; unseen terms count as rare."""
        n = len(self.ids)
        if self.bm25 is None or not n:
            return 0.0
        df = self.document_frequency(token)
        return float(np.log(1 + (n - df + 0.5) / (df + 0.5)))

    def save(self, folder: Path) -> None:
        """Write the BM25 matrices and the id map into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.bm25 is not None:
            self.bm25.save(str(folder), show_progress=False)
        np.save(folder / IDS_FILE, self.ids)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by `save`. The postings are memory-mapped: a query reads
        the pages of its own terms, so serving memory does not hold the whole matrix."""
        ids = np.load(folder / IDS_FILE)
        if not len(ids):
            return cls(None, ids)
        bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        return cls(bm25, ids)
