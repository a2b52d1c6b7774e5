"""How sure the best candidate is: a boosted-tree model over the question's best candidates.

The candidate scorer ranks figures; whether its best figure is right depends on
more than that figure's score: how far it leads the runner-up, how many figures
compete, and what kind of match it is (a row whose label is exactly the metric
and whose column is the asked period is surer than a sentence that merely names
both). The confidence model reads the best candidate's raw score, its margin, the
candidate count, the best candidate's features and their difference from the
runner-up's, and is fitted (gradient-boosted trees, scikit-learn) on held-out
folds of the training questions; its output is then Platt-scaled on folds it
never saw. Higher score and wider margin can only raise it (monotonic constraints).

The trees are stored as plain arrays in the scorer's JSON file and evaluated
here with numpy, so loading needs no scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.answering.features import FEATURE_NAMES
from index.model_file import DECIMALS, rounded

CONFIDENCE_INPUT_NAMES: tuple[str, ...] = (
    "best_score",
    "margin",
    "log_candidates",
    *(f"best:{n}" for n in FEATURE_NAMES),
    *(f"lead:{n}" for n in FEATURE_NAMES),
)
# A higher best score and a wider margin never make an answer less sure.
MONOTONIC = {"best_score": 1, "margin": 1}


def confidence_inputs(raw: np.ndarray, features: np.ndarray, best: int, runner_up: int | None) -> np.ndarray:
    """What the confidence model reads for candidate `best` with `runner_up` next (None when
    it stands alone): raw scores `raw` and feature rows `features` of all the candidates."""
    lead = raw[best] - (raw[runner_up] if runner_up is not None else 0.0)
    other = features[runner_up] if runner_up is not None else np.zeros(features.shape[1])
    head = np.array([raw[best], lead, np.log1p(len(raw))])
    return np.concatenate([head, features[best], features[best] - other])


@dataclass(frozen=True)
class BoostedTrees:
    """Additive regression trees on the log-odds scale, as flat node arrays per tree."""

    baseline: float
    feature: list[np.ndarray]
    threshold: list[np.ndarray]
    left: list[np.ndarray]
    right: list[np.ndarray]
    value: list[np.ndarray]  # a leaf's contribution; 0 at split nodes
    is_leaf: list[np.ndarray]

    def logit(self, x: np.ndarray) -> np.ndarray:
        """The summed log-odds of each row of `x` (rows at or below a threshold go left)."""
        z = np.full(len(x), self.baseline)
        rows = np.arange(len(x))
        for feat, thr, left, right, val, leaf in zip(
            self.feature, self.threshold, self.left, self.right, self.value, self.is_leaf, strict=True
        ):
            node = np.zeros(len(x), dtype=int)
            while not leaf[node].all():
                go_left = x[rows, feat[node]] <= thr[node]
                step = np.where(go_left, left[node], right[node])
                node = np.where(leaf[node], node, step)
            z += val[node]
        return z

    @classmethod
    def from_sklearn(cls, model) -> BoostedTrees:
        """The trees of a fitted binary `HistGradientBoostingClassifier` (no missing values)."""
        trees = [predictors[0].nodes for predictors in model._predictors]
        return cls(
            baseline=float(np.ravel(model._baseline_prediction)[0]),
            feature=[t["feature_idx"].astype(int) for t in trees],
            threshold=[t["num_threshold"].astype(float) for t in trees],
            left=[t["left"].astype(int) for t in trees],
            right=[t["right"].astype(int) for t in trees],
            value=[np.where(t["is_leaf"], t["value"], 0.0) for t in trees],
            is_leaf=[t["is_leaf"].astype(bool) for t in trees],
        )

    def to_dict(self) -> dict:
        """JSON-ready arrays: leaf values rounded like the linear models (so refits compare by
        bytes), thresholds exact (they are quantiles of the data, and a rounded one would send
        rows that sit beside it down the other branch)."""
        return {
            "baseline": round(self.baseline, DECIMALS),
            "trees": [
                {
                    "feature": f.tolist(),
                    "threshold": [float(v) for v in t],
                    "left": lo.tolist(),
                    "right": hi.tolist(),
                    "value": rounded(v),
                }
                for f, t, lo, hi, v in zip(
                    self.feature, self.threshold, self.left, self.right, self.value, strict=True
                )
            ],
        }

    @classmethod
    def from_dict(cls, data: dict) -> BoostedTrees:
        """Read `to_dict`'s output."""
        trees = data["trees"]
        return cls(
            baseline=float(data["baseline"]),
            feature=[np.asarray(t["feature"], dtype=int) for t in trees],
            threshold=[np.asarray(t["threshold"], dtype=float) for t in trees],
            left=[np.asarray(t["left"], dtype=int) for t in trees],
            right=[np.asarray(t["right"], dtype=int) for t in trees],
            value=[np.asarray(t["value"], dtype=float) for t in trees],
            is_leaf=[np.asarray(t["left"], dtype=int) == 0 for t in trees],
        )


@dataclass(frozen=True)
class ConfidenceModel:
    """Trees giving log-odds that the best candidate is right, then Platt scaling."""

    trees: BoostedTrees
    platt_slope: float
    platt_intercept: float

    def probability(self, inputs: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for rows of `confidence_inputs`."""
        z = self.platt_slope * self.trees.logit(np.atleast_2d(inputs)) + self.platt_intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_dict(self) -> dict:
        """JSON-ready form."""
        return {
            "inputs": list(CONFIDENCE_INPUT_NAMES),
            "platt_slope": round(self.platt_slope, DECIMALS),
            "platt_intercept": round(self.platt_intercept, DECIMALS),
            **self.trees.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> ConfidenceModel:
        """Read `to_dict`'s output."""
        return cls(BoostedTrees.from_dict(data), float(data["platt_slope"]), float(data["platt_intercept"]))
