"""Training questions searched with the models their fact never shaped."""

from __future__ import annotations

import json

import pytest

from index.financial_tokenizer import tokenize
from index.training.metric_words_fit import fit_metric_words
from index.training.paraphrase_map_fit import fit_paraphrase_map
from index.training.question_models import QuestionModels, held_out_models, searching_with
from index.training.rerank_fit import collect_rerank
from index.training.sources import gold_questions

ITEMS = [
    {"id": f"q{n}", "question": question, "answer": answer, "doc": "v.txt", "evidence": evidence}
    for n, (question, answer, evidence) in enumerate(
        [
            ("How much debt did Vexa raise in 2031?", "1,200", "Proceeds from borrowings 1,200 900"),
            ("Vexa new debt, FY2031", "1,200", "Proceeds from borrowings 1,200"),
            ("Vexa debt drawn in 2030", "900", "Borrowings under the facility 900"),
            ("debt taken on by Vexa, 2029", "640", "Borrowings of the year 640"),
            ("Vexa short-term debt 2031", "75", "Short-term borrowings 75"),
            ("Vexa net sales 2031", "4,120", "Net sales 4,120"),
        ]
    )
]


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "train.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    return path


class RecordingSearcher:
    """Records which models each question's pool was read with; finds nothing."""

    reranker, metric_words, paraphrases = "own reranker", "own words", "own map"

    def __init__(self):
        self.seen = {}

    def documents(self):
        return []

    def rerank_pool(self, question, docs):
        self.seen[question] = (self.reranker, self.metric_words, self.paraphrases)
        return []


def test_each_question_gets_the_models_its_fact_never_shaped(gold):
    paraphrases, words = fit_paraphrase_map([gold]), fit_metric_words([gold])
    questions = gold_questions(gold, "train")
    models_of = held_out_models(paraphrases, words, lambda q: f"fold reranker of {q.group}")
    debt, borrowings = tokenize("debt")[0], tokenize("borrowings")[0]
    for q in questions:
        models = models_of(q)
        assert models.reranker == f"fold reranker of {q.group}"
        assert models.metric_words == words.without_group(q.group)
        expected = paraphrases.without_group(q.group).strength(debt, borrowings)
        assert models.paraphrases.strength(debt, borrowings) == expected
    # The two wordings of one fact share their held-out map; it is not the full one.
    first, second = (models_of(q).paraphrases for q in questions[:2])
    assert first == second != paraphrases.model


def test_rerank_pools_are_read_with_each_questions_held_out_map(gold):
    paraphrases = fit_paraphrase_map([gold])
    questions = gold_questions(gold, "train")
    searcher = RecordingSearcher()
    collect_rerank(searcher, questions, held_out_models(paraphrases))
    for q in questions:
        assert searcher.seen[q.question] == (
            "own reranker",
            "own words",
            paraphrases.without_group(q.group),
        )
    assert (searcher.reranker, searcher.metric_words, searcher.paraphrases) == (
        "own reranker",
        "own words",
        "own map",
    )


def test_a_failed_search_gives_the_searcher_its_own_models_back():
    searcher = RecordingSearcher()
    with pytest.raises(RuntimeError), searching_with(searcher, QuestionModels("fold", "words", "map")):
        assert (searcher.reranker, searcher.metric_words, searcher.paraphrases) == ("fold", "words", "map")
        raise RuntimeError("the search failed")
    assert (searcher.reranker, searcher.metric_words, searcher.paraphrases) == (
        "own reranker",
        "own words",
        "own map",
    )
