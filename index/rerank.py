"""The fitted reranker: which of the fused dense + lexical candidates are evidence for the question.

Every unit in the candidate pool gets `RerankFeatures` (named numbers, no hand-set
weights); a logistic regression fitted by `docqa train` on gold questions (a unit is
positive when it is in a gold document and quotes the gold answer) turns them into
the rank score. The model file is `index/models/reranker.json`; loading needs numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from index.model_file import linear_json, linear_score, read_linear

DEFAULT_RERANKER = Path(__file__).resolve().parent / "models" / "reranker.json"


@dataclass
class RerankFeatures:
    """Why a unit might be evidence for the question."""

    fused: float = 0.0  # the weighted fusion of cosine and normalised BM25
    dense_cosine: float = 0.0  # the question against the whole unit (MiniLM)
    lexical: float = 0.0  # BM25 over the pool's best BM25
    term_coverage: float = 0.0  # IDF share of the question's words in the unit
    label_coverage: float = 0.0  # rows: IDF share of the question's words in the row label
    label_extra: float = 0.0  # rows: IDF share of the label the question does not name
    period_fits: float = 0.0  # the unit (or a column) names an asked period
    period_other: float = 0.0  # it names periods, none of them asked
    period_fits_covered: float = 0.0  # period_fits times term_coverage
    doc_hint: float = 0.0  # the question names this document (`the July 2009 deck`)
    is_row: float = 0.0
    entity_absent: float = 0.0  # a company the question names is not in the unit's document
    line_similarity: float = 0.0  # the question against the unit's closest line (MiniLM)
    line_metric_similarity: float = 0.0  # the question's metric phrase against that line
    furniture_similarity: float = 0.0  # the unit against page-furniture prototypes (`index.furniture`)
    repeated_lines: float = 0.0  # share of its lines that recur on many pages (headers, footers)

    def vector(self) -> np.ndarray:
        """The features in `RERANK_FEATURES` order."""
        return np.fromiter((getattr(self, name) for name in RERANK_FEATURES), dtype=np.float64)


RERANK_FEATURES: tuple[str, ...] = tuple(f.name for f in fields(RerankFeatures))


class RerankerModelError(Exception):
    """The reranker file is missing or was fitted on other features; run `make train`."""


@dataclass(frozen=True)
class Reranker:
    """A linear score over standardised `RerankFeatures` (higher ranks first)."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float

    @classmethod
    def untrained(cls) -> Reranker:
        """Rank by the fused score alone: what training starts from, before any fit."""
        n = len(RERANK_FEATURES)
        weights = np.zeros(n)
        weights[RERANK_FEATURES.index("fused")] = 1.0
        return cls(np.zeros(n), np.ones(n), weights, 0.0)

    def score(self, features: np.ndarray) -> np.ndarray:
        """The rank score (log-odds of being evidence) of each row of `features`."""
        if len(features) == 0:
            return np.zeros(0)
        return linear_score(features, self.mean, self.scale, self.weights, self.intercept)

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (stable order and rounding, so refits compare by bytes)."""
        return linear_json(RERANK_FEATURES, self.mean, self.scale, self.weights, self.intercept, extra or {})

    @classmethod
    def load(cls, path: Path = DEFAULT_RERANKER) -> Reranker:
        """Read a model file written by `docqa train`."""
        data = read_linear(path, RERANK_FEATURES, "reranker", RerankerModelError)
        return cls(
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            weights=np.asarray(data["weights"]),
            intercept=float(data["intercept"]),
        )
