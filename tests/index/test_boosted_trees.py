"""Trees copied out of scikit-learn: evaluated with numpy, alone and averaged."""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from index.boosted_trees import BoostedTrees


def _fitted(seed: int) -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(400, 5))
    y = (x[:, 1] - 0.7 * x[:, 4] + rng.normal(0, 0.5, 400) > 0).astype(int)
    return HistGradientBoostingClassifier(max_iter=25, max_leaf_nodes=9, random_state=0).fit(x, y), x


def test_averaged_trees_give_the_mean_of_the_models_log_odds():
    (a, x), (b, _) = _fitted(1), _fitted(2)
    mean = (a.decision_function(x) + b.decision_function(x)) / 2
    averaged = BoostedTrees.averaged([BoostedTrees.from_sklearn(a), BoostedTrees.from_sklearn(b)])
    assert np.allclose(averaged.logit(x), mean, atol=1e-9)
    stored = BoostedTrees.from_dict(averaged.to_dict())
    assert np.allclose(stored.logit(x), mean, atol=1e-4)


def test_one_row_scores_as_it_does_among_many():
    model, x = _fitted(4)
    trees = BoostedTrees.from_sklearn(model)
    assert np.allclose(trees.logit(x[7]), trees.logit(x)[7])
