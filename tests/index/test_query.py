"""Question analysis: the periods a question names, as documents write them."""

from index.query import analyse_query, period_spellings
from ingest.periods import CALENDAR_YEAR, FiscalCalendar

APRIL_TO_MARCH = FiscalCalendar(4)  # FY2008 runs April 2008 - March 2009
OCTOBER_BY_END = FiscalCalendar(10, True)  # FY2022 runs October 2021 - September 2022


def test_dates_are_also_spelled_as_the_fiscal_period_a_calendar_names():
    q = analyse_query("net sales in the fiscal year ended March 31, 2009")
    assert period_spellings(q, [APRIL_TO_MARCH]) == ["FY2008"]
    half = analyse_query("operating costs for April-September 2009")
    assert period_spellings(half, [APRIL_TO_MARCH]) == ["1H FY2009"]


def test_each_calendar_names_the_same_months_its_own_way():
    q = analyse_query("revenue for the three months ended December 31, 2022")
    assert period_spellings(q, [CALENDAR_YEAR, OCTOBER_BY_END]) == ["4Q FY2022", "1Q FY2023"]


def test_a_period_the_question_already_spells_compactly_adds_nothing():
    assert period_spellings(analyse_query("FY08 operating income"), [APRIL_TO_MARCH]) == []
    assert period_spellings(analyse_query("total assets as of March 31, 2009"), [APRIL_TO_MARCH]) == []
