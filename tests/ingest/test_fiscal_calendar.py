"""Tests for ingest.fiscal_calendar: a document's fiscal year read from its own words."""

from __future__ import annotations

import pytest

from ingest.fiscal_calendar import detect_calendar
from ingest.periods import CALENDAR_YEAR, FiscalCalendar, parse_column_period, parse_period


@pytest.mark.parametrize(
    ("text", "calendar"),
    [
        # a US filer whose 52/53-week year ends in September, named by its end year
        (
            "The Company's fiscal year is the 52- or 53-week period that ends on the last Saturday of "
            "September. CONSOLIDATED STATEMENTS OF OPERATIONS  Years ended September 24, 2022",
            FiscalCalendar(10, named_by_end_year=True),
        ),
        # a year ending in early October closes a September year
        ("Fiscal Year Ended October 1, 2022", FiscalCalendar(10, named_by_end_year=True)),
        ("Twelve Months Ended Dec 31, 2022   Dec 25, 2021", CALENDAR_YEAR),
        ("Statements for the fiscal year ended June 30, 2023", FiscalCalendar(7, named_by_end_year=True)),
        # a label spelled out by its months says how years are named
        ("FY12 Target (Apr. 2012 -Mar.2013)   FY11 Actual (Apr. 2011 -Mar.2012)", FiscalCalendar(4)),
        ("FY2023 (Apr. 2022 - Mar. 2023) results", FiscalCalendar(4, named_by_end_year=True)),
        # months of one year after the year written once: a half from April to September
        ("Revenues  1H11 (2011/4-9)  1H10 (2010/4-9)  YoY", FiscalCalendar(4)),
        # a quarterly release that never says when its year ends
        ("Quarters Ended March 31, 2023   Revenues 5,897.8", CALENDAR_YEAR),
    ],
)
def test_the_calendar_the_document_states(text: str, calendar: FiscalCalendar) -> None:
    assert detect_calendar(text) == calendar


def test_a_label_contradicting_its_range_is_no_evidence() -> None:
    # `FY07 Actual (08/4 ~ 09/3)` is a typo in the corpus: the range is a year later than the label.
    assert detect_calendar("FY07 Actual (08/4 ~ 09/3)") == CALENDAR_YEAR


def test_one_quarter_under_two_calendars() -> None:
    september = detect_calendar("fiscal years ended in September; Years ended September 24, 2022")
    # The same words name different months for a September-year company and a calendar-year one.
    apple_q1 = parse_period("Q1 2023", september)
    calendar_q1 = parse_period("Q1 2023", CALENDAR_YEAR)
    assert apple_q1 is not None and calendar_q1 is not None
    assert (apple_q1.start.isoformat(), apple_q1.end.isoformat()) == ("2022-10-01", "2022-12-31")
    assert (calendar_q1.start.isoformat(), calendar_q1.end.isoformat()) == ("2023-01-01", "2023-03-31")
    column = parse_column_period("Three Months Ended March 31, 2023", CALENDAR_YEAR)
    assert column is not None and column.label == "1Q FY2023"


@pytest.mark.parametrize(
    ("name", "code"),
    [("APPLE_2022_10K.pdf", "10e"), ("APPLE_2023Q3_10Q.pdf", "10e"), ("INTEL_2022Q4_EARNINGS.pdf", "1")],
)
def test_shared_filings_carry_their_calendar(name: str, code: str) -> None:
    from conftest import ingested_pdf

    assert ingested_pdf(name).document.calendar.code == code


def test_corpus_decks_spelling_out_april_years_are_read_so(corpus_docs) -> None:
    codes = {name: doc.document.calendar.code for name, doc in corpus_docs.items()}
    # Every deck spells a label out by its months (`FY10 Target (10/4~11/3)`, `1H07 (2007/4-9)`)
    # or names the year's end (`fiscal year ending March 31, 2010`).
    assert sorted(codes.values()) == ["4", "4", "4", "4", "4"]
