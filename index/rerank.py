"""The fitted reranker: which of the fused dense + lexical candidates are evidence for the question.

Every unit in the candidate pool gets `RerankFeatures` (named numbers, no hand-set
weights). The model reads them together with the pool-relative ones (how far a unit's
cosine or coverage falls below the best in this question's pool: a cosine's level varies
from question to question, its gap to the best much less). Gradient-boosted trees fitted
by `docqa train` on gold questions (a unit is positive when it is in a gold document and
quotes the gold answer) turn them into the rank score: trees, unlike one weight per
feature, can learn that term coverage counts when a unit also states figures. The model
file is `index/models/reranker.json`; loading needs numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

from index.boosted_trees import BoostedTrees
from index.model_file import model_json, read_model

DEFAULT_RERANKER = Path(__file__).resolve().parent / "models" / "reranker.json"


@dataclass
class RerankFeatures:
    """Why a unit might be evidence for the question."""

    fused: float = 0.0  # the weighted fusion of cosine and normalised BM25
    dense_cosine: float = 0.0  # the question against the whole unit (MiniLM)
    lexical: float = 0.0  # BM25 over the pool's best BM25
    term_coverage: float = 0.0  # IDF share of the question's words in the unit
    # IDF share of the question's words the unit lacks but writes a learned stand-in for
    # (`index.paraphrase_map`: `borrowings` for `debt`), each by the pair's strength.
    paraphrase_coverage: float = 0.0
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
    figures: float = 0.0  # log(1 + the figures its text states), years not counted
    doc_coverage: float = 0.0  # IDF share of the question's words found in its document's passages
    # Whether the document speaks of the asked period at all (a 10-K for 2022 holds no `1H09`),
    # and how much of it does: over the periods its text names, each mention once (counted at
    # build time). The same share for the unit itself, over its embedded text.
    doc_period_fits: float = 0.0  # its document's text names an asked period
    doc_period_share: float = 0.0  # the share of its document's period mentions that are asked
    unit_period_share: float = 0.0  # the share of the unit's own period mentions that are asked
    # A question asking a target (forecast, plan) and a unit naming one: a plan's figure is
    # found beside those words (`Target Announced`), a result's seldom.
    asks_target: float = 0.0
    names_target: float = 0.0

    def vector(self) -> np.ndarray:
        """The features in `RERANK_FEATURES` order."""
        return np.fromiter((getattr(self, name) for name in RERANK_FEATURES), dtype=np.float64)


RERANK_FEATURES: tuple[str, ...] = tuple(f.name for f in fields(RerankFeatures))
# Read also as the gap to the best unit of the same pool.
POOL_RELATIVE: tuple[str, ...] = (
    "fused",
    "dense_cosine",
    "term_coverage",
    "label_coverage",
    "line_similarity",
    "line_metric_similarity",
)
RERANK_INPUTS: tuple[str, ...] = (*RERANK_FEATURES, *(f"{n} below pool best" for n in POOL_RELATIVE))
_RELATIVE_COLUMNS = [RERANK_FEATURES.index(n) for n in POOL_RELATIVE]
_FUSED = RERANK_FEATURES.index("fused")


def rerank_inputs(features: np.ndarray) -> np.ndarray:
    """What the model reads for one question's pool (rows of `RerankFeatures.vector`): the
    features, then each `POOL_RELATIVE` one minus its best in the pool."""
    relative = features[:, _RELATIVE_COLUMNS]
    return np.hstack([features, relative - relative.max(axis=0, initial=-np.inf)])


class RerankerModelError(Exception):
    """The reranker file is missing or was fitted on other features; run `make train`."""


@dataclass(frozen=True)
class Reranker:
    """Boosted trees over `rerank_inputs` (higher ranks first); without trees, the fused score."""

    trees: BoostedTrees | None

    @classmethod
    def untrained(cls) -> Reranker:
        """Rank by the fused score alone: what training starts from, before any fit."""
        return cls(None)

    def score(self, features: np.ndarray) -> np.ndarray:
        """The rank score (log-odds of being evidence) of each unit of one question's pool."""
        if len(features) == 0:
            return np.zeros(0)
        if self.trees is None:
            return features[:, _FUSED].astype(float)
        return self.trees.logit(rerank_inputs(features))

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (stable order and rounding, so refits compare by bytes)."""
        if self.trees is None:
            raise ValueError("an untrained reranker has no model file")
        data = {"features": list(RERANK_FEATURES), "inputs": list(RERANK_INPUTS), **self.trees.to_dict()}
        return model_json({**data, **(extra or {})})

    @classmethod
    def load(cls, path: Path = DEFAULT_RERANKER) -> Reranker:
        """Read a model file written by `docqa train`."""
        data = read_model(
            path, RERANK_FEATURES, "reranker", RerankerModelError, needs=("trees",), inputs=RERANK_INPUTS
        )
        return cls(BoostedTrees.from_dict(data))
