"""How sure the best candidate is: boosted-tree models over the question's best candidates.

The candidate scorer ranks figures; whether its best figure is right depends on
more than that figure's score: how far it leads the runner-up, how many figures
compete, and what kind of match it is (a row whose label is exactly the metric
and whose column is the asked period is surer than a sentence that merely names
both). The confidence model reads the best candidate's raw score, its margin over the
best candidate stating another figure (the runner-up), the candidate count, the best
candidate's features and their difference from the runner-up's, and is the mean of
several gradient-boosted tree models (scikit-learn), each fitted on a bootstrap resample
of held-out folds of the training questions; its output is then Platt-scaled on folds it
never saw. Higher score and wider margin can only raise it (monotonic constraints).

The trees are stored as plain arrays in the scorer's JSON file and evaluated
with numpy (`index.boosted_trees`), so loading needs no scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from index.answering.features import FEATURE_NAMES
from index.answering.stated_figure import StatedFigure
from index.boosted_trees import BoostedTrees
from index.model_file import DECIMALS

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
    no candidate states another figure): raw scores `raw` and feature rows `features` of all
    the candidates."""
    lead = raw[best] - (raw[runner_up] if runner_up is not None else 0.0)
    other = features[runner_up] if runner_up is not None else np.zeros(features.shape[1])
    head = np.array([raw[best], lead, np.log1p(len(raw))])
    return np.concatenate([head, features[best], features[best] - other])


def disagreeing_runner_up(figures: list[StatedFigure], shown: StatedFigure | None = None) -> int | None:
    """The runner-up the best candidate's lead is measured against: the best-scored candidate
    after the first (`figures` best first) stating another figure than the first or than the
    figure `shown` as the answer in its place (a more precise restatement), or None when every
    one states the same figure (the same value in several decks is support, not competition)."""
    if not figures:
        return None
    top, shown = figures[0], shown or figures[0]
    return next((i for i, f in enumerate(figures) if i and not (f.agrees(top) and f.agrees(shown))), None)


@dataclass(frozen=True)
class ConfidenceModel:
    """Trees giving log-odds that the best candidate is right, then Platt scaling."""

    trees: BoostedTrees
    platt_slope: float
    platt_intercept: float

    def probability(self, inputs: np.ndarray) -> np.ndarray:
        """Calibrated probabilities for rows of `confidence_inputs`."""
        z = self.platt_slope * self.trees.logit(inputs) + self.platt_intercept
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
