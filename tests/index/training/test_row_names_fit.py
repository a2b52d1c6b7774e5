"""The row-names question model: fitted on labelled questions, its threshold held out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from index.answering.row_names import RowNamesModel
from index.training.row_names_fit import MIN_PRECISION, NamesQuestions, fit_row_names, names_questions


def _synthetic(n: int = 600, seed: int = 2) -> tuple[np.ndarray, NamesQuestions]:
    """Unit vectors where names questions lean along the first axis (a tenth of them)."""
    rng = np.random.default_rng(seed)
    labels = (np.arange(n) % 10 == 0).astype(int)
    vectors = rng.normal(0, 1, (n, 16))
    vectors[:, 0] += 4.0 * labels
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    groups = np.array([f"g{i // 3}" for i in range(n)])
    return vectors, NamesQuestions([f"q{i}" for i in range(n)], labels, groups)


def test_the_held_out_threshold_keeps_figure_questions_out():
    vectors, data = _synthetic()
    model, report = fit_row_names(vectors, data)
    assert report.positives == 60 and report.questions == 600
    assert report.precision >= MIN_PRECISION and report.recall > 0.5
    taken = np.array([model.asks_names(t, v) for t, v in zip(data.texts, vectors, strict=True)])
    assert (taken & (data.labels == 0)).sum() <= 0.1 * taken.sum()


def test_without_names_questions_the_model_never_fires():
    vectors, data = _synthetic()
    none = NamesQuestions(data.texts, np.zeros_like(data.labels), data.groups)
    none.labels[0] = 1  # one is not enough to learn from
    model, report = fit_row_names(vectors, none)
    assert report.threshold == 1.0
    assert not any(model.asks_names(t, v) for t, v in zip(data.texts, vectors, strict=True))


def test_a_model_file_reads_back_the_same(tmp_path):
    vectors, data = _synthetic()
    model, _ = fit_row_names(vectors, data)
    path = tmp_path / "row_names.json"
    path.write_text(model.to_json(), encoding="utf-8")
    again = RowNamesModel.load(path)
    pairs = list(zip(data.texts, vectors, strict=True))
    assert [again.probability(t, v) for t, v in pairs] == pytest.approx(
        [model.probability(t, v) for t, v in pairs], abs=1e-4
    )


def test_the_words_of_a_question_are_learned_from():
    """Names questions worded alike, with vectors that say nothing: the words decide."""
    rng = np.random.default_rng(3)
    texts = [
        f"which {w} were listed" if i % 4 == 0 else f"how much was {w}" for i, w in enumerate(range(400))
    ]
    labels = np.array([int(i % 4 == 0) for i in range(400)])
    vectors = rng.normal(0, 1, (400, 8))
    data = NamesQuestions(texts, labels, np.array([f"g{i // 2}" for i in range(400)]))
    model, report = fit_row_names(vectors, data)
    assert report.recall > 0.9 and report.precision >= MIN_PRECISION
    assert model.terms["listed"] > 0 > model.terms["how much"]
    assert model.asks_names("which items were listed", np.zeros(8))
    assert not model.asks_names("how much was it", np.zeros(8))


def test_questions_are_labelled_from_table_row_labels(tmp_path):
    context = {
        "table": {"uid": "t1", "table": [["", "2024"], ["Cloud", "40"], ["Consulting", "30"]]},
        "questions": [
            {"question": "Which lines are shown?", "answer": ["Cloud", "Consulting"], "answer_from": "table"},
            {"question": "What was cloud revenue?", "answer": "40", "answer_from": "table"},
            {"question": "What does the note say?", "answer": "Cloud", "answer_from": "text"},
        ],
    }
    tatqa = tmp_path / "tatqa.json"
    tatqa.write_text(json.dumps([context]), encoding="utf-8")
    names = tmp_path / "names.jsonl"
    names.write_text(
        json.dumps({"id": "n1", "question": "Which segment earned most?", "asks_row_names": True, "doc": "a"})
        + "\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps({"id": "g1", "question": "net sales fy24", "answer": "9"}) + "\n", encoding="utf-8"
    )
    data = names_questions(tatqa, [names], [gold])
    assert list(data.labels) == [1, 0, 0, 1, 0]
    assert len(set(data.groups)) == 3
