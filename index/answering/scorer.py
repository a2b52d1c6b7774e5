"""The fitted answer scorer: a logistic regression over `CandidateFeatures`, calibrated.

The model file (`index/models/answer_scorer.json`, written by `docqa train`)
holds the feature names, their standardisation, the weights, a confidence model
(Platt scaling over the best candidate's raw score, its margin over the runner-up
and the number of candidates, fitted on cross-validation folds the weights never
saw: a best score that barely beats another figure is less sure than one that
stands alone) and the abstention threshold chosen on those folds. Loading needs
numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answering.features import FEATURE_NAMES
from index.model_file import DECIMALS, linear_json, linear_score, read_linear, rounded

DEFAULT_MODEL = Path(__file__).resolve().parents[1] / "models" / "answer_scorer.json"


class ScorerModelError(Exception):
    """The scorer file is missing or was fitted on other features; run `make train`."""


@dataclass(frozen=True)
class AnswerScorer:
    """Raw candidate scores, calibrated answer probabilities and the abstention threshold."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    intercept: float
    confidence_weights: np.ndarray  # over `confidence_inputs`
    confidence_intercept: float
    threshold: float

    def raw(self, features: np.ndarray) -> np.ndarray:
        """The fitted probability of each candidate (rows of `features`) being the answer."""
        z = linear_score(features, self.mean, self.scale, self.weights, self.intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def calibrated(self, best: float, runner_up: float, count: int) -> float:
        """The probability that a question's best candidate is right, from its raw score, the
        runner-up's raw score (0 when alone) and how many candidates there were."""
        z = float(confidence_inputs(best, runner_up, count) @ self.confidence_weights)
        return 1.0 / (1.0 + float(np.exp(-(z + self.confidence_intercept))))

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (stable key order and rounding, so refits compare by bytes)."""
        own = {
            "confidence_weights": rounded(self.confidence_weights),
            "confidence_intercept": round(float(self.confidence_intercept), DECIMALS),
            "threshold": round(float(self.threshold), DECIMALS),
        }
        return linear_json(
            FEATURE_NAMES, self.mean, self.scale, self.weights, self.intercept, {**own, **(extra or {})}
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> AnswerScorer:
        """Read a model file written by `docqa train`."""
        data = read_linear(
            path, FEATURE_NAMES, "answer scorer", ScorerModelError, needs=("confidence_weights",)
        )
        return cls(
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            weights=np.asarray(data["weights"]),
            intercept=float(data["intercept"]),
            confidence_weights=np.asarray(data["confidence_weights"]),
            confidence_intercept=float(data["confidence_intercept"]),
            threshold=float(data["threshold"]),
        )


def confidence_inputs(best: float, runner_up: float, count: int) -> np.ndarray:
    """What the confidence model reads: the best raw score, its margin over the runner-up and
    the log of the candidate count."""
    return np.array([best, best - runner_up, np.log1p(count)])
