"""How far a question's words name the metric: learned shares, and their weight in coverage."""

from __future__ import annotations

import pytest

from index.answering.candidates import EvidenceContext, coverage, metric_weights
from index.answering.metric_words import MIN_ASKED, MetricWords, MetricWordsError, WordCounts
from index.financial_tokenizer import tokenize
from index.query import analyse_query


def _counts(*questions: tuple[str, str]) -> WordCounts:
    """Counts of (question words, answer line) pairs."""
    total = WordCounts()
    for words, line in questions:
        total = total.plus(WordCounts.of_question(tokenize(words), set(tokenize(line))))
    return total


TRAINING = _counts(
    *[("revenue posted", "Revenue 120 98")] * 6,
    *[("employees posted", "Employees 1,968")] * 4,
)


def _word(text: str) -> str:
    """A word as the tokenizer reads it (the model counts tokens)."""
    return tokenize(text)[0]


def test_a_word_never_on_the_answers_line_weighs_less_than_one_always_on_it():
    model = MetricWords.fitted(TRAINING)
    assert model.share(_word("posted")) < model.prior < model.share(_word("revenue"))
    assert model.share(_word("employees")) > model.prior


def test_a_word_asked_too_rarely_or_never_weighs_the_prior():
    model = MetricWords.fitted(TRAINING)
    assert model.share(_word("backlog")) == model.prior
    rare = MetricWords.fitted(_counts(*[("churn posted", "Revenue 1")] * (MIN_ASKED - 1)))
    assert rare.share(_word("churn")) == rare.prior


def test_taking_a_questions_counts_away_undoes_them():
    one = _counts(("employees posted", "Employees 1,968"))
    model = MetricWords.fitted(TRAINING)
    assert model.without(one).counts.asked[_word("employees")] == 3
    # The prior stays that of all the counts; the word's own share is as if never counted.
    again = MetricWords.fitted(TRAINING.plus(one)).without(one)
    assert again.counts == model.counts


def test_the_model_round_trips_through_its_file(tmp_path):
    model = MetricWords.fitted(TRAINING)
    path = tmp_path / "metric_words.json"
    path.write_text(model.to_json())
    loaded = MetricWords.load(path)
    for word in map(_word, ("revenue", "posted", "employees", "backlog")):
        assert loaded.share(word) == pytest.approx(model.share(word), abs=1e-6)


def test_a_missing_model_file_says_to_run_make_train(tmp_path):
    with pytest.raises(MetricWordsError, match="make train"):
        MetricWords.load(tmp_path / "none.json")


def _label_coverage(question: str, label: str, words: MetricWords) -> float:
    ctx = EvidenceContext(idf=lambda t: 1.0, document=None, table=None, metric_word_share=words.share)
    q = analyse_query(question)
    return coverage(set(tokenize(label)), metric_weights(q, "doc", ctx))


@pytest.mark.parametrize(
    "question",
    [
        "How much did the company spend on freight and handling in fiscal 2031?",
        "freight and handling costs booked in 2031",
        "Freight and handling costs posted for 2031, per the 10-K",
    ],
)
def test_a_label_naming_the_metric_covers_a_question_that_says_how_it_was_stated(question):
    # The shipped model, fitted on the training questions: verbs of stating and spending and the
    # filing's name are rarely on an answer's line. (A company no training question names weighs
    # the prior like any unknown word; a document's own company is discounted where its name is
    # found all over the document, `DOCUMENT_WORD_WEIGHT`.)
    shipped = MetricWords.load()
    label = "Freight and handling costs"
    assert _label_coverage(question, label, shipped) >= 0.75
    assert _label_coverage(question, label, shipped) > _label_coverage(question, label, MetricWords.uniform())
    assert _label_coverage(question, "Freight revenues", shipped) < 0.75
