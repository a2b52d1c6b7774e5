"""Fit the answer scorer, calibrate it on held-out folds and choose the abstention threshold.

0. Answer kinds: a multinomial logistic regression from each question's vector to the
   kind of its right candidate; every candidate's `kind_fit` is then the out-of-fold
   probability of its own kind (so no question scores with a model that saw it).
1. Out-of-fold raw scores: a logistic regression per fold (folds group related
   questions, so a context never trains and tests at once). Each question's right
   candidates share one unit of weight (`question_weights`): held-out top-1 of the ranking
   on the training questions (2026-12-06, candidates collected with the weighted reranker)
   went 0.4904 unweighted -> 0.4995 weighted; C from 0.02 to 0.2 stayed within 0.004.
2. Confidence: gradient-boosted trees (`index.answering.confidence`), the mean of several
   models fitted on bootstrap resamples, over each question's best out-of-fold candidate
   (its score, margin, the candidate count and its features against the runner-up's)
   predict whether it is right; their
   held-out log-odds are Platt-scaled on folds that did not fit that map either, and
   the held-out confidences are averaged over several deals of the folds.
3. Threshold: the lowest confidence at which at most `MAX_WRONG_SHARE` of given
   answers are wrong. The figures reported answer each fold at the threshold chosen
   on the other folds, so they never rest on a threshold fitted to what they count.
4. Evidence order: a logistic regression over each read unit's rank score and its best
   candidate's out-of-fold raw score, fitted on the gold questions' evidence labels.
5. The shipped weights and trees are the same learners refitted on all the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from index.answering.answer_type import ANSWER_KINDS, AnswerKindModel
from index.answering.confidence import (
    CONFIDENCE_INPUT_NAMES,
    MONOTONIC,
    ConfidenceModel,
    confidence_inputs,
    disagreeing_runner_up,
)
from index.answering.features import FEATURE_NAMES
from index.answering.scorer import AnswerScorer
from index.answering.stated_figure import most_precise
from index.boosted_trees import BoostedTrees
from index.training.dataset import TrainingSet, question_weights
from index.training.rerank_fit import grouped_recall

FOLDS = 5
SEED = 0
# Inverse L2 strength over standardised features, chosen by grouped 5-fold top-1 accuracy of
# the held-out candidate ranking on the training questions (2026-12-05, C from 0.005 to 0.5:
# 0.05 best on every source, e.g. corpus training questions 0.597 at 0.5 -> 0.620).
REGULARISATION_C = 0.05
# Right or silent: at most this share of given answers may be wrong on held-out folds.
MAX_WRONG_SHARE = 0.03
# A threshold must rest on at least this many given answers to be trusted.
MIN_GIVEN = 30
# Inverse L2 strength of the answer-kind model over 384-d unit question vectors, chosen by
# grouped 5-fold accuracy on the training questions (2026-12-03: C=1 0.72, 10 0.79, 100 0.78,
# 1000 0.76; always guessing `amount` 0.66).
KIND_REGULARISATION_C = 10.0
# MiniLM's vector size, for a kind model fitted on no labelled question.
QUESTION_DIMENSIONS = 384
KIND_FIT = FEATURE_NAMES.index("kind_fit")
UNIT_RANK = FEATURE_NAMES.index("unit_rank")
IS_ROW = FEATURE_NAMES.index("is_row")
# Inverse L2 strength of the two-weight evidence order (a unit's rank score and its best
# candidate's raw score): two inputs over thousands of units need little restraint.
EVIDENCE_ORDER_C = 1.0
# The confidence trees: few leaves, many small steps and a minimum leaf size of 20 rows of
# its resample (a bootstrap repeats questions, so fewer distinct ones): coarse rules that
# transfer, not memorised questions. Set once before fitting, not searched on the held-out figures.
CONFIDENCE_TREES = 200
CONFIDENCE_LEARNING_RATE = 0.05
CONFIDENCE_LEAVES = 7
CONFIDENCE_MIN_LEAF = 20
# Held-out confidences are averaged over this many deals of the folds: with one deal the chosen
# threshold moved between 0.876 and 0.922 (177 to 238 answers given of 1,072) with the seed
# alone (2026-12-05); averaging five keeps the threshold from resting on one deal's luck.
CONFIDENCE_REPEATS = 5
# The confidence is the mean of this many tree models, each fitted on a bootstrap resample of
# the questions: one model's splits sit on single questions, and a refit after inputs move by
# 1e-7 could flip answers. Held-out over the training folds (2026-12-05): one model 0.202 right
# at 0.036 wrong among given, five 0.206 / 0.035, ten 0.213 / 0.034. All trees are walked at
# once (`BoostedTrees.logit`), so ten models cost a query little more than one.
CONFIDENCE_BAGS = 10


@dataclass(frozen=True)
class ConfidenceEffort:
    """How many fold deals and bootstrap models the confidence fit averages. `make train`
    uses the defaults; logic tests on small synthetic sets pass fewer to stay quick."""

    repeats: int = CONFIDENCE_REPEATS
    bags: int = CONFIDENCE_BAGS

    def __post_init__(self) -> None:
        if self.repeats < 1 or self.bags < 1:
            raise ValueError(f"the confidence fit needs at least one deal and one model, got {self}")


@dataclass
class HeldOutFigures:
    """Answers on held-out folds at the chosen threshold, for one data source."""

    source: str
    questions: int
    accuracy: float
    wrong: float
    abstained: float
    wrong_among_given: float


@dataclass
class EvidenceOrderFigures:
    """Held-out recall of gold evidence among the units read for answers: in rank order, and
    ordered again with their best candidates (`AnswerScorer.evidence_order`)."""

    questions: int = 0
    rank_recall_at_1: float = 0.0
    rank_recall_at_5: float = 0.0
    recall_at_1: float = 0.0
    recall_at_5: float = 0.0


@dataclass
class FitReport:
    """What `docqa train` prints and stores beside the model."""

    threshold: float
    held_out: list[HeldOutFigures]
    reliability: list[tuple[float, float, int]]  # (mean confidence, observed accuracy, count) per bin
    weights: dict[str, float] = field(default_factory=dict)
    rows: int = 0
    positives: int = 0
    evidence_order: EvidenceOrderFigures = field(default_factory=EvidenceOrderFigures)
    evidence_weights: tuple[float, float] = (1.0, 0.0)


def _learner() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION_C, max_iter=5000, random_state=SEED)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def _kind_labels(data: TrainingSet) -> np.ndarray:
    """Per question, the kind of its right candidates (the commonest), -1 when none is right."""
    labels = np.full(len(data.questions), -1)
    if len(data.kinds) != len(data.labels):
        return labels  # collected without candidate kinds
    for q in range(len(data.questions)):
        right = data.kinds[(data.question_of == q) & (data.labels == 1)]
        if len(right):
            labels[q] = int(np.bincount(right).argmax())
    return labels


def _fit_kinds(vectors: np.ndarray, labels: np.ndarray) -> AnswerKindModel:
    """The answer-kind model from question vectors and their kinds (-1: unlabelled)."""
    known = labels >= 0
    dims = vectors.shape[1] if vectors.size else QUESTION_DIMENSIONS
    if len(set(labels[known])) < 2:
        return AnswerKindModel.uniform(dims)
    model = LogisticRegression(C=KIND_REGULARISATION_C, max_iter=5000, random_state=SEED)
    model.fit(vectors[known], labels[known])
    coef, icpt = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # a binary fit has one row: split it into the two kinds' halves
        coef, icpt = np.vstack([-coef[0] / 2, coef[0] / 2]), np.array([-icpt[0] / 2, icpt[0] / 2])
    # A kind no labelled question asked for stays unlikely.
    weights, intercept = np.zeros((len(ANSWER_KINDS), dims)), np.full(len(ANSWER_KINDS), -20.0)
    for row, kind in enumerate(model.classes_):
        weights[kind], intercept[kind] = coef[row], icpt[row]
    return AnswerKindModel(weights, intercept)


def _with_kind_fit(data: TrainingSet) -> tuple[TrainingSet, AnswerKindModel]:
    """`data` with each row's `kind_fit` from a kind model fitted on the other folds, and the
    kind model fitted on all of it."""
    labels = _kind_labels(data)
    if not data.question_vectors.size:
        return data, _fit_kinds(data.question_vectors, labels)
    features = data.features.copy()
    groups = data.question_groups()
    questions = np.arange(len(data.questions))
    for train, test in GroupKFold(n_splits=FOLDS).split(questions, groups=groups):
        model = _fit_kinds(data.question_vectors[train], labels[train])
        probabilities = {q: model.probabilities(data.question_vectors[q]) for q in test}
        rows = np.flatnonzero(np.isin(data.question_of, test))
        features[rows, KIND_FIT] = [probabilities[data.question_of[r]][data.kinds[r]] for r in rows]
    updated = replace(data, features=features)
    return updated, _fit_kinds(data.question_vectors, labels)


def _out_of_fold_raw(data: TrainingSet) -> np.ndarray:
    """Each row's raw score from a model that never saw its group."""
    raw = np.zeros(len(data.labels))
    groups = data.groups()
    for train, test in GroupKFold(n_splits=FOLDS).split(data.features, data.labels, groups):
        mean, scale = _standardise(data.features[train])
        x = (data.features[train] - mean) / scale
        weights = question_weights(data.labels[train], data.question_of[train])
        model = _learner().fit(x, data.labels[train], sample_weight=weights)
        raw[test] = model.predict_proba((data.features[test] - mean) / scale)[:, 1]
    return raw


@dataclass
class BestCandidates:
    """Per question: the confidence model's inputs for its best candidate, whether that
    candidate is right, whether it has any candidate, and its fold group."""

    inputs: np.ndarray
    right: np.ndarray
    has: np.ndarray
    groups: np.ndarray


def _best_per_question(data: TrainingSet, raw: np.ndarray) -> BestCandidates:
    """Each question's best candidate by raw score and the best stating another figure, as
    confidence inputs."""
    n = len(data.questions)
    inputs = np.zeros((n, len(CONFIDENCE_INPUT_NAMES)))
    right, has = np.zeros(n, dtype=int), np.zeros(n, dtype=bool)
    for q in range(n):
        rows = np.flatnonzero(data.question_of == q)
        if not len(rows):
            continue
        order = rows[np.argsort(-raw[rows], kind="stable")]
        figures = [data.figure(r) for r in order]
        shown = figures[most_precise(figures, raw[order], data.features[order, IS_ROW] > 0)]
        runner_up = disagreeing_runner_up(figures, shown)
        inputs[q] = confidence_inputs(raw[order], data.features[order], 0, runner_up)
        right[q], has[q] = data.labels[order[0]], True
    return BestCandidates(inputs, right, has, data.question_groups())


class BaggedTrees:
    """`bags` monotonic tree models on bootstrap resamples; their mean log-odds."""

    def __init__(self, bags: int) -> None:
        self.bags = bags
        self.models: list[HistGradientBoostingClassifier] = []

    def fit(self, x: np.ndarray, y: np.ndarray) -> BaggedTrees:
        """Fit every model on its own resample (fixed seeds: a refit gives the same trees)."""
        rng = np.random.default_rng(SEED)
        self.models = []
        for bag in range(self.bags):
            rows = rng.integers(0, len(y), len(y))
            self.models.append(_one_confidence_model(bag).fit(x[rows], y[rows]))
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        """The mean log-odds of the models."""
        return np.mean([m.decision_function(x) for m in self.models], axis=0)

    def trees(self) -> BoostedTrees:
        """The whole ensemble as one set of trees (for the model file)."""
        return BoostedTrees.averaged([BoostedTrees.from_sklearn(m) for m in self.models])


def _one_confidence_model(seed: int) -> HistGradientBoostingClassifier:
    monotonic = [MONOTONIC.get(name, 0) for name in CONFIDENCE_INPUT_NAMES]
    return HistGradientBoostingClassifier(
        max_iter=CONFIDENCE_TREES,
        learning_rate=CONFIDENCE_LEARNING_RATE,
        max_leaf_nodes=CONFIDENCE_LEAVES,
        min_samples_leaf=CONFIDENCE_MIN_LEAF,
        l2_regularization=1.0,
        early_stopping=False,
        monotonic_cst=monotonic,
        random_state=seed,
    )


def _folds(b: BestCandidates, repeat: int = 0):
    """(train, test) question numbers of the grouped folds, over questions with candidates;
    each `repeat` deals the groups into folds afresh (a fixed seed per repeat)."""
    idx = np.flatnonzero(b.has)
    split = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED + repeat)
    for train, test in split.split(idx, groups=b.groups[idx]):
        yield idx[train], idx[test]


def _held_out_confidence(b: BestCandidates, effort: ConfidenceEffort) -> tuple[np.ndarray, np.ndarray]:
    """Each question's held-out confidence log-odds and calibrated confidence, averaged over
    `effort.repeats` deals of the folds: in each, trees and their Platt map are fitted on
    the other folds only."""
    logits = np.zeros(len(b.right))
    confidence = np.zeros(len(b.right))
    for repeat in range(effort.repeats):
        own = np.zeros(len(b.right))
        for train, test in _folds(b, repeat):
            model = BaggedTrees(effort.bags).fit(b.inputs[train], b.right[train])
            own[test] = model.decision_function(b.inputs[test])
        for train, test in _folds(b, repeat):
            slope, intercept = _platt(own[train], b.right[train])
            confidence[test] += 1.0 / (1.0 + np.exp(-(slope * own[test] + intercept)))
        logits += own
    return logits / effort.repeats, confidence / effort.repeats


def _platt(logits: np.ndarray, right: np.ndarray) -> tuple[float, float]:
    """Slope and intercept mapping log-odds to calibrated probabilities."""
    model = LogisticRegression(max_iter=1000, random_state=SEED).fit(logits.reshape(-1, 1), right)
    return float(model.coef_[0][0]), float(model.intercept_[0])


def _held_out_thresholds(b: BestCandidates, confidence: np.ndarray) -> np.ndarray:
    """Per question, the threshold chosen on the other folds (so the reported figures never
    rest on a threshold fitted to the questions they count)."""
    thresholds = np.ones(len(b.right))
    for train, test in _folds(b):
        mask = np.zeros(len(b.right), dtype=bool)
        mask[train] = True
        thresholds[test] = choose_threshold(confidence, b.right, mask)
    return thresholds


def choose_threshold(confidence: np.ndarray, right: np.ndarray, has: np.ndarray) -> float:
    """The lowest threshold whose given answers are at most `MAX_WRONG_SHARE` wrong.

    When no threshold with at least `MIN_GIVEN` answers meets that budget, the one with the
    smallest wrong share among given answers (the lowest such) is taken, and the fit report
    shows the share it reaches.
    """
    best_t, best_share = 1.0, 1.0
    for t in np.unique(confidence[has]):
        given = has & (confidence >= t)
        if given.sum() < MIN_GIVEN:
            break
        share = (given & (right == 0)).sum() / given.sum()
        if share <= MAX_WRONG_SHARE:
            return float(t)
        if share < best_share - 1e-9:
            best_t, best_share = float(t), share
    return best_t


def _figures(data: TrainingSet, confidence, right, has, threshold) -> list[HeldOutFigures]:
    """Answers per source when each question is answered at `threshold` (one value, or one
    per question)."""
    out = []
    sources = sorted({q.source for q in data.questions})
    for source in [*sources, "all"]:
        mask = np.array([source in ("all", q.source) for q in data.questions])
        answerable = mask & np.array([q.answerable for q in data.questions])
        given = mask & has & (confidence >= threshold)
        n = int(answerable.sum()) or 1
        given_n = int(given.sum()) or 1
        out.append(
            HeldOutFigures(
                source=source,
                questions=int(mask.sum()),
                accuracy=float((given & answerable & (right == 1)).sum() / n),
                wrong=float((given & answerable & (right == 0)).sum() / n),
                abstained=float(1 - (given & answerable).sum() / n),
                wrong_among_given=float((given & (right == 0)).sum() / given_n),
            )
        )
    return out


def _reliability(confidence, right, has, bins: int = 10) -> list[tuple[float, float, int]]:
    out = []
    edges = np.linspace(0, 1, bins + 1)
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = has & (confidence >= lo) & ((confidence < hi) if hi < 1 else (confidence <= hi))
        if m.any():
            out.append((float(confidence[m].mean()), float(right[m].mean()), int(m.sum())))
    return out


def _evidence_inputs(data: TrainingSet, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the read units of questions that name their evidence: (rank score, best candidate
    raw score) rows, their gold labels and their question numbers."""
    ranks = np.rint(1.0 / data.features[:, UNIT_RANK] - 1.0).astype(int) if len(raw) else np.zeros(0, int)
    best: dict[tuple[int, int], float] = {}
    for q, r, v in zip(data.question_of, ranks, raw, strict=True):
        best[(int(q), int(r))] = max(best.get((int(q), int(r)), 0.0), float(v))
    ev = data.evidence[data.evidence[:, 3] >= 0]
    x = np.column_stack([ev[:, 2], [best.get((int(q), int(r)), 0.0) for q, r in ev[:, :2]]])
    return x.reshape(-1, 2), ev[:, 3].astype(int), ev[:, 0].astype(int)


def _recall(scores: np.ndarray, labels: np.ndarray, questions: np.ndarray, k: int) -> float:
    """Share of questions (with a gold unit among the read ones) that have one in their top `k`."""
    found = np.isin(questions, np.unique(questions[labels > 0]))
    return grouped_recall(scores[found], labels[found], questions[found], k)


def _evidence_learner() -> LogisticRegression:
    return LogisticRegression(C=EVIDENCE_ORDER_C, max_iter=1000, random_state=SEED)


def fit_evidence_order(
    data: TrainingSet, raw: np.ndarray
) -> tuple[tuple[float, float], EvidenceOrderFigures]:
    """The two weights of the evidence order, fitted on the gold questions' read units with
    each candidate's out-of-fold raw score, and their held-out recall against rank order."""
    x, labels, questions = _evidence_inputs(data, raw)
    if len(set(labels)) < 2:
        return (1.0, 0.0), EvidenceOrderFigures()
    held_out = np.zeros(len(labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, labels, questions):
        held_out[test] = _evidence_learner().fit(x[train], labels[train]).decision_function(x[test])
    final = _evidence_learner().fit(x, labels)
    figures = EvidenceOrderFigures(
        questions=len(np.unique(questions)),
        rank_recall_at_1=_recall(x[:, 0], labels, questions, 1),
        rank_recall_at_5=_recall(x[:, 0], labels, questions, 5),
        recall_at_1=_recall(held_out, labels, questions, 1),
        recall_at_5=_recall(held_out, labels, questions, 5),
    )
    return (float(final.coef_[0][0]), float(final.coef_[0][1])), figures


def fit_scorer(
    data: TrainingSet, effort: ConfidenceEffort = ConfidenceEffort()
) -> tuple[AnswerScorer, FitReport]:
    """Fit weights, confidence model, calibration and threshold (see the module docstring)."""
    data, kinds = _with_kind_fit(data)
    raw = _out_of_fold_raw(data)
    evidence_weights, evidence_figures = fit_evidence_order(data, raw)
    b = _best_per_question(data, raw)
    logits, confidence = _held_out_confidence(b, effort)
    threshold = choose_threshold(confidence, b.right, b.has)
    trees = BaggedTrees(effort.bags).fit(b.inputs[b.has], b.right[b.has])
    slope, intercept = _platt(logits[b.has], b.right[b.has])
    mean, scale = _standardise(data.features)
    weights = question_weights(data.labels, data.question_of)
    final = _learner().fit((data.features - mean) / scale, data.labels, sample_weight=weights)
    scorer = AnswerScorer(
        mean=mean,
        scale=scale,
        weights=final.coef_[0],
        intercept=float(final.intercept_[0]),
        confidence=ConfidenceModel(trees.trees(), slope, intercept),
        threshold=threshold,
        kinds=kinds,
        evidence_weights=evidence_weights,
    )
    held_out_thresholds = _held_out_thresholds(b, confidence)
    report = FitReport(
        threshold=threshold,
        held_out=_figures(data, confidence, b.right, b.has, held_out_thresholds),
        reliability=_reliability(confidence, b.right, b.has),
        weights={name: float(w) for name, w in zip(FEATURE_NAMES, final.coef_[0], strict=True)},
        rows=len(data.labels),
        positives=int(data.labels.sum()),
        evidence_order=evidence_figures,
        evidence_weights=evidence_weights,
    )
    return scorer, report


def plot_reliability(report: FitReport, path, title: str = "Answer confidence on held-out folds") -> None:
    """Predicted confidence against observed accuracy, one point per bin, to a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4.5, 4.5), dpi=100)
    ax.plot([0, 1], [0, 1], color="#999", linestyle="--", linewidth=1, label="perfect calibration")
    if report.reliability:
        xs, ys, ns = zip(*report.reliability, strict=True)
        ax.plot(xs, ys, marker="o", color="#1f5fa8", label="docqa")
        for x, y, n in report.reliability:
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.axvline(report.threshold, color="#c0392b", linewidth=1, label=f"threshold {report.threshold:.2f}")
    ax.set_xlabel("predicted confidence of the best candidate")
    ax.set_ylabel("observed share right")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title, fontsize=10)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
