"""Training data for the answer scorer: every candidate of every training question, labelled.

A question is run through the real search (a gold question with models whose fit never saw its
fact, so its evidence ranks as an unseen question's would);
each answer candidate becomes one row of features, labelled 1 when its text is
a gold answer. Unanswerable questions contribute only negatives, which is what
teaches the scorer to abstain.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from index.answering.answer_type import kind_index
from index.answering.features import FEATURE_NAMES
from index.answering.stated_figure import StatedFigure
from index.query import analyse_query
from index.search import Searcher
from index.training.question_models import QuestionModels, searching_with


@dataclass(frozen=True)
class TrainingQuestion:
    """One question with its gold check; `group` keeps related questions in one fold."""

    qid: str
    question: str
    source: str  # tatqa, dev or train
    group: str
    is_correct: Callable[[str, float | None], bool]  # (candidate text, value in base units)
    answerable: bool
    docs: tuple[str, ...] | None = None
    # (document name, unit text) -> whether that unit is gold evidence; None when unknown.
    is_evidence: Callable[[str, str], bool] | None = None


@dataclass(frozen=True)
class QuestionInfo:
    """What fitting needs to know of a collected question."""

    qid: str
    source: str
    group: str
    answerable: bool


def group_numbers(groups: list[str]) -> dict[str, int]:
    """A number for each distinct fold group, in order of first appearance."""
    return {g: i for i, g in enumerate(dict.fromkeys(groups))}


def question_weights(labels: np.ndarray, question_of: np.ndarray) -> np.ndarray:
    """A weight per row: each question's positive rows share one unit of weight, every
    other row weighs one, and all are scaled to a mean of 1 (so a learner's regularisation
    keeps its meaning).

    Unweighted, a figure quoted by many units (repeated on every deck of a series) or found as
    several candidates counts many times over a figure found once, so the model learns most
    from the questions it finds easiest. Only the positives are normalised: weighting each
    question's negatives to one total as well was worse on held-out folds (README, the
    2026-12-06 (eighth) section).
    """
    _, owner = np.unique(question_of, return_inverse=True)
    positives = np.bincount(owner, weights=labels)
    weights = np.where(labels == 1, 1.0 / np.maximum(positives[owner], 1.0), 1.0)
    return weights * len(weights) / weights.sum()


@dataclass
class TrainingSet:
    """Candidate feature rows with labels, and which question each row belongs to."""

    features: np.ndarray = field(default_factory=lambda: np.zeros((0, len(FEATURE_NAMES))))
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    question_of: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))
    questions: list[QuestionInfo] = field(default_factory=list)
    kinds: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))  # each row's `kind_index`
    question_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))  # one per question
    # One row per unit read for answers: (question, rank, rank score, is gold evidence: 1, 0, or
    # -1 when the question names no evidence), to fit the evidence order.
    evidence: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))
    # Each row's value in base units and the step of its last printed digit (NaN when the
    # figure has none), so the confidence model can tell agreeing figures from disagreeing ones.
    values: np.ndarray = field(default_factory=lambda: np.zeros(0))
    steps: np.ndarray = field(default_factory=lambda: np.zeros(0))
    texts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=str))  # each row's figure as printed

    def __post_init__(self) -> None:
        rows = len(self.labels)
        if not len(self.values) == len(self.steps) == len(self.texts) == rows:
            raise ValueError(f"a training set needs the figure (value, step, text) of each of {rows} rows")

    def figure(self, row: int) -> StatedFigure:
        """The figure candidate row `row` states."""
        value, step = float(self.values[row]), float(self.steps[row])
        return StatedFigure(
            str(self.texts[row]), None if np.isnan(value) else value, None if np.isnan(step) else step
        )

    def question_groups(self) -> np.ndarray:
        """The fold group number of each question."""
        names = group_numbers([q.group for q in self.questions])
        return np.array([names[q.group] for q in self.questions], dtype=int)

    def groups(self) -> np.ndarray:
        """The fold group number of each row."""
        return self.question_groups()[self.question_of]

    def merged(self, other: TrainingSet) -> TrainingSet:
        """This set and `other` as one (question numbers of `other` shifted past these)."""
        return TrainingSet(
            features=np.vstack([self.features, other.features]),
            labels=np.concatenate([self.labels, other.labels]),
            question_of=np.concatenate([self.question_of, other.question_of + len(self.questions)]).astype(
                int
            ),
            questions=[*self.questions, *other.questions],
            kinds=np.concatenate([self.kinds, other.kinds]).astype(int),
            question_vectors=_stack(self.question_vectors, other.question_vectors),
            evidence=np.vstack([self.evidence, _shifted(other.evidence, len(self.questions))]),
            values=np.concatenate([self.values, other.values]),
            steps=np.concatenate([self.steps, other.steps]),
            texts=np.concatenate([self.texts, other.texts]),
        )


def _shifted(evidence: np.ndarray, questions: int) -> np.ndarray:
    """Evidence rows with their question numbers moved past `questions` others."""
    out = evidence.copy()
    out[:, 0] += questions
    return out


def _stack(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows of `a` then `b` (either may be empty)."""
    if not a.size:
        return b
    return a if not b.size else np.vstack([a, b])


def save(data: TrainingSet, path: Path) -> None:
    """Write a training set to an `.npz` file (to refit without searching again)."""
    meta = json.dumps([asdict(q) for q in data.questions])
    np.savez_compressed(
        path,
        features=data.features,
        labels=data.labels,
        question_of=data.question_of,
        kinds=data.kinds,
        question_vectors=data.question_vectors,
        evidence=data.evidence,
        values=data.values,
        steps=data.steps,
        texts=data.texts,
        meta=np.array(meta),
    )


def load(path: Path) -> TrainingSet:
    """Read a training set written by `save`."""
    with np.load(path) as z:
        if z["features"].shape[1] != len(FEATURE_NAMES):
            raise ValueError(f"{path} holds other candidate features: run 'docqa train' without --refit")
        if "values" not in z:
            raise ValueError(
                f"{path} holds no candidate figures (collected by an older docqa): "
                "run 'docqa train' without --refit"
            )
        questions = [QuestionInfo(**q) for q in json.loads(str(z["meta"]))]
        evidence = z["evidence"] if "evidence" in z else np.zeros((0, 4))
        return TrainingSet(
            z["features"],
            z["labels"],
            z["question_of"],
            questions,
            z["kinds"],
            z["question_vectors"],
            evidence,
            z["values"],
            z["steps"],
            z["texts"],
        )


def collect(
    searcher: Searcher,
    questions: list[TrainingQuestion],
    k: int = 5,
    models_of: Callable[[TrainingQuestion], QuestionModels] | None = None,
) -> TrainingSet:
    """Search each question (with the models `models_of(question)` gives in place of the
    searcher's own) and label its answer candidates.

    A question asking for several periods or comparing periods has no single figure to
    label, so it is left out; a question with no candidate is kept (it always abstains).
    """
    rows, labels, owners, kept, kinds, vectors, evidence = [], [], [], [], [], [], []
    values: list[float] = []
    steps: list[float] = []
    texts: list[str] = []
    names = {d.doc_id: d.name for d in searcher.documents()}
    for q in questions:
        analysis = analyse_query(q.question)
        if len(analysis.periods) > 1 or analysis.which_period is not None:
            continue
        models = models_of(q) if models_of is not None else QuestionModels()
        _, outcome = _search(searcher, q, k, models)
        index = len(kept)
        kept.append(QuestionInfo(q.qid, q.source, q.group, q.answerable))
        vectors.append(searcher.embedder.encode([q.question])[0])
        for r in outcome.evidence:
            gold = -1 if q.is_evidence is None else int(q.is_evidence(names[r.unit.doc_id], r.unit.text))
            evidence.append((index, r.rank, r.score, gold))
        for c in outcome.candidates:
            rows.append(c.features.vector())
            kinds.append(kind_index(c.kind))
            labels.append(int(q.answerable and q.is_correct(c.text, c.value)))
            owners.append(index)
            values.append(np.nan if c.value is None else c.value)
            steps.append(np.nan if c.step is None else c.step)
            texts.append(c.text)
    question_vectors = np.vstack(vectors) if vectors else np.zeros((0, 0))
    read = np.array(evidence, dtype=float).reshape(-1, 4)
    if not rows:
        return TrainingSet(questions=kept, question_vectors=question_vectors, evidence=read)
    return TrainingSet(
        np.vstack(rows),
        np.array(labels),
        np.array(owners),
        kept,
        np.array(kinds),
        question_vectors,
        read,
        np.array(values, dtype=float),
        np.array(steps, dtype=float),
        np.array(texts, dtype=str),
    )


def _search(searcher: Searcher, q: TrainingQuestion, k: int, models: QuestionModels):
    """`searcher.search_with_candidates` for `q`, searched with `models`."""
    with searching_with(searcher, models):
        return searcher.search_with_candidates(q.question, k=k, docs=list(q.docs) if q.docs else None)
