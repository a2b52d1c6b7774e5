"""Financial numbers parse as printed: negatives in parentheses, separators, scales."""

from __future__ import annotations

import pytest

from ingest.numbers import find_amounts, is_mark, is_range, parse_number, range_key, scale_of_unit


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("(233)", -233),
        ("1,272", 1272),
        ("24.5%", 24.5),
        ("+1.4", 1.4),
        ("JPY1,272 million", 1272),
        ("¥1.3 billion", 1.3),
        ("$360.7 million", 360.7),
        ("$(0.16)", -0.16),
        ("(1.9%)", -1.9),
        ("<i>21.4%</i> 4.1", 4.1),
        ("2,771 (17.5%)", 2771),
        ("JPY 14,801", 14801),
        ("JPY2,500 (Annual)", 2500),
        ("-233", -233),
        ("JPY 18.75 ^{*2}", 18.75),  # a footnote mark is no figure
        ("12.5% ※1", 12.5),
        ("2) 12%", 12),  # nor is a list number
        ("**12** *1", 12),  # Markdown emphasis is no footnote sign
        ("3.", 3),  # a cell holding nothing but a list number keeps it
        ("JPY 18.75 *1*2", 18.75),  # two footnote marks
        ("1,234 EUR", 1234),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    "text", ["", "—", "*1", "December 1992", "1Q09", "FY08", "2008/3", "Press Releases", "down 32%"]
)
def test_non_numbers_give_none(text):
    assert parse_number(text) is None


def test_amounts_keep_currency_scale_and_raw_text():
    text = "Losses were JPY1,272 million in FY08, and ¥1.3 billion (¥0.2 billion in FY07)."
    amounts = find_amounts(text)
    assert [a.raw for a in amounts] == ["JPY1,272 million", "¥1.3 billion", "¥0.2 billion"]
    assert [text[a.start : a.end] for a in amounts] == [a.raw for a in amounts]
    assert amounts[0].currency == "JPY" and amounts[0].scaled == 1_272_000_000
    assert amounts[1].scaled == pytest.approx(1.3e9)


def test_a_dollar_sign_with_a_prefix_is_its_own_currency():
    text = "Revenue was HK$1,234 million (NT$ 5.2 billion; US$158 million; $96 million)."
    amounts = find_amounts(text)
    assert [(a.raw, a.currency) for a in amounts] == [
        ("HK$1,234 million", "HKD"),
        ("NT$ 5.2 billion", "TWD"),
        ("US$158 million", "USD"),
        ("$96 million", "USD"),
    ]


@pytest.mark.parametrize(
    ("unit", "scale"), [("JPY million", 1e6), ("JPY billion", 1e9), ("JPY thousand", 1e3), (None, 1)]
)
def test_scale_of_unit(unit, scale):
    assert scale_of_unit(unit) == scale


def _range(text: str) -> bool:
    amounts = find_amounts(text)
    return len(amounts) == 2 and is_range(text, *amounts)


@pytest.mark.parametrize(
    "text",
    [
        "5%–7%",
        "5%-7%",
        "between 5% and 7%",
        "$1.2–1.5 billion",
        "3~5%",
        "5 to 7%",
        "$1.00 ~ $1.13",
        "¥4,000～5,000",
        "$900 million to $1.1 billion",
        "$2.10 - $2.25",
        "awards range from $2 million to $10 million",  # the words call it a range
    ],
)
def test_a_stated_range_is_one_range(text):
    assert _range(text)


@pytest.mark.parametrize(
    "text",
    [
        "5% -7%",  # spaced, the hyphen is a minus sign: a row of changes
        "USD 5 million to JPY 550 million",
        "2019–2020",
        "3.5 to 1.0",
        "$0.05 to $0.55",  # reaches far beyond a range: a change and its result
        "5% and 7%",  # `and` joins a range only after `between`
        "5% to $7",
        "12.3%-4.5%",  # a glued minus: high below low
        "$1.2 billion to 1.5",  # the high end drops the scale
        "the difference between $100 million and $150 million",
        "awards from $2 million to $10 million",  # beyond twice the low end, no word calls it a range
    ],
)
def test_other_pairs_are_no_range(text):
    assert not _range(text)


def test_a_dash_after_a_percent_sign_is_no_minus_and_a_cell_holding_a_range_is_no_figure():
    assert [a.value for a in find_amounts("Growth of 5%–7% is expected.")] == [5, 7]
    assert [a.value for a in find_amounts("Changes: 5% -7%")] == [5, -7]
    assert [a.value for a in find_amounts("Margins fell 12.3%-4.5%")] == [12.3, -4.5]
    assert parse_number("5%–7%") is None
    assert parse_number("$1.00 to $1.13") is None


def test_a_range_written_any_way_has_one_key():
    assert range_key("5 to 7%") == range_key("5%–7%") == range_key("between 5% and 7%")
    assert range_key("$1.2–1.5 billion") == range_key("$1.2 billion to $1.5 billion")
    assert range_key("5% to 7%") != range_key("$5 to $7")
    assert range_key("$5 million") is None


def test_a_percentage_written_out_is_one_figure_but_a_year_before_the_word_is_a_year():
    def read(text: str) -> list[tuple[str, bool]]:
        return [(a.raw, a.percent) for a in find_amounts(text)]

    assert read("margin fell 4 percent") == [("4 percent", True)]
    assert read("rose 4.5 per cent") == [("4.5 per cent", True)]
    assert read("up 3 percentage points") == [("3", False)]
    assert read("2023 Percent of Sales") == [("2023", False)]
    assert parse_number("12 percent") == 12


@pytest.mark.parametrize(
    ("line", "marks"),
    [
        ("(1) Revenues and contracted capacity", ["(1)"]),  # a bracketed list number before its words
        ("- (12) Other matters", ["(12)"]),
        ("(3)", []),  # alone (a cell), minus three
        ("(5) 4.5%", []),  # before another figure: a column of figures
        ("Net loss was (1) million", []),
        ("(123) Other", []),  # three digits: a figure, not a list number
        ("(50) bps", []),  # a change in basis points, its unit after it
        ("(12) USD", []),
        ("(3) yen", []),
        ("(12) days", []),
        ("(1) EBITDA is defined as", ["(1)"]),
        ("(2) revenues of the segment", ["(2)"]),
    ],
)
def test_a_bracketed_list_number_opening_a_line_is_no_figure(line, marks):
    assert [a.raw for a in find_amounts(line) if is_mark(line, a)] == marks
