"""Answer kinds: what kind a figure is (from its own context) and what kind a question asks for
(the shipped model, learned from the training questions' vectors)."""

from __future__ import annotations

import numpy as np
import pytest

from index.answering.answer_type import ANSWER_KINDS, AnswerKindModel, candidate_kind
from index.answering.scorer import AnswerScorer


def _kind(**given) -> str:
    base = dict(percent=False, date=False, counted=False, after="", label="", money_context="")
    return candidate_kind(**{**base, **given})


def test_a_figure_is_typed_by_its_own_context():
    assert _kind(percent=True, money_context="12.5%") == "percent"
    assert _kind(date=True) == "date"
    assert _kind(after=" per diluted share", money_context="$0.42") == "per_share"
    assert _kind(label="Diluted earnings per share", money_context="$ 3.10") == "per_share"
    assert _kind(counted=True, money_context="1,200 stores") == "count"
    assert _kind(label="Number of franchised restaurants", money_context="15,000") == "count"
    assert _kind(money_context="4,512 Dollars in millions") == "amount"
    assert _kind(money_context="17.3") == "number"


def test_an_amount_is_not_per_share_because_a_later_figure_is():
    # `charges of $90 million, or $0.09 per share`: only the second figure is per share.
    assert _kind(after=", or $0.09 per share", money_context="$90 million") == "amount"


def test_kind_models_round_trip_and_give_probabilities():
    rng = np.random.default_rng(0)
    model = AnswerKindModel(rng.normal(size=(len(ANSWER_KINDS), 8)), rng.normal(size=len(ANSWER_KINDS)))
    again = AnswerKindModel.from_dict(model.to_dict())
    v = rng.normal(size=8)
    assert abs(model.probabilities(v).sum() - 1.0) < 1e-9
    assert np.allclose(again.probabilities(v), model.probabilities(v), atol=1e-5)
    assert np.allclose(AnswerKindModel.uniform(8).probabilities(v), 1 / len(ANSWER_KINDS))


@pytest.mark.model
def test_the_shipped_model_reads_the_kind_asked_from_the_wording(embedder):
    kinds = AnswerScorer.load().kinds

    def chance(question: str, kind: str) -> float:
        return kinds.fit_of(embedder.encode([question])[0], kind)

    # Invented questions. Per-share questions are few in the training data, so that kind is
    # checked against another question rather than as the likeliest.
    assert chance("diluted EPS for fiscal 2021", "per_share") > 3 * chance(
        "How much cash did the business spend on buying equipment in 2020?", "per_share"
    )
    assert chance("gross margin percentage in 2022", "percent") > 0.5
    assert chance("number of employees at the end of 2020", "count") > 0.5
    assert chance("How much cash did the business spend on buying equipment in 2020?", "amount") > 0.5
    assert chance("when was the dividend paid", "date") > chance("when was the dividend paid", "amount")
