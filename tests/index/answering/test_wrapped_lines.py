"""Printed lines wrapped inside a sentence are read as one line, at the same offsets."""

from __future__ import annotations

from index.answering.wrapped_lines import logical_lines


def _texts(text: str) -> list[str]:
    return [line.text for line in logical_lines(text)]


def test_a_line_going_on_in_lower_case_is_joined_with_a_space_where_the_break_was():
    text = "Deferred fees at year end were $4.2\nbillion, to be earned over three years.\nNext heading"
    lines = logical_lines(text)
    assert [x.text for x in lines] == [
        "Deferred fees at year end were $4.2 billion, to be earned over three years.",
        "Next heading",
    ]
    # every offset of the text is kept: a joined line is the text's span with its break as a space
    for line in lines:
        assert text[line.start : line.start + len(line.text)].replace("\n", " ") == line.text


def test_a_closed_sentence_a_heading_lead_in_a_capital_or_a_blank_line_is_no_wrap():
    assert _texts("Sales rose 4% in the year.\nmargins held.") == [
        "Sales rose 4% in the year.",
        "margins held.",
    ]
    assert _texts("Highlights of the year:\nrevenue of $3 million") == [
        "Highlights of the year:",
        "revenue of $3 million",
    ]
    assert _texts("Revenue\nOperating income") == ["Revenue", "Operating income"]
    assert _texts("Sales were up\n\nmargins held") == ["Sales were up", "", "margins held"]


def test_a_short_line_ended_where_its_writer_ended_it():
    text = (
        "Parcels shipped from our distribution centres rose in every region.\n"
        "revenue of $3.1 million\nnet income of $0.4 million"
    )
    assert _texts(text) == text.split("\n")


def test_a_line_closing_on_a_date_or_a_list_of_figures_still_wraps():
    text = "Of the unearned fees on hand as of April 1, 2023, $3.1\nbillion is to be earned within a year."
    assert _texts(text) == [text.replace("\n", " ")]
    text = "Fees earned in the year were $5.0 billion, against fees on hand at May 28, 2022.\n"
    text += "Segment shares of fees over the year were 52%, 11%\nand 37% of the total, as before."
    assert (
        _texts(text)[1]
        == "Segment shares of fees over the year were 52%, 11% and 37% of the total, as before."
    )


def test_lines_of_a_table_written_as_text_are_never_joined():
    assert _texts("Revenue\t120\t118\nnet of returns\t3\t2") == ["Revenue\t120\t118", "net of returns\t3\t2"]
    rows = "Property and equipment, gross 5,000 4,800\nless accumulated depreciation (1,200) (1,100)"
    assert _texts(rows) == rows.split("\n")


def test_a_sentence_is_matched_with_the_printed_lines_that_hold_it():
    text = "Fees were up this year. Deferred fees at year end were $4.2\nbillion in all."
    line = logical_lines(text)[0]
    assert line.printed_within(0, len("Fees were up this year.")) == (
        "Fees were up this year. Deferred fees at year end were $4.2",
    )
    assert len(line.printed_within(24, len(line.text))) == 2
