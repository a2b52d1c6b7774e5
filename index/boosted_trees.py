"""Gradient-boosted trees fitted by scikit-learn, kept as plain arrays and evaluated with numpy.

The answer confidence model and the evidence reranker are both
`HistGradientBoostingClassifier`s; their trees are copied out into flat node arrays,
written in the model's JSON file, and read back without scikit-learn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from index.model_file import DECIMALS, rounded


@dataclass(frozen=True)
class _PackedNodes:
    """Every tree's nodes end to end; `roots` is where each tree starts."""

    roots: np.ndarray
    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    is_leaf: np.ndarray


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
        """The summed log-odds of each row of `x` (rows at or below a threshold go left).

        Every tree is walked at once, one level per step, so the cost is the depth of the
        deepest tree in numpy calls, not the number of trees."""
        x = np.atleast_2d(x)
        if not self.feature:
            return np.full(len(x), self.baseline)
        packed = self._packed
        node = np.broadcast_to(packed.roots, (len(x), len(packed.roots))).copy()
        rows = np.arange(len(x))[:, None]
        while True:
            leaf = packed.is_leaf[node]
            if leaf.all():
                break
            go_left = x[rows, packed.feature[node]] <= packed.threshold[node]
            node = np.where(leaf, node, np.where(go_left, packed.left[node], packed.right[node]))
        return self.baseline + packed.value[node].sum(axis=1)

    @cached_property
    def _packed(self) -> _PackedNodes:
        """All trees' nodes in one set of arrays, children renumbered to match (at least one tree)."""
        roots = np.cumsum([0, *(len(f) for f in self.feature[:-1])]).astype(int)
        return _PackedNodes(
            roots=roots,
            feature=np.concatenate(self.feature),
            threshold=np.concatenate(self.threshold),
            left=np.concatenate([c + r for c, r in zip(self.left, roots, strict=True)]),
            right=np.concatenate([c + r for c, r in zip(self.right, roots, strict=True)]),
            value=np.concatenate(self.value),
            is_leaf=np.concatenate(self.is_leaf),
        )

    @classmethod
    def averaged(cls, models: list[BoostedTrees]) -> BoostedTrees:
        """One model whose log-odds are the mean of `models`' (their trees, leaves scaled)."""
        n = len(models)
        return cls(
            baseline=float(np.mean([m.baseline for m in models])),
            feature=[f for m in models for f in m.feature],
            threshold=[t for m in models for t in m.threshold],
            left=[c for m in models for c in m.left],
            right=[c for m in models for c in m.right],
            value=[v / n for m in models for v in m.value],
            is_leaf=[leaf for m in models for leaf in m.is_leaf],
        )

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
