"""Judging a search result against a gold question: the answer given and the best guess."""

from index.answering.candidates import AnswerCandidate
from index.evaluation import EvalReport, answer_is_correct, is_hit, score_result
from index.result import Result

GOLD = {"id": "q1", "kind": "table_cell", "question": "invented question", "answer": "JPY 41 million"}


def _guess(text: str, value: float | None) -> AnswerCandidate:
    return AnswerCandidate(
        text=text,
        value=value,
        unit="JPY million",
        period=None,
        doc_id="d",
        start=0,
        end=len(text),
        unit_id=0,
        from_row=True,
        label="Invented line",
    )


def test_an_abstention_whose_best_candidate_is_right_counts_as_a_right_guess_not_an_answer():
    outcome = score_result(Result("q", [], []), GOLD, [_guess("41", 41_000_000.0)])
    assert outcome.answer_given is None and outcome.answer_correct is None
    assert outcome.best_guess_correct is True
    report = EvalReport(k=5, outcomes=[outcome])
    assert report.answer_figures()["answer_accuracy"] == 0.0
    assert report.answer_figures()["best_guess_accuracy"] == 1.0


def test_a_wrong_or_missing_best_candidate_is_a_wrong_guess():
    assert score_result(Result("q", [], []), GOLD, [_guess("14", 14_000_000.0)]).best_guess_correct is False
    assert score_result(Result("q", [], []), GOLD).best_guess_correct is False


def test_an_unanswerable_question_has_no_guess_to_judge():
    gold = {**GOLD, "kind": "unanswerable", "answer": ""}
    assert score_result(Result("q", [], []), gold, [_guess("41", 41e6)]).best_guess_correct is None


def test_a_guess_for_each_asked_period_is_judged_as_one_answer():
    gold = {**GOLD, "answer": "41, 38"}
    guesses = [_guess("41", 41e6), _guess("38", 38e6)]
    assert score_result(Result("q", [], []), gold, guesses).best_guess_correct is True
    assert score_result(Result("q", [], []), gold, guesses[:1]).best_guess_correct is False


def _scored(correct: bool, confidence: float):
    guess = _guess("41", 41e6) if correct else _guess("14", 14e6)
    return score_result(Result("q", [], []), GOLD, [guess], confidence)


def test_the_best_cut_gives_the_most_right_guesses_within_the_wrong_budget():
    # Ordered by confidence: right, right, wrong, right x 17, wrong, wrong.
    confidences = [0.99, 0.98, 0.97, *(0.9 - i * 0.01 for i in range(17)), 0.5, 0.4]
    correct = [True, True, False, *([True] * 17), False, False]
    report = EvalReport(k=5, outcomes=[_scored(c, p) for c, p in zip(correct, confidences, strict=True)])
    assert report.right_at_best_cut(0.05) == (19, 1)
    assert report.right_at_best_cut(0.0) == (2, 0)


def test_the_best_cut_falls_only_between_different_confidences_and_counts_unanswerable_guesses():
    # A right and a wrong guess at the same confidence are given or withheld together.
    tied = EvalReport(k=5, outcomes=[_scored(True, 0.9), _scored(False, 0.9)])
    assert tied.right_at_best_cut(0.05) == (0, 0)
    swapped = EvalReport(k=5, outcomes=[_scored(False, 0.9), _scored(True, 0.9)])
    assert swapped.right_at_best_cut(0.05) == (0, 0)
    # A guess for an unanswerable question is a wrong one; a question with no guess is left out.
    absent = {**GOLD, "kind": "unanswerable", "answer": ""}
    unanswerable = score_result(Result("q", [], []), absent, [_guess("41", 41e6)], 0.95)
    unscored = score_result(Result("q", [], []), GOLD)
    report = EvalReport(k=5, outcomes=[unanswerable, unscored, *(_scored(True, 0.9) for _ in range(3))])
    assert report.right_at_best_cut(0.3) == (3, 1)
    assert report.right_at_best_cut(0.2) == (0, 0)


def test_a_short_gold_figure_is_not_found_inside_a_longer_one():
    gold = {"id": "q2", "answer": "8%", "answer_variants": ["8"], "doc": "deck.txt"}
    assert not answer_is_correct("$ 394,328", gold)
    assert not answer_is_correct("18%", gold)
    assert not answer_is_correct("8.5%", gold)
    assert answer_is_correct("8 %", gold)
    assert not is_hit("deck.txt", "Net sales 394,328 365,817", gold)
    assert is_hit("deck.txt", "Gross margin rose 8% in the year.", gold)


def test_a_gold_figure_is_found_whatever_its_spacing_and_beside_other_figures():
    gold = {"id": "q3", "answer": "JPY 1,272 million", "answer_variants": ["1,272"], "doc": "deck.txt"}
    assert answer_is_correct("JPY1,272 million", gold)
    assert is_hit("deck.txt", "| Operating loss | 1,184 1,272 |", gold)
    assert is_hit("deck.txt", "a loss of (1,272).", gold)
    assert not is_hit("deck.txt", "| Operating loss | 21,272 |", gold)
    assert not is_hit("deck.txt", "| Operating loss | 1,272.5 |", gold)


def test_a_percentage_written_out_states_the_same_figure_as_with_its_sign():
    gold = {"id": "q4", "answer": "12%", "doc": "release.txt"}
    assert answer_is_correct("12 percent", gold)
    assert answer_is_correct("12 per cent", gold)
    assert not answer_is_correct("12 percentage points", gold)
    assert not answer_is_correct("112 percent", gold)
    assert answer_is_correct("12%", {"id": "q5", "answer": "12 percent", "doc": "release.txt"})
