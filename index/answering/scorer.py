"""The fitted answer scorer: a logistic regression over `CandidateFeatures`, calibrated.

The model file (`index/models/answer_scorer.json`, written by `docqa train`)
holds the feature names, their standardisation, the weights (which rank the
candidates), a confidence model (`index.answering.confidence`: boosted trees over
the best candidate's score, margin and features, fitted on cross-validation folds
the weights never saw, then Platt-scaled) and the abstention threshold chosen on
held-out folds, and the answer-kind model (`index.answering.answer_type`). Loading
needs numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answering.answer_type import AnswerKindModel
from index.answering.confidence import CONFIDENCE_INPUT_NAMES, ConfidenceModel, confidence_inputs
from index.answering.features import FEATURE_NAMES
from index.model_file import DECIMALS, linear_json, linear_score, read_model

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
    confidence: ConfidenceModel
    threshold: float
    kinds: AnswerKindModel  # what kind of figure a question asks for (`kind_fit`)
    # Weights of a unit's rank score and of its best candidate's raw score in the evidence
    # order (a logistic regression fitted on the gold questions' evidence).
    evidence_weights: tuple[float, float] = (1.0, 0.0)

    def raw(self, features: np.ndarray) -> np.ndarray:
        """Each candidate's raw score (rows of `features`): the logistic model's probability, fitted
        with per-question weights, so it orders candidates but is not calibrated (the
        confidence model is)."""
        z = linear_score(features, self.mean, self.scale, self.weights, self.intercept)
        return 1.0 / (1.0 + np.exp(-z))

    def evidence_order(self, rank_scores: list[float], best_raw: list[float]) -> np.ndarray:
        """The order score of read units from their rank score and their best candidate's raw
        score (0 when a unit holds no candidate)."""
        a, b = self.evidence_weights
        return a * np.asarray(rank_scores, dtype=float) + b * np.asarray(best_raw, dtype=float)

    def calibrated(self, raw: np.ndarray, features: np.ndarray, best: int, runner_up: int | None) -> float:
        """The probability that candidate `best` is the right answer when `runner_up` (None when
        no candidate states another figure) is the strongest other figure; `raw` and `features`
        cover all the candidates."""
        inputs = confidence_inputs(raw, features, best, runner_up)
        return float(self.confidence.probability(inputs)[0])

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (stable key order and rounding, so refits compare by bytes)."""
        own = {
            "threshold": round(float(self.threshold), DECIMALS),
            "confidence": self.confidence.to_dict(),
            "answer_kinds": self.kinds.to_dict(),
            "evidence_weights": [round(float(w), DECIMALS) for w in self.evidence_weights],
        }
        return linear_json(
            FEATURE_NAMES, self.mean, self.scale, self.weights, self.intercept, {**own, **(extra or {})}
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> AnswerScorer:
        """Read a model file written by `docqa train`."""
        needs = ("confidence", "answer_kinds", "evidence_weights")
        data = read_model(path, FEATURE_NAMES, "answer scorer", ScorerModelError, needs=needs)
        if tuple(data["confidence"].get("inputs", ())) != CONFIDENCE_INPUT_NAMES:
            raise ScorerModelError(
                f"the answer scorer {path} has a confidence model over other inputs; run 'make train'"
            )
        return cls(
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            weights=np.asarray(data["weights"]),
            intercept=float(data["intercept"]),
            confidence=ConfidenceModel.from_dict(data["confidence"]),
            threshold=float(data["threshold"]),
            kinds=AnswerKindModel.from_dict(data["answer_kinds"]),
            evidence_weights=(float(data["evidence_weights"][0]), float(data["evidence_weights"][1])),
        )
