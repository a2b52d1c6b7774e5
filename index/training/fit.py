"""Fit the answer scorer, calibrate it on held-out folds and choose the abstention threshold.

1. Out-of-fold raw scores: a logistic regression per fold (folds group related
   questions, so a context never trains and tests at once).
2. Calibration: Platt scaling (a logistic regression) from a question's best raw
   score, its margin over the runner-up and the candidate count to whether that
   candidate was right, fitted on the out-of-fold best candidates.
3. Threshold: the lowest confidence at which, on folds whose calibration map did
   not see them either, at most `MAX_WRONG_SHARE` of given answers are wrong.
4. The shipped weights are the same learner refitted on all the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from index.answering.features import FEATURE_NAMES
from index.answering.scorer import AnswerScorer, confidence_inputs
from index.training.dataset import TrainingSet

FOLDS = 5
SEED = 0
# Inverse L2 strength: features are standardised, and this keeps weights small enough that
# no single feature decides alone (chosen before fitting, not tuned on the figures).
REGULARISATION_C = 0.5
# Right or silent: at most this share of given answers may be wrong on held-out folds.
MAX_WRONG_SHARE = 0.03
# A threshold must rest on at least this many given answers to be trusted.
MIN_GIVEN = 30


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
class FitReport:
    """What `docqa train` prints and stores beside the model."""

    threshold: float
    held_out: list[HeldOutFigures]
    reliability: list[tuple[float, float, int]]  # (mean confidence, observed accuracy, count) per bin
    weights: dict[str, float] = field(default_factory=dict)
    rows: int = 0
    positives: int = 0


def _learner() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION_C, max_iter=5000, random_state=SEED)


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    return mean, scale


def _out_of_fold_raw(data: TrainingSet) -> np.ndarray:
    """Each row's raw score from a model that never saw its group."""
    raw = np.zeros(len(data.labels))
    groups = data.groups()
    for train, test in GroupKFold(n_splits=FOLDS).split(data.features, data.labels, groups):
        mean, scale = _standardise(data.features[train])
        model = _learner().fit((data.features[train] - mean) / scale, data.labels[train])
        raw[test] = model.predict_proba((data.features[test] - mean) / scale)[:, 1]
    return raw


@dataclass
class BestCandidates:
    """Per question: the best raw score (-1 when it has no candidate), the runner-up's (0 when
    alone), the candidate count, whether the best is right, and the question's fold group."""

    best: np.ndarray
    runner_up: np.ndarray
    count: np.ndarray
    right: np.ndarray
    groups: np.ndarray

    def inputs(self, which: np.ndarray) -> np.ndarray:
        """The confidence model's inputs for the questions `which`."""
        return np.vstack(
            [confidence_inputs(self.best[i], self.runner_up[i], int(self.count[i])) for i in which]
        )


def _best_per_question(data: TrainingSet, raw: np.ndarray) -> BestCandidates:
    """The best and runner-up raw score of each question's candidates."""
    n = len(data.questions)
    best, runner_up = np.full(n, -1.0), np.zeros(n)
    count, right = np.zeros(n, dtype=int), np.zeros(n, dtype=int)
    for row, (q, score) in enumerate(zip(data.question_of, raw, strict=True)):
        count[q] += 1
        if score > best[q]:
            runner_up[q] = max(best[q], 0.0)
            best[q], right[q] = score, data.labels[row]
        elif score > runner_up[q]:
            runner_up[q] = score
    return BestCandidates(best, runner_up, count, right, data.question_groups())


def _platt(b: BestCandidates, which: np.ndarray) -> LogisticRegression:
    return LogisticRegression(max_iter=1000, random_state=SEED).fit(b.inputs(which), b.right[which])


def _held_out_confidence(b: BestCandidates) -> np.ndarray:
    """Calibrated confidence of each question's best candidate, from a model fitted on other folds."""
    confidence = np.zeros(len(b.best))
    idx = np.flatnonzero(b.best >= 0)
    for train, test in GroupKFold(n_splits=FOLDS).split(idx, groups=b.groups[idx]):
        confidence[idx[test]] = _platt(b, idx[train]).predict_proba(b.inputs(idx[test]))[:, 1]
    return confidence


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


def _figures(data: TrainingSet, confidence, right, has, threshold: float) -> list[HeldOutFigures]:
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


def fit_scorer(data: TrainingSet) -> tuple[AnswerScorer, FitReport]:
    """Fit weights, calibration and threshold as described in the module docstring."""
    raw = _out_of_fold_raw(data)
    b = _best_per_question(data, raw)
    right, has = b.right, b.best >= 0
    confidence = _held_out_confidence(b)
    threshold = choose_threshold(confidence, right, has)
    calibration = _platt(b, np.flatnonzero(has))
    mean, scale = _standardise(data.features)
    final = _learner().fit((data.features - mean) / scale, data.labels)
    scorer = AnswerScorer(
        mean=mean,
        scale=scale,
        weights=final.coef_[0],
        intercept=float(final.intercept_[0]),
        confidence_weights=calibration.coef_[0],
        confidence_intercept=float(calibration.intercept_[0]),
        threshold=threshold,
    )
    report = FitReport(
        threshold=threshold,
        held_out=_figures(data, confidence, right, has, threshold),
        reliability=_reliability(confidence, right, has),
        weights={name: float(w) for name, w in zip(FEATURE_NAMES, final.coef_[0], strict=True)},
        rows=len(data.labels),
        positives=int(data.labels.sum()),
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
