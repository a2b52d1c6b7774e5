"""Which document words stand for a question's words: counted pairs, their strength, the file."""

from __future__ import annotations

import pytest

from index.financial_tokenizer import tokenize
from index.paraphrase_map import (
    MIN_LINES,
    LineWords,
    PairCounts,
    ParaphraseMap,
    ParaphraseMapError,
    strongest_in,
)
from index.training.paraphrase_map_fit import line_words


def _words(text: str) -> frozenset[str]:
    """Words as the tokenizer reads them (the map counts tokens)."""
    return frozenset(tokenize(text))


def _line(line: str, *questions: str) -> LineWords:
    return LineWords.of_questions([_words(q) for q in questions], line_words(line))


def _map(*lines: LineWords) -> ParaphraseMap:
    return ParaphraseMap(PairCounts.of_lines(lines))


# Readers ask about `debt`; the lines write `borrowings`. Other lines write other things.
DEBT_LINES = [
    _line("Proceeds from borrowings 1,200 900", "debt raised"),
    _line("Borrowings under the credit facility 450", "debt drawn"),
    _line("Short-term borrowings 75 60", "short-term debt"),
]
OTHER_LINES = [
    _line(f"{label} 4,120 3,870", label.lower())
    for label in (
        "Net sales",
        "Inventories",
        "Accounts payable",
        "Cost of sales",
        "Goodwill",
        "Income taxes paid",
        "Research and development",
        "Dividends declared",
        "Cash and cash equivalents",
    )
]


def _word(text: str) -> str:
    return tokenize(text)[0]


def test_a_line_pairs_the_question_words_it_lacks_with_its_own_words_not_its_figures():
    line = _line("Short-term borrowings 75 60 in 2031", "short-term debt")
    assert line.missing == {_word("debt")}
    assert (_word("debt"), _word("borrowings")) in line.pairs
    # A word the question asked is no stand-in for another of its words; figures are not words.
    assert all(b not in _words("short-term debt") for _, b in line.pairs)
    assert all(not any(ch.isdigit() for ch in b) for _, b in line.pairs)


def test_a_word_written_wherever_the_question_word_is_missing_stands_for_it():
    model = _map(*DEBT_LINES, *OTHER_LINES)
    debt, borrowings = _word("debt"), _word("borrowings")
    # Written on 3 of the 3 lines lacking `debt` (shrunk: 3 / 5) against 3 of all 12 lines.
    assert model.strength(debt, borrowings) == pytest.approx(3 / 5 - 3 / 12)
    assert model.strength(debt, _word("sales")) == 0.0
    associates = model.associates(debt)
    assert associates[0] == (model.strength(debt, borrowings), borrowings)
    assert strongest_in(associates, _words("Borrowings repaid")) == model.strength(debt, borrowings)
    assert strongest_in(associates, _words("Net sales")) == 0.0


def test_a_pair_seen_on_too_few_lines_has_no_strength():
    model = _map(*DEBT_LINES[: MIN_LINES - 1], *OTHER_LINES)
    assert model.strength(_word("debt"), _word("borrowings")) == 0.0


def test_leaving_a_line_out_is_as_if_it_had_never_been_counted():
    full = _map(*DEBT_LINES, *OTHER_LINES)
    extra = _line("Long-term borrowings 2,000", "long-term debt")
    more = _map(*DEBT_LINES, *OTHER_LINES, extra)
    debt, borrowings = _word("debt"), _word("borrowings")
    assert more.without([extra]).strength(debt, borrowings) == pytest.approx(full.strength(debt, borrowings))
    # Without one of only MIN_LINES lines, the pair falls below the count it needs.
    assert full.without([DEBT_LINES[0]]).strength(debt, borrowings) == 0.0
    # Several lines at once (a fact quoted on two lines): as if neither had been counted.
    total = _line("Total borrowings 2,075", "total debt")
    both = _map(*DEBT_LINES, *OTHER_LINES, extra, total)
    assert both.without([extra, total]).strength(debt, borrowings) == pytest.approx(
        full.strength(debt, borrowings)
    )


def test_the_map_round_trips_through_its_file_keeping_only_pairs_with_strength(tmp_path):
    model = _map(*DEBT_LINES, *OTHER_LINES)
    path = tmp_path / "paraphrase_map.json"
    path.write_text(model.to_json())
    loaded = ParaphraseMap.load(path)
    debt, borrowings = _word("debt"), _word("borrowings")
    assert loaded.strength(debt, borrowings) == pytest.approx(model.strength(debt, borrowings))
    assert set(loaded.counts.pairs) == {debt}
    assert path.read_text() == loaded.to_json()


def test_a_missing_map_file_says_to_run_make_train(tmp_path):
    with pytest.raises(ParaphraseMapError, match="make train"):
        ParaphraseMap.load(tmp_path / "none.json")


@pytest.mark.parametrize(
    "pairs, lines, missing",
    [('{"debt": 3}', 5, 3), ('{"debt": {"borrow": 3}}', 0, 3), ('{"debt": {"borrow": 3}}', 5, -2)],
    ids=["pairs not per word", "more pairs than lines", "negative count"],
)
def test_a_damaged_map_file_is_one_clear_error(tmp_path, pairs, lines, missing):
    path = tmp_path / "paraphrase_map.json"
    path.write_text(
        f'{{"features": ["lines", "missing", "written", "pairs"], "lines": {lines}, '
        f'"missing": {{"debt": {missing}}}, "written": {{"borrow": 3}}, "pairs": {pairs}}}'
    )
    with pytest.raises(ParaphraseMapError, match="paraphrase map .* run 'make train'"):
        ParaphraseMap.load(path)
