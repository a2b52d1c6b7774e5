"""The fitted answer scorer: a logistic regression over `CandidateFeatures`, calibrated.

The model file (`index/models/answer_scorer.json`, written by `docqa train`)
holds the feature names, their standardisation, the weights, an isotonic map
from the best candidate's raw score to the probability that it is right
(fitted on cross-validation folds the weights never saw) and the abstention
threshold chosen on those folds. Loading needs numpy only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.answering.features import FEATURE_NAMES

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
    calibration_x: np.ndarray
    calibration_y: np.ndarray
    threshold: float

    def raw(self, features: np.ndarray) -> np.ndarray:
        """The fitted probability of each candidate (rows of `features`) being the answer."""
        z = ((features - self.mean) / self.scale) @ self.weights + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def calibrated(self, raw: float) -> float:
        """The probability that a question's best candidate, scored `raw`, is right."""
        return float(np.interp(raw, self.calibration_x, self.calibration_y))

    def to_json(self, extra: dict | None = None) -> str:
        """The model file's text (stable key order and rounding, so refits compare by bytes)."""
        data = {
            "features": list(FEATURE_NAMES),
            "mean": _rounded(self.mean),
            "scale": _rounded(self.scale),
            "weights": _rounded(self.weights),
            "intercept": round(float(self.intercept), 6),
            "calibration_x": _rounded(self.calibration_x),
            "calibration_y": _rounded(self.calibration_y),
            "threshold": round(float(self.threshold), 6),
            **(extra or {}),
        }
        return json.dumps(data, indent=1) + "\n"

    @classmethod
    def load(cls, path: Path = DEFAULT_MODEL) -> AnswerScorer:
        """Read a model file written by `docqa train`."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ScorerModelError(f"cannot read the answer scorer {path}: {exc}; run 'make train'") from exc
        if tuple(data.get("features", ())) != FEATURE_NAMES:
            raise ScorerModelError(
                f"the answer scorer {path} was fitted on other features; run 'make train' to refit it"
            )
        return cls(
            mean=np.asarray(data["mean"]),
            scale=np.asarray(data["scale"]),
            weights=np.asarray(data["weights"]),
            intercept=float(data["intercept"]),
            calibration_x=np.asarray(data["calibration_x"]),
            calibration_y=np.asarray(data["calibration_y"]),
            threshold=float(data["threshold"]),
        )


def _rounded(values: np.ndarray) -> list[float]:
    return [round(float(v), 6) for v in values]
