"""BM25 over units: search, restricted search and scores of given ids agree."""

from __future__ import annotations

import numpy as np
import pytest

from index.financial_tokenizer import tokenize
from index.lexical_index import LexicalIndex

TEXTS = [
    "Operating income rose in the second half",
    "Net sales and operating income by segment",
    "Dividends per share were unchanged",
    "Operating income of the leasing business",
    "Headcount at the end of the year",
]
TOKENS = [tuple(tokenize(t)) for t in TEXTS]  # as units store them at build time
IDS = [40, 10, 30, 20, 50]  # not in id order, as a rebuilt index may hold them


def test_a_restricted_search_ranks_only_those_units_with_the_same_scores():
    index = LexicalIndex.build(TOKENS, IDS)
    everywhere = dict(index.search("operating income", 10))
    assert set(everywhere) == {40, 10, 20}
    only = index.search("operating income", 10, among=np.array([20, 30, 99]))
    assert [i for i, _ in only] == [20]
    assert only[0][1] == pytest.approx(everywhere[20])


def test_scores_of_given_ids_match_the_search_and_unknown_ids_score_zero():
    index = LexicalIndex.build(TOKENS, IDS)
    found = dict(index.search("operating income", 10))
    scores = index.scores_for("operating income", [10, 30, 99])
    assert scores[10] == pytest.approx(found[10])
    assert scores[30] == 0.0 and scores[99] == 0.0
    assert index.search("nothing matches this", 5) == []


def test_scores_follow_the_question_asked_not_the_one_before():
    index = LexicalIndex.build(TOKENS, IDS)
    first = index.scores_for("operating income", [10, 30])
    index.search("dividends per share", 5)
    assert index.scores_for("operating income", [10, 30]) == first
    assert index.scores_for("dividends per share", [30])[30] > 0
