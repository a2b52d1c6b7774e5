"""Currency mentions read whole: a prefixed dollar sign or a named dollar is not the US dollar."""

from __future__ import annotations

import pytest

from ingest.currencies import currencies_in, currency_code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("HK$ 12.3", {"HKD"}),
        ("NT$5.2 billion", {"TWD"}),
        ("in Hong Kong dollars", {"HKD"}),
        ("Thousands of U.S. Dollars", {"USD"}),
        ("$5 and US$6", {"USD"}),
        ("JPY1,272 million or ¥1.3 billion", {"JPY"}),
        ("S$ 3 against A$ 4", {"SGD", "AUD"}),
        ("EUR 12.4 million", {"EUR"}),
        ("the team won the yenta award", set()),  # no currency word inside or beside a word
        ("(NT dollars)", {"TWD"}),
        ("one Australian dollar", {"AUD"}),
        ("dividends of$0.40", {"USD"}),  # a sign may follow a word
        ("500 pounds of copper, Mr Yuan", set()),
    ],
)
def test_every_currency_named_is_read_as_its_code(text, codes):
    assert currencies_in(text) == codes


def test_a_code_may_carry_its_scale():
    from ingest.tables.unit import find_unit

    assert find_unit("(USDmn)") == "USD million"
    assert find_unit("Revenue, JPYbn") == "JPY billion"


def test_a_writing_is_read_whatever_its_case_and_spacing():
    assert currency_code("u.s.  Dollars") == "USD"
    assert currency_code("hk$") == "HKD"
    assert currency_code("florins") is None
