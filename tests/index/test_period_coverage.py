"""Which periods a corpus speaks of, so a question about another one is told so."""

from __future__ import annotations

import pytest

from index.period_coverage import PeriodCoverage
from index.query import analyse_query
from ingest.periods import FiscalCalendar, find_periods

MARCH_YEARS = FiscalCalendar(4, False)  # FY2010 is April 2010 - March 2011


def _coverage(*documents: tuple[FiscalCalendar, str]) -> PeriodCoverage:
    return PeriodCoverage.of((c, [p for p, _, _ in find_periods(text, c)]) for c, text in documents)


def _uncovered(coverage: PeriodCoverage, question: str) -> list[str]:
    return [p.label for p in coverage.uncovered(analyse_query(question))]


@pytest.mark.parametrize(
    ("question", "uncovered"),
    [
        ("revenue in FY2011", []),
        ("operating income 2Q FY2012", []),  # within a year named
        ("revenue in FY2031", ["FY2031"]),
        ("net income in 2005 and FY2011", ["2005"]),
        ("total assets as of March 31, 2013", []),  # the last day FY2012 reaches
        ("total assets as of June 30, 2013", ["2013-06-30"]),
        ("what was revenue", []),  # no period asked
    ],
)
def test_a_period_no_document_names_any_part_of_is_uncovered(question, uncovered):
    deck = (MARCH_YEARS, "Results for FY2010 and FY2011. Target for FY2012: revenue of JPY 90 billion.")
    assert _uncovered(_coverage(deck), question) == uncovered


def test_each_document_is_read_under_its_own_calendar():
    # a September-year company's Q1 2023 is October-December 2022, which its filing names
    filing = (FiscalCalendar(10, True), "Net sales for the quarter ended December 31, 2022.")
    coverage = _coverage(filing)
    assert _uncovered(coverage, "net sales Q1 2023") == []
    assert _uncovered(coverage, "net sales Q3 2023") == ["3Q FY2023"]


def test_a_date_covers_its_calendar_year():
    # a release that writes its year only in dates and bare years still covers that year
    release = (FiscalCalendar(), "Revenue in 2022 rose 9%. Cash at December 31, 2022 was $4 million.")
    coverage = _coverage(release)
    assert _uncovered(coverage, "revenue in 2022") == []
    assert _uncovered(coverage, "revenue in 2024") == ["2024"]


def test_the_nearest_periods_reported_on_either_side_are_named():
    deck = (MARCH_YEARS, "Results for FY2008 and FY2012.")
    (missing,) = _coverage(deck).uncovered(analyse_query("revenue in FY2010"))
    before, after = _coverage(deck).nearest(missing)
    assert (f"{before:%B %Y}", f"{after:%B %Y}") == ("March 2009", "April 2012")


def test_an_empty_corpus_refuses_nothing():
    assert _uncovered(PeriodCoverage.of([]), "revenue in FY2031") == []
