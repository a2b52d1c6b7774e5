"""Fit the evidence reranker on gold questions and measure it on held-out folds.

Each gold question is run through the real candidate pool (dense + lexical, fused);
every pool unit is one row of `RerankFeatures`, labelled 1 when it is in a gold
document and quotes the gold answer. Gradient-boosted trees over each pool's
`rerank_inputs` give the rank score. Recall@1/@5 of the pool order are reported for
the fusion alone and for the fitted score on folds that never trained it; the folds group
questions by the fact they ask for (`sources.fact_group`), and their models are kept to
collect each question's answer candidates with a reranker that never saw it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

from index.boosted_trees import BoostedTrees
from index.rerank import RERANK_FEATURES, RERANK_INPUTS, Reranker, rerank_inputs
from index.search import Searcher
from index.training.dataset import TrainingQuestion, group_numbers, question_weights
from index.training.question_models import QuestionModels, searching_with

FOLDS = 5
SEED = 0
# Small trees, many small steps: about 131,000 pool units of some 1,300 questions, whose
# units are alike within a question. Each question's evidence units share one unit of weight
# (`question_weights`). On folds of the gold questions grouped by fact (corpus and PDFs,
# 2026-12-06), held-out recall@1 / @5:
#   unweighted, 150 trees of 15 leaves at a rate of 0.05: 0.648 / 0.857 (the earlier model);
#   unweighted, 300 trees: 0.645 / 0.860;
#   weighted, 150 trees: 0.658 / 0.863; 150 trees of 31 leaves: 0.662 / 0.867;
#   weighted, 150 trees at a rate of 0.1: 0.651 / 0.862;
#   weighted, 300 trees: 0.663 / 0.869 (the best; 31 leaves is as good within a few questions).
# All trees are walked at once per query (`BoostedTrees.logit`): the rerank stage took 5.3 ms
# with 150 trees and 6.5 ms with 300 for a pool of about 110 units (`docqa bench`, default
# corpus, 2026-12-06); the model file holds about 235 KB.
RERANK_TREES = 300
RERANK_LEARNING_RATE = 0.05
RERANK_LEAVES = 15
RERANK_L2 = 1.0


@dataclass
class RerankData:
    """Pool units of the training questions as feature rows, labelled, with their question."""

    features: np.ndarray
    labels: np.ndarray
    question_of: np.ndarray
    # Each row's fold group number (`rerank_groups`): questions about one fact (same document
    # and answer) share one, so a held-out fold never holds a rewording of a question its model
    # learned from.
    group_of: np.ndarray

    def save(self, path: Path) -> None:
        """Write to an `.npz` file (to refit without searching again)."""
        np.savez_compressed(
            path,
            features=self.features,
            labels=self.labels,
            question_of=self.question_of,
            group_of=self.group_of,
        )

    @classmethod
    def load(cls, path: Path) -> RerankData:
        """Read a file written by `save`."""
        with np.load(path) as z:
            if "group_of" not in z:
                raise ValueError(f"{path} has no fold groups: run 'docqa train' without --refit")
            return cls(z["features"], z["labels"], z["question_of"], z["group_of"])


@dataclass
class RerankReport:
    """Held-out recall of the pool order, before (fusion alone) and after the fitted score."""

    questions: int
    fused_recall_at_1: float
    fused_recall_at_5: float
    recall_at_1: float
    recall_at_5: float
    importance: dict[str, float]  # each input's share of the trees' splits


def rerank_questions(questions: list[TrainingQuestion]) -> list[TrainingQuestion]:
    """The questions the reranker learns from (numbered in this order): the answerable ones
    that name their evidence."""
    return [q for q in questions if q.answerable and q.is_evidence is not None]


def rerank_groups(questions: list[TrainingQuestion]) -> dict[str, int]:
    """The fold group number of each group among the questions the reranker learns from."""
    return group_numbers([q.group for q in rerank_questions(questions)])


def collect_rerank(
    searcher: Searcher,
    questions: list[TrainingQuestion],
    models_of: Callable[[TrainingQuestion], QuestionModels] | None = None,
) -> RerankData:
    """The candidate pool of every answerable question that names its evidence (its features
    read with the models `models_of(question)` gives in place of the searcher's own)."""
    rows, labels, owners, groups = [], [], [], []
    names = {d.doc_id: d.name for d in searcher.documents()}
    numbers = rerank_groups(questions)
    for n, q in enumerate(rerank_questions(questions)):
        with searching_with(searcher, models_of(q) if models_of else QuestionModels()):
            pool = searcher.rerank_pool(q.question, list(q.docs) if q.docs else None)
        for unit, features in pool:
            rows.append(features.vector())
            labels.append(int(q.is_evidence(names[unit.doc_id], unit.text)))
            owners.append(n)
            groups.append(numbers[q.group])
    width = len(RERANK_FEATURES)
    return RerankData(
        np.vstack(rows) if rows else np.zeros((0, width)),
        np.array(labels, dtype=int),
        np.array(owners, dtype=int),
        np.array(groups, dtype=int),
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


def pool_inputs(data: RerankData, rows: np.ndarray) -> np.ndarray:
    """`rerank_inputs` of the given rows, each question's rows read as one pool."""
    features, owners = data.features[rows], data.question_of[rows]
    out = np.zeros((len(rows), len(RERANK_INPUTS)))
    for q in np.unique(owners):
        mask = owners == q
        out[mask] = rerank_inputs(features[mask])
    return out


def _fit(data: RerankData, rows: np.ndarray, trees: int) -> Reranker:
    model = HistGradientBoostingClassifier(
        max_iter=trees,
        learning_rate=RERANK_LEARNING_RATE,
        max_leaf_nodes=RERANK_LEAVES,
        l2_regularization=RERANK_L2,
        early_stopping=False,
        random_state=SEED,
    )
    labels = data.labels[rows]
    weights = question_weights(labels, data.question_of[rows])
    model.fit(pool_inputs(data, rows), labels, sample_weight=weights)
    return Reranker(BoostedTrees.from_sklearn(model))


def split_shares(trees: BoostedTrees) -> dict[str, float]:
    """Each input's share of all the trees' splits (how much the model leans on it)."""
    counts = np.zeros(len(RERANK_INPUTS))
    for feature, leaf in zip(trees.feature, trees.is_leaf, strict=True):
        np.add.at(counts, feature[~leaf], 1)
    total = counts.sum() or 1.0
    return {name: round(float(c / total), 4) for name, c in zip(RERANK_INPUTS, counts, strict=True)}


@dataclass
class RerankFold:
    """The fold groups one fold held out, and the reranker fitted without them."""

    groups: frozenset[int]
    model: Reranker


@dataclass
class RerankFit:
    """The reranker fitted on all questions, its held-out figures, and its fold models (to
    collect answer candidates with rank scores from a model that never saw their fact)."""

    final: Reranker
    report: RerankReport
    folds: list[RerankFold]

    def held_out(self, questions: list[TrainingQuestion]) -> Callable[[TrainingQuestion], Reranker]:
        """For a question among the `questions` the reranker was collected from, the reranker
        whose training never saw its fact: its group's fold model, or the final one when no
        question of its group was learned from (an unanswerable one, or a fact with no pool)."""
        numbers = rerank_groups(questions)
        fold_of = {g: fold.model for fold in self.folds for g in fold.groups}
        return lambda q: fold_of.get(numbers.get(q.group, -1), self.final)


def fit_reranker(data: RerankData, trees: int = RERANK_TREES) -> RerankFit:
    """The reranker fitted on all questions, its held-out (grouped k-fold) recall and the
    fold models behind it. `trees` is `RERANK_TREES` for `make train`; logic tests on small
    synthetic pools pass fewer."""
    held_out = np.zeros(len(data.labels))
    folds = []
    for train, test in GroupKFold(n_splits=FOLDS).split(data.features, data.labels, data.group_of):
        model = _fit(data, train, trees)
        held_out[test] = model.trees.logit(pool_inputs(data, test))
        folds.append(RerankFold(frozenset(int(g) for g in np.unique(data.group_of[test])), model))
    fused = data.features[:, RERANK_FEATURES.index("fused")]
    final = _fit(data, np.arange(len(data.labels)), trees)
    report = RerankReport(
        questions=len(np.unique(data.question_of)),
        fused_recall_at_1=pool_recall(fused, data, 1),
        fused_recall_at_5=pool_recall(fused, data, 5),
        recall_at_1=pool_recall(held_out, data, 1),
        recall_at_5=pool_recall(held_out, data, 5),
        importance=split_shares(final.trees),
    )
    return RerankFit(final, report, folds)
