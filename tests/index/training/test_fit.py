"""Fitting the answer scorer: weights from data, calibration on held-out folds, a safe threshold."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from index.answering.confidence import CONFIDENCE_INPUT_NAMES
from index.answering.features import FEATURE_NAMES
from index.answering.scorer import AnswerScorer
from index.answering.stated_figure import StatedFigure
from index.training.dataset import QuestionInfo, TrainingQuestion, TrainingSet, collect, load, save
from index.training.fit import (
    MAX_WRONG_SHARE,
    ConfidenceEffort,
    _best_per_question,
    choose_threshold,
    fit_scorer,
)
from index.training.question_models import QuestionModels

COVERAGE = FEATURE_NAMES.index("metric_coverage")
NOISE_WIDTH = 128  # more than there are features
# One deal of the folds and three bootstrap models: the shipped ten-by-five averaging only
# steadies figures on real data, and costs these logic tests minutes.
QUICK = ConfidenceEffort(repeats=1, bags=3)


def _synthetic(questions: int = 400, seed: int = 1) -> TrainingSet:
    """Five candidates per question; the right one (if any) has high metric coverage."""
    rng = np.random.default_rng(seed)
    rows, labels, owners, infos = [], [], [], []
    for q in range(questions):
        answerable = q % 5 != 0
        right = rng.integers(5) if answerable else -1
        for c in range(5):
            x = rng.normal(0, 1, NOISE_WIDTH)[: len(FEATURE_NAMES)]  # same draws as features are added
            x[COVERAGE] = rng.normal(2.5 if c == right else 0.0, 0.8)
            rows.append(x)
            labels.append(int(c == right))
            owners.append(q)
        infos.append(QuestionInfo(f"q{q}", "synthetic", f"g{q}", answerable))
    figures = len(labels)
    return TrainingSet(
        np.vstack(rows),
        np.array(labels),
        np.array(owners),
        infos,
        values=np.arange(figures, dtype=float),  # every candidate states its own figure
        steps=np.ones(figures),
        texts=np.array([str(i) for i in range(figures)]),
    )


@pytest.fixture(scope="module")
def fitted():
    """The scorer and its report, fitted once on the synthetic questions."""
    return fit_scorer(_synthetic(), QUICK)


def test_a_confidence_fit_without_models_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        ConfidenceEffort(repeats=0)


def test_the_informative_feature_gets_the_largest_weight(fitted):
    scorer, report = fitted
    weights = np.abs(scorer.weights)
    assert int(np.argmax(weights)) == COVERAGE
    assert report.weights["metric_coverage"] > 0


def test_held_out_answers_stay_within_the_wrong_answer_budget(fitted):
    _, report = fitted
    overall = next(h for h in report.held_out if h.source == "all")
    assert overall.wrong <= MAX_WRONG_SHARE + 0.02  # the budget is on given answers; this is on all
    assert overall.accuracy > 0.5


def test_confidence_grows_with_score_and_margin_and_the_model_round_trips(fitted, tmp_path):
    scorer, _ = fitted
    path = tmp_path / "scorer.json"
    path.write_text(scorer.to_json())
    loaded = AnswerScorer.load(path)
    features = np.zeros((5, len(FEATURE_NAMES)))

    def confidence(model, best: float, runner_up: float) -> float:
        raw = np.array([best, runner_up, 0.05, 0.05, 0.05])
        return model.calibrated(raw, features, 0, 1)

    # Higher best score, or a wider margin over the runner-up, never lowers the confidence.
    scores = np.linspace(0.2, 1, 9)
    assert np.all(np.diff([confidence(loaded, b, 0.1) for b in scores]) >= -1e-12)
    assert confidence(loaded, 0.9, 0.1) >= confidence(loaded, 0.9, 0.85)
    assert confidence(loaded, 0.95, 0.05) > confidence(loaded, 0.3, 0.25)
    assert abs(confidence(loaded, 0.9, 0.1) - confidence(scorer, 0.9, 0.1)) < 1e-4
    x = np.zeros((1, len(FEATURE_NAMES)))
    assert abs(loaded.raw(x)[0] - scorer.raw(x)[0]) < 1e-4


def test_stored_trees_predict_what_scikit_learn_predicts():
    from sklearn.ensemble import HistGradientBoostingClassifier

    from index.boosted_trees import BoostedTrees

    rng = np.random.default_rng(3)
    x = rng.normal(size=(600, 6))
    y = (x[:, 0] + 0.5 * x[:, 3] > 0).astype(int)
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=7, random_state=0).fit(x, y)
    trees = BoostedTrees.from_dict(BoostedTrees.from_sklearn(model).to_dict())
    assert np.allclose(trees.logit(x), model.decision_function(x), atol=1e-4)


def test_threshold_is_the_lowest_with_few_wrong_answers():
    confidence = np.array([0.95] * 40 + [0.6] * 40)
    right = np.array([1] * 40 + [1, 0] * 20)
    has = np.ones(80, dtype=bool)
    assert choose_threshold(confidence, right, has) == 0.95


def test_training_sets_round_trip(tmp_path):
    data = _synthetic(10)
    save(data, tmp_path / "c.npz")
    again = load(tmp_path / "c.npz")
    assert np.array_equal(again.features, data.features) and again.questions == data.questions
    assert [again.figure(r) for r in range(len(again.labels))] == [
        data.figure(r) for r in range(len(data.labels))
    ]


def _one_question(labels: list[int], figures: list[StatedFigure]) -> TrainingSet:
    """One question whose candidates (best first) state `figures`."""
    rows = len(labels)
    return TrainingSet(
        np.zeros((rows, len(FEATURE_NAMES))),
        np.array(labels),
        np.zeros(rows, dtype=int),
        [QuestionInfo("q", "synthetic", "g", True)],
        values=np.array([np.nan if f.value is None else f.value for f in figures]),
        steps=np.array([np.nan if f.step is None else f.step for f in figures]),
        texts=np.array([f.text for f in figures]),
    )


BILLIONS = StatedFigure("2.9", 2.9e9, 1e8)  # `2.9` in a JPY-billion table
MILLIONS = StatedFigure("JPY2,917 million", 2.917e9, 1e6)


def test_candidate_figures_survive_a_round_trip_and_a_set_without_them_is_refused(tmp_path):
    share = StatedFigure("12.5%", None, None)
    save(_one_question([1, 0], [share, MILLIONS]), tmp_path / "c.npz")
    again = load(tmp_path / "c.npz")
    assert [again.figure(0), again.figure(1)] == [share, MILLIONS]
    with np.load(tmp_path / "c.npz") as z:
        np.savez(tmp_path / "old.npz", **{k: z[k] for k in z.files if k not in ("values", "steps", "texts")})
    with pytest.raises(ValueError, match="no candidate figures"):
        load(tmp_path / "old.npz")
    with pytest.raises(ValueError, match="figure"):
        TrainingSet(np.zeros((1, len(FEATURE_NAMES))), np.array([1]), np.array([0]), [])


def _margin(figures: list[StatedFigure], raw: list[float]) -> float:
    """The lead the confidence model learns for a question with these candidates."""
    best = _best_per_question(_one_question([1] + [0] * (len(raw) - 1), figures), np.array(raw))
    return float(best.inputs[0, CONFIDENCE_INPUT_NAMES.index("margin")])


def test_the_confidence_learns_the_lead_over_the_best_candidate_stating_another_figure():
    # The second candidate repeats the first (to other precision); the third disagrees.
    other = StatedFigure("4.1", 4.1e9, 1e8)
    assert _margin([BILLIONS, MILLIONS, other], [0.8, 0.7, 0.3]) == pytest.approx(0.8 - 0.3)


def test_the_lead_is_over_a_figure_disagreeing_with_the_more_precise_statement_shown():
    # `JPY2,917 million` is shown in the place of `2.9`; `JPY2,860 million` agrees with the
    # first to its precision but not with the answer shown.
    close = StatedFigure("JPY2,860 million", 2.86e9, 1e6)
    assert _margin([BILLIONS, MILLIONS, close], [0.8, 0.7, 0.6]) == pytest.approx(0.8 - 0.6)


def test_the_evidence_order_learns_that_units_holding_the_answer_are_evidence(tmp_path):
    """Units read for answers: the gold unit is not the best ranked, but it holds the right
    candidate; the fitted order weighs the candidate and finds the gold unit more often."""
    from dataclasses import replace

    from index.training.fit import fit_evidence_order

    data = _synthetic(questions=300, seed=4)
    rng = np.random.default_rng(5)
    unit_rank = FEATURE_NAMES.index("unit_rank")
    evidence = []
    for q in range(len(data.questions)):
        rows = np.flatnonzero(data.question_of == q)
        gold_rank = None
        for r, row in enumerate(rows):  # candidate c sits in unit c
            data.features[row, unit_rank] = 1.0 / (1.0 + r)
            if data.labels[row]:
                gold_rank = r
        for r in range(len(rows)):
            score = rng.normal(0, 1) - 0.3 * r  # rank scores that only loosely know the gold unit
            evidence.append((q, r, score, -1 if gold_rank is None else int(r == gold_rank)))
    data = replace(data, evidence=np.array(evidence, dtype=float))
    raw = 1.0 / (1.0 + np.exp(-data.features[:, COVERAGE]))
    (rank_weight, candidate_weight), figures = fit_evidence_order(data, raw)
    assert candidate_weight > 0
    assert figures.recall_at_1 > figures.rank_recall_at_1 + 0.2
    save(data, tmp_path / "set.npz")
    assert np.array_equal(load(tmp_path / "set.npz").evidence, data.evidence)


def test_each_question_is_searched_with_its_fold_models_and_the_searcher_keeps_its_own():
    seen = []

    class Searcher:
        reranker, metric_words, paraphrases = "own", "own words", "own map"
        embedder = SimpleNamespace(encode=lambda texts: np.zeros((len(texts), 3)))

        def documents(self):
            return []

        def search_with_candidates(self, question, k, docs):
            seen.append((question, self.reranker, self.metric_words, self.paraphrases))
            return None, SimpleNamespace(evidence=[], candidates=[])

    def question(qid: str, text: str, group: str) -> TrainingQuestion:
        return TrainingQuestion(qid, text, "train", group, lambda t, v: False, True)

    questions = [question("a", "backlog at year end?", "g1"), question("b", "order intake in 2023?", "g2")]
    models = {
        "g1": QuestionModels("fold", "fold words", "fold map"),
        "g2": QuestionModels(paraphrases="map 2"),
    }
    searcher = Searcher()
    data = collect(searcher, questions, models_of=lambda q: models[q.group])
    assert seen == [
        ("backlog at year end?", "fold", "fold words", "fold map"),
        ("order intake in 2023?", "own", "own words", "map 2"),
    ]
    assert (searcher.reranker, searcher.metric_words, searcher.paraphrases) == ("own", "own words", "own map")
    assert [q.qid for q in data.questions] == ["a", "b"]
