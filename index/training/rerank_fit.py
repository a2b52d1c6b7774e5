"""Fit the evidence reranker on gold questions and measure it on held-out folds.

Each gold question is run through the real candidate pool (dense + lexical, fused);
every pool unit is one row of `RerankFeatures`, labelled 1 when it is in a gold
document and quotes the gold answer. A logistic regression over the standardised
features is the rank score. Recall@1/@5 of the pool order are reported for the
fusion alone and for the fitted score on folds that never trained it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from index.rerank import RERANK_FEATURES, Reranker
from index.search import Searcher
from index.training.dataset import TrainingQuestion

FOLDS = 5
SEED = 0
# Inverse L2 strength on standardised features. Pool units are many and alike within a
# question, so a strong prior keeps any one feature from deciding alone.
REGULARISATION_C = 0.1


@dataclass
class RerankData:
    """Pool units of the training questions as feature rows, labelled, with their question."""

    features: np.ndarray
    labels: np.ndarray
    question_of: np.ndarray

    def save(self, path: Path) -> None:
        """Write to an `.npz` file (to refit without searching again)."""
        np.savez_compressed(path, features=self.features, labels=self.labels, question_of=self.question_of)

    @classmethod
    def load(cls, path: Path) -> RerankData:
        """Read a file written by `save`."""
        with np.load(path) as z:
            return cls(z["features"], z["labels"], z["question_of"])


@dataclass
class RerankReport:
    """Held-out recall of the pool order, before (fusion alone) and after the fitted score."""

    questions: int
    fused_recall_at_1: float
    fused_recall_at_5: float
    recall_at_1: float
    recall_at_5: float
    weights: dict[str, float]


def collect_rerank(searcher: Searcher, questions: list[TrainingQuestion]) -> RerankData:
    """The candidate pool of every answerable question that names its evidence."""
    rows, labels, owners = [], [], []
    names = {d.doc_id: d.name for d in searcher.documents()}
    asked = [q for q in questions if q.answerable and q.is_evidence is not None]
    for n, q in enumerate(asked):
        for unit, features in searcher.rerank_pool(q.question, list(q.docs) if q.docs else None):
            rows.append(features.vector())
            labels.append(int(q.is_evidence(names[unit.doc_id], unit.text)))
            owners.append(n)
    width = len(RERANK_FEATURES)
    return RerankData(
        np.vstack(rows) if rows else np.zeros((0, width)), np.array(labels, dtype=int), np.array(owners)
    )


def pool_recall(scores: np.ndarray, data: RerankData, k: int) -> float:
    """Share of questions with an evidence unit among their `k` best-scored pool units."""
    return grouped_recall(scores, data.labels, data.question_of, k)


def grouped_recall(scores: np.ndarray, labels: np.ndarray, questions: np.ndarray, k: int) -> float:
    """Share of questions (rows grouped by `questions`) with a positive label among their `k`
    best-scored rows."""
    groups = np.unique(questions)
    hits = 0
    for q in groups:
        mask = questions == q
        top = np.argsort(-scores[mask], kind="stable")[:k]
        hits += int(labels[mask][top].max(initial=0) > 0)
    return hits / len(groups) if len(groups) else 0.0


def _fit(features: np.ndarray, labels: np.ndarray) -> Reranker:
    mean = features.mean(axis=0)
    scale = features.std(axis=0)
    scale[scale < 1e-9] = 1.0
    model = LogisticRegression(C=REGULARISATION_C, max_iter=5000, random_state=SEED)
    model.fit((features - mean) / scale, labels)
    return Reranker(mean, scale, model.coef_[0], float(model.intercept_[0]))


def fit_reranker(data: RerankData) -> tuple[Reranker, RerankReport]:
    """The reranker fitted on all questions, and its held-out (grouped k-fold) recall."""
    held_out = np.zeros(len(data.labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(data.features, data.labels, data.question_of):
        held_out[test] = _fit(data.features[train], data.labels[train]).score(data.features[test])
    fused = data.features[:, RERANK_FEATURES.index("fused")]
    final = _fit(data.features, data.labels)
    report = RerankReport(
        questions=len(np.unique(data.question_of)),
        fused_recall_at_1=pool_recall(fused, data, 1),
        fused_recall_at_5=pool_recall(fused, data, 5),
        recall_at_1=pool_recall(held_out, data, 1),
        recall_at_5=pool_recall(held_out, data, 5),
        weights={n: float(w) for n, w in zip(RERANK_FEATURES, final.weights, strict=True)},
    )
    return final, report
