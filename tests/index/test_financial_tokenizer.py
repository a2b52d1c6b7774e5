"""The BM25 tokenizer keeps financial tokens whole and splits currency-glued numbers."""

from __future__ import annotations

import pytest

from index.financial_tokenizer import tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FY08", ["fy08"]),
        ("FY2008", ["fy08"]),
        ("1H09 2Q10", ["1h09", "2q10"]),
        ("SG&A and R&D", ["sg&a", "r&d"]),
        ("JPY1,272 million", ["jpy", "1272", "million"]),
        ("<i>21.4%</i>", ["21.4", "21.4%"]),
    ],
)
def test_tokens(text, expected):
    assert tokenize(text) == expected


def test_inflections_meet():
    assert tokenize("hires employees")[0] == tokenize("hired")[0]
    assert tokenize("employees") == tokenize("employee")
