"""When two candidates state the same figure, and which runner-up an answer's lead is measured on."""

from __future__ import annotations

from index.answering.confidence import disagreeing_runner_up
from index.answering.stated_figure import StatedFigure

BILLION_TABLE = StatedFigure("2.9", 2.9e9, 1e8)  # `2.9` in a JPY-billion table
MILLION_TEXT = StatedFigure("JPY2,917 million", 2.917e9, 1e6)
ROUND_THOUSANDS = StatedFigure("3,000", 3.0e9, 1e6)  # `3,000` in a JPY-million table
SHARE = StatedFigure("12.5%", None, None)


def test_a_figure_printed_to_other_precision_is_the_same_figure():
    assert BILLION_TABLE.agrees(MILLION_TEXT) and MILLION_TEXT.agrees(BILLION_TABLE)
    assert not BILLION_TABLE.agrees(ROUND_THOUSANDS)


def test_figures_without_a_value_agree_when_written_alike():
    assert SHARE.agrees(StatedFigure("12.5 %", None, None))
    assert not SHARE.agrees(StatedFigure("12.6%", None, None))
    assert not SHARE.agrees(StatedFigure("12.5", 12.5, 0.1))  # a share is not a plain number


def test_a_range_written_another_way_is_the_same_range():
    def agree(a: str, b: str) -> bool:
        return StatedFigure(a, None, None).agrees(StatedFigure(b, None, None))

    assert agree("$1.00 to $1.13", "$1.00–$1.13")
    assert agree("between 5% and 7%", "5%–7%") and agree("5 to 7%", "5% to 7%")
    assert agree("$1.2 billion to $1.5 billion", "$1.2–1.5 billion")
    assert not agree("$1.00 to $1.13", "$1.00 to $1.15")
    assert not agree("5% to 7%", "$5 to $7")


def test_the_lead_is_measured_on_the_first_candidate_stating_another_figure():
    assert disagreeing_runner_up([MILLION_TEXT, BILLION_TABLE, ROUND_THOUSANDS]) == 2
    assert disagreeing_runner_up([MILLION_TEXT, ROUND_THOUSANDS, BILLION_TABLE]) == 1


def test_an_answer_every_candidate_repeats_has_no_runner_up():
    assert disagreeing_runner_up([MILLION_TEXT, BILLION_TABLE]) is None
    assert disagreeing_runner_up([SHARE]) is None


def test_a_close_figure_disagreeing_with_the_answer_shown_is_its_runner_up():
    # `2.9` (billion) is scored first, `JPY2,917 million` is shown in its place; `JPY2,860
    # million` agrees with the first to its precision but not with the answer shown.
    close = StatedFigure("JPY2,860 million", 2.86e9, 1e6)
    assert disagreeing_runner_up([BILLION_TABLE, MILLION_TEXT, close]) is None
    assert disagreeing_runner_up([BILLION_TABLE, MILLION_TEXT, close], shown=MILLION_TEXT) == 2
