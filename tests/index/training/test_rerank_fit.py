"""Fitting the reranker: evidence found by a feature the fusion does not weigh moves up."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.rerank import RERANK_FEATURES, Reranker, RerankerModelError, rerank_inputs
from index.training.dataset import TrainingQuestion
from index.training.rerank_fit import RerankData, fit_reranker, pool_inputs, pool_recall

LINE = RERANK_FEATURES.index("line_similarity")
FUSED = RERANK_FEATURES.index("fused")
# Synthetic pools need far fewer trees than the shipped 300 to learn their one signal.
TREES = 40
# Features are printed to this many decimals: with far fewer distinct values than bins, weighted
# fits mostly bin by midpoints instead of 254 weighted percentiles per feature (seconds per fit).
DECIMALS = 1


def _pools(questions: int = 200, size: int = 30, seed: int = 3) -> RerankData:
    """Pools where the fused score is noise and the evidence unit has the closest line
    (features rounded to `DECIMALS`)."""
    rng = np.random.default_rng(seed)
    rows, labels, owners = [], [], []
    for q in range(questions):
        gold = rng.integers(size)
        for u in range(size):
            x = rng.normal(0, 1, len(RERANK_FEATURES))
            x[LINE] = rng.normal(2.0 if u == gold else 0.0, 0.5)
            rows.append(x)
            labels.append(int(u == gold))
            owners.append(q)
    features = np.round(np.vstack(rows), DECIMALS)
    return RerankData(features, np.array(labels), np.array(owners), np.array(owners))


def test_held_out_recall_beats_the_fusion_alone():
    report = fit_reranker(_pools(), trees=TREES).report
    assert report.recall_at_5 > report.fused_recall_at_5 + 0.3
    assert report.recall_at_1 > 0.6
    leaned_on = max(report.importance, key=report.importance.get)
    assert leaned_on.startswith(RERANK_FEATURES[LINE])


def test_the_untrained_reranker_keeps_the_fused_order():
    data = _pools(questions=20)
    scores = Reranker.untrained().score(data.features)
    assert np.array_equal(np.argsort(-scores), np.argsort(-data.features[:, FUSED]))
    assert pool_recall(scores, data, 5) == pool_recall(data.features[:, FUSED], data, 5)


def test_the_model_file_round_trips(tmp_path):
    reranker = fit_reranker(_pools(questions=50), trees=TREES).final
    assert len(reranker.trees.feature) == TREES  # the asked number of trees, not the shipped 300
    path = tmp_path / "reranker.json"
    path.write_text(reranker.to_json(), encoding="utf-8")
    loaded = Reranker.load(path)
    data = _pools(questions=5, seed=9)
    assert np.allclose(loaded.score(data.features), reranker.score(data.features), atol=1e-3)


def test_a_model_fitted_on_other_features_is_refused(tmp_path):
    path = tmp_path / "reranker.json"
    path.write_text('{"features": ["old"], "mean": [0], "scale": [1], "weights": [1], "intercept": 0}')
    try:
        Reranker.load(path)
    except RerankerModelError as exc:
        assert "make train" in str(exc)
    else:
        raise AssertionError("an incompatible reranker file was accepted")


def test_a_model_fitted_on_other_pool_inputs_is_refused(tmp_path):
    reranker = fit_reranker(_pools(questions=30), trees=TREES).final
    data = json.loads(reranker.to_json())
    data["inputs"] = data["inputs"][:-1]
    path = tmp_path / "reranker.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(RerankerModelError, match="make train"):
        Reranker.load(path)


def test_a_units_gap_to_the_best_is_read_within_its_own_pool():
    data = _pools(questions=2, size=4)
    first, second = data.features[:4], data.features[4:]
    together = rerank_inputs(np.vstack([first, first + 1.0]))
    alone = rerank_inputs(first)
    assert np.allclose(alone[:, len(RERANK_FEATURES) :].max(axis=0), 0.0)
    assert not np.allclose(together[:4], alone)  # a pool's gaps depend on who else is in it
    assert np.allclose(pool_inputs(data, np.arange(8))[4:], rerank_inputs(second))


def _question(qid: str, answerable: bool = True, evidence: bool = True, group: str = "") -> TrainingQuestion:
    return TrainingQuestion(
        qid=qid,
        question=f"question {qid}",
        source="train",
        group=group or qid,
        is_correct=lambda text, value: False,
        answerable=answerable,
        is_evidence=(lambda doc, text: False) if evidence else None,
    )


def test_each_question_gets_a_reranker_that_never_saw_it():
    data = _pools(questions=40)
    fitted = fit_reranker(data, trees=TREES)
    # The pools' group numbers are those of the questions the reranker learns from; an
    # unanswerable question and one naming no evidence are not among them.
    learned = [_question(f"q{n}") for n in range(40)]
    none, free = _question("none", answerable=False), _question("free", evidence=False)
    questions = [none, *learned, free]
    reranker_of = fitted.held_out(questions)
    assert reranker_of(none) is fitted.final and reranker_of(free) is fitted.final
    assert len({id(reranker_of(q)) for q in questions}) == 1 + len(fitted.folds)
    for fold in fitted.folds:
        assert fold.model is not fitted.final
        for n in fold.groups:
            assert reranker_of(learned[n]) is fold.model
    assert sorted(g for fold in fitted.folds for g in fold.groups) == list(range(40))


def test_rewordings_of_one_fact_share_a_fold():
    data = _pools(questions=40)
    # Questions 2k and 2k+1 ask for one fact: no fold may train on one and test the other.
    data.group_of = data.question_of // 2
    fitted = fit_reranker(data, trees=TREES)
    learned = [_question(f"q{n}", group=f"fact{n // 2}") for n in range(40)]
    reranker_of = fitted.held_out(learned)
    for n in range(0, 40, 2):
        assert reranker_of(learned[n]) is reranker_of(learned[n + 1]) is not fitted.final
    assert sorted(g for fold in fitted.folds for g in fold.groups) == list(range(20))
