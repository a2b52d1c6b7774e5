"""Units are read from the text around a table."""

from __future__ import annotations

import pytest

from ingest.tables.unit import find_unit


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Unit: JPY million", "JPY million"),
        ("Unit: million", "million"),
        ("Unit: JPY billion (except for Net Income and Cash Dividend per Share)", "JPY billion"),
        ("(JPY in millions)", "JPY million"),
        ("Thousands of JPY", "JPY thousand"),
        ("(In millions, except per share amounts)", "million"),
        ("(Revenue, JPY million)", "JPY million"),
        ("(Dollars in millions)", "USD million"),
        ("(HK$ in millions)", "HKD million"),  # a dollar sign with a prefix is not USD
        ("Thousands of New Taiwan dollars", "TWD thousand"),
        ("(£ in millions)", "GBP million"),
        ("Established in 1992", None),
    ],
)
def test_find_unit(text, unit):
    assert find_unit(text) == unit


def test_a_columns_unit_takes_what_it_leaves_out_from_its_tables():
    from ingest.tables.unit import merge_units

    assert merge_units("million", "JPY thousand") == "JPY million"
    assert merge_units("USD thousand", "JPY thousand") == "USD thousand"
    assert merge_units("EUR", "USD million") == "EUR million"
    assert merge_units("million", None) == "million"
