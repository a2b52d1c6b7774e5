"""Formatting tags are markup; a deck's bracketed headings and comparisons are words."""

from __future__ import annotations

import pytest

from ingest.markup import strip_markup
from ingest.periods import find_periods


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("<i>21.4%</i> 4.1", "21.4% 4.1"),
        ("<B>Net sales</b><br/>", "Net sales"),
        ('<td colspan=2>1,272</td><font size="2" face=Arial>JPY</font>', "1,272 JPY"),
        ("<!-- page 3 --><P ALIGN=center>Results</P>", "Results"),
    ],
)
def test_formatting_tags_are_removed(text, plain):
    assert strip_markup(text) == plain


@pytest.mark.parametrize(
    "heading",
    [
        "<2Q07 (2007/7-9)>",
        "<Small Business (FY2010)>",
        "<A Segment>",
        "<Code of Conduct>",
        "margin < 5% > peers",
    ],
)
def test_bracketed_headings_and_comparisons_are_kept(heading):
    assert strip_markup(heading) == heading


def test_a_period_in_a_heading_that_opens_like_a_tag_is_still_read():
    heading = "<Small Business (FY2010)>"
    assert [heading[start:end] for _, start, end in find_periods(heading)] == ["FY2010"]
