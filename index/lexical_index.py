"""BM25 (bm25s) over the same units, with the financial tokenizer."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import bm25s
import numpy as np

from index.financial_tokenizer import tokenize

logging.getLogger("bm25s").setLevel(logging.ERROR)


class LexicalIndex:
    """BM25 scores for unit ids; the position in the bm25s index maps to an id."""

    def __init__(self, bm25: bm25s.BM25 | None, ids: list[int]) -> None:
        self.bm25 = bm25
        self.ids = ids

    @classmethod
    def build(cls, texts: list[str], ids: list[int]) -> LexicalIndex:
        """Index `texts` under `ids` (same order)."""
        if not texts:
            return cls(None, [])
        bm25 = bm25s.BM25()
        bm25.index([tokenize(t) or [""] for t in texts], show_progress=False)
        return cls(bm25, list(ids))

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """Return up to k `(id, bm25 score)` pairs with a positive score, best first."""
        tokens = [t for t in tokenize(query) if self.bm25 is not None and t in self.bm25.vocab_dict]
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        docs, scores = self.bm25.retrieve([tokens], k=k, show_progress=False, n_threads=1)
        return [(self.ids[int(d)], float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def scores_for(self, query: str, ids: list[int]) -> dict[int, float]:
        """BM25 scores of specific units (0 for units without a query term)."""
        tokens = [t for t in tokenize(query) if self.bm25 is not None and t in self.bm25.vocab_dict]
        if not tokens or not ids:
            return dict.fromkeys(ids, 0.0)
        if not hasattr(self, "_positions"):
            self._positions = {unit_id: pos for pos, unit_id in enumerate(self.ids)}
        all_scores = self.bm25.get_scores(tokens)
        return {i: float(all_scores[self._positions[i]]) if i in self._positions else 0.0 for i in ids}

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
        (folder / "ids.json").write_text(json.dumps(self.ids))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Read an index written by `save`."""
        ids = json.loads((folder / "ids.json").read_text())
        if not ids:
            return cls(None, [])
        bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        return cls(bm25, [int(i) for i in np.asarray(ids)])
