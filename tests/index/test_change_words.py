"""How a change is said: its direction and what it is measured against."""

from __future__ import annotations

import pytest

from index.change_words import basis, direction, nearest_direction, signed_direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much did sales fall year over year", "year"),
        ("revenue growth YoY", "year"),
        ("sequential growth in orders", "quarter"),
        ("up 3% QoQ", "quarter"),
        ("up 3% YoY and 1% QoQ", None),  # both: not one base
        ("revenue in 2Q10", None),
        ("how much did sales grow compared with the prior year", "year"),
        ("up 4% from the prior-year quarter", "year"),
        ("down 2% versus last quarter", "quarter"),
        ("revenue in the previous quarter", None),  # a period asked, not a base
    ],
)
def test_the_base_a_change_is_measured_against(text, expected):
    assert basis(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("how much did revenue decline", -1),
        ("by how much did orders drop", -1),
        ("how much did subscribers rise", 1),
        ("operating income growth", 0),  # a growth is asked of a fall as often
        ("how much cash is falling due", 0),
        ("a write-down of goodwill", 0),
        ("revenue change in percent", 0),
        ("did margins rise or fall", 0),
    ],
)
def test_the_direction_a_change_is_asked_in(text, expected):
    assert direction(text) == expected


def test_the_direction_said_closest_before_a_figure_is_its_own():
    assert nearest_direction("costs were down 2.1% YoY, up ") == 1
    assert nearest_direction("costs increased 4% while fees decreased ") == -1
    assert nearest_direction("costs were ") == 0


@pytest.mark.parametrize(
    ("figure", "expected"), [("-4.7%", -1), ("(184)", -1), ("△12", -1), ("+13.0%", 1), ("4.7%", 0)]
)
def test_a_sign_says_the_direction_of_a_figure(figure, expected):
    assert signed_direction(figure) == expected
