"""Fit `RowNamesModel`: does a question ask for the names of table rows, not a figure?

Labelled questions, each with a fold group:
- TAT-QA dev: positive when it is answered from the table and every gold answer is a row
  label of its table (read from the table's first column); grouped by context.
- The row-names sets written blind from the documents (`row_names_questions.jsonl` over
  corpus/ and the PDFs, `row_names_tatqa_questions.jsonl` over 100 TAT-QA dev tables): lists
  and superlatives positive, near misses (`which segment earned most` asked for its figure)
  negative; grouped by document.
- Every gold training question (each asks for a figure): negative; grouped by file.

A logistic regression over their words and word pairs (present or not, those in at least
`MIN_QUESTIONS` questions) and their MiniLM vectors. The threshold is the lowest probability at
which the held-out (grouped 5-fold) predictions are at least `MIN_PRECISION` right, so a
figure question is rarely taken for a question about names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from index.answering.row_names import RowNamesModel, question_ngrams
from index.evaluation import load_gold
from ingest.importers.tatqa import tatqa_name

FOLDS = 5
SEED = 0
# Inverse L2 strength, chosen by grouped 5-fold recall at 0.9 precision on the labelled questions
# (2026-12-05: vectors alone at C 1-1000 reached precision 0.9 only at recall 0.1-0.4; words
# and pairs with the vectors, C 10 / 30 / 100: recall 0.53 / 0.58 / 0.61 at precision 0.92).
REGULARISATION_C = 30.0
# A word or word pair is an input when at least this many questions hold it.
MIN_QUESTIONS = 2
# Of the questions taken to ask for names, at least this share must (held out) do so: a figure
# question answered with names is an abstention where a figure may have been given.
MIN_PRECISION = 0.9
# A threshold must rest on at least this many held-out questions taken to ask for names.
MIN_TAKEN = 10
# With fewer names questions than this there is nothing to learn from: the model never fires.
MIN_POSITIVES = 20


@dataclass(frozen=True)
class NamesQuestions:
    """Question texts, whether each asks for row names, and their fold groups."""

    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray


@dataclass(frozen=True)
class RowNamesReport:
    """Held-out figures of the fitted threshold."""

    questions: int
    positives: int
    threshold: float
    precision: float
    recall: float


def names_questions(tatqa: Path, names_files: list[Path], golds: list[Path]) -> NamesQuestions:
    """The labelled questions of the module docstring (grouped by document: a names question
    written over a TAT-QA table shares its context's group)."""
    texts, labels, groups = [], [], []
    for context in json.loads(tatqa.read_text(encoding="utf-8")):
        rows = context["table"]["table"]
        row_labels = {str(r[0]).strip() for r in rows[1:] if r and str(r[0]).strip()}
        for q in context["questions"]:
            answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
            spans = [str(a).strip() for a in answers]
            positive = q["answer_from"] == "table" and bool(spans) and all(a in row_labels for a in spans)
            texts.append(q["question"])
            labels.append(positive)
            groups.append(f"doc:{tatqa_name(context['table']['uid'])}")
    for path in names_files:
        for item in load_gold(path):
            texts.append(item["question"])
            labels.append(bool(item["asks_row_names"]))
            groups.append(f"doc:{item['doc']}")
    for path in golds:
        for item in load_gold(path):
            texts.append(item["question"])
            labels.append(False)
            groups.append(f"gold:{path.name}")
    return NamesQuestions(texts, np.asarray(labels, dtype=int), np.asarray(groups))


def fit_row_names(vectors: np.ndarray, data: NamesQuestions) -> tuple[RowNamesModel, RowNamesReport]:
    """The model fitted on all questions, its threshold chosen on held-out folds."""
    if data.labels.sum() < MIN_POSITIVES:
        report = RowNamesReport(len(data.labels), int(data.labels.sum()), 1.0, 0.0, 0.0)
        return RowNamesModel({}, np.zeros(vectors.shape[1]), -20.0, 1.0), report
    held_out = np.zeros(len(data.labels))
    for train, test in GroupKFold(n_splits=FOLDS).split(vectors, data.labels, data.groups):
        if len(set(data.labels[train])) == 2:
            fold = _fit(vectors[train], [data.texts[i] for i in train], data.labels[train])
            held_out[test] = [fold.probability(data.texts[i], vectors[i]) for i in test]
    threshold = _threshold(held_out, data.labels)
    taken = held_out >= threshold
    right = int((taken & (data.labels == 1)).sum())
    report = RowNamesReport(
        questions=len(data.labels),
        positives=int(data.labels.sum()),
        threshold=round(threshold, 6),  # as in the model file, so refits compare by bytes
        precision=right / max(int(taken.sum()), 1),
        recall=right / max(int(data.labels.sum()), 1),
    )
    final = _fit(vectors, data.texts, data.labels)
    return RowNamesModel(final.terms, final.weights, final.intercept, threshold), report


def _fit(vectors: np.ndarray, texts: list[str], labels: np.ndarray) -> RowNamesModel:
    """The logistic regression over word and pair presence and the vectors (no threshold)."""
    words = CountVectorizer(analyzer=question_ngrams, binary=True, min_df=MIN_QUESTIONS)
    inputs = hstack([words.fit_transform(texts), csr_matrix(vectors)]).tocsr()
    model = _learner().fit(inputs, labels)
    coef = model.coef_[0]
    terms = dict(zip(words.get_feature_names_out(), coef[: len(words.vocabulary_)], strict=True))
    return RowNamesModel(terms, coef[len(words.vocabulary_) :].copy(), float(model.intercept_[0]), 1.0)


def _learner() -> LogisticRegression:
    return LogisticRegression(C=REGULARISATION_C, max_iter=5000, random_state=SEED)


def _threshold(probability: np.ndarray, labels: np.ndarray) -> float:
    """The lowest probability whose questions at or above it are at least `MIN_PRECISION`
    names questions (over at least `MIN_TAKEN` of them); 1.0 (never) when none is."""
    for t in np.unique(probability):
        taken = probability >= t
        if taken.sum() < MIN_TAKEN:
            break
        if labels[taken].mean() >= MIN_PRECISION:
            return float(t)
    return 1.0
