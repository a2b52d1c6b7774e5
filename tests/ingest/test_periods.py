"""Tests for ingest.periods: parsing period labels as IIJ investor-relations documents write them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ingest.periods import (
    CALENDAR_YEAR,
    DEFAULT_CALENDAR,
    FiscalCalendar,
    Period,
    find_periods,
    parse_column_period,
    parse_period,
    period_matches,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

# (text, kind, label, start, end) with the default April fiscal-year start.
APRIL_YEAR_FORMS = [
    # fiscal years
    ("FY08", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("FY2008", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("FY 2008", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("fiscal 2008", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("fiscal year 2008", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("Fiscal Year 2008", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("FY2009/3", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("Year ended March 31, 2009", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("Fiscal Year Ending March 31, 2010", "year", "FY2009", "2009-04-01", "2010-03-31"),
    ("2022", "year", "FY2021", "2021-04-01", "2022-03-31"),
    # halves
    ("1H09", "half", "1H FY2009", "2009-04-01", "2009-09-30"),
    ("1H FY2009", "half", "1H FY2009", "2009-04-01", "2009-09-30"),
    ("1H FY09", "half", "1H FY2009", "2009-04-01", "2009-09-30"),
    ("first half of FY2009", "half", "1H FY2009", "2009-04-01", "2009-09-30"),
    ("1st Half of FY2007", "half", "1H FY2007", "2007-04-01", "2007-09-30"),
    ("2H08", "half", "2H FY2008", "2008-10-01", "2009-03-31"),
    ("latter half of FY2008", "half", "2H FY2008", "2008-10-01", "2009-03-31"),
    ("H2 2009", "half", "2H FY2009", "2009-10-01", "2010-03-31"),
    ("Six Months Ended September 30, 2009", "half", "1H FY2009", "2009-04-01", "2009-09-30"),
    # quarters
    ("1Q09", "quarter", "1Q FY2009", "2009-04-01", "2009-06-30"),
    ("2Q10", "quarter", "2Q FY2010", "2010-07-01", "2010-09-30"),
    ("4Q08", "quarter", "4Q FY2008", "2009-01-01", "2009-03-31"),
    ("2Q FY2010", "quarter", "2Q FY2010", "2010-07-01", "2010-09-30"),
    ("Q4 2022", "quarter", "4Q FY2022", "2023-01-01", "2023-03-31"),
    ("4Q 2022", "quarter", "4Q FY2022", "2023-01-01", "2023-03-31"),
    ("2nd Quarter FY2009", "quarter", "2Q FY2009", "2009-07-01", "2009-09-30"),
    (
        "the second quarter of fiscal year ending March 2010",
        "quarter",
        "2Q FY2009",
        "2009-07-01",
        "2009-09-30",
    ),
    ("Three Months Ended September 30, 2009", "quarter", "2Q FY2009", "2009-07-01", "2009-09-30"),
    # a 52/53-week quarter: named by the nearest month end, the real 13 weeks kept
    ("Three Months Ended June 24, 2023", "quarter", "1Q FY2023", "2023-03-26", "2023-06-24"),
    # statement headers in the plural cover one period each
    ("Quarters Ended June 30, 2023", "quarter", "1Q FY2023", "2023-04-01", "2023-06-30"),
    ("Years Ended March 31, 2009", "year", "FY2008", "2008-04-01", "2009-03-31"),
    # runs of quarters (nine months)
    ("1Q-3Q FY12", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    ("1Q-3Q FY2012", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    ("9M FY12", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    ("Apr-Dec 2012", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    ("Nine months ended December 31, 2012", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    ("(9months ended Dec. 31, 2012)", "quarters", "1Q-3Q FY2012", "2012-04-01", "2012-12-31"),
    # labels spelled out by a month range, with words and markup around them
    ("FY10 Initial Target (10/4~11/3)", "year", "FY2010", "2010-04-01", "2011-03-31"),
    ("FY08 (08/4 ~ 09/03)", "year", "FY2008", "2008-04-01", "2009-03-31"),
    ("% of Revenues 1H10 (10/4~10/9)", "half", "1H FY2010", "2010-04-01", "2010-09-30"),
    (
        "<i>% of Revenues</i> 4Q08 <i>(09/01 ~ 09/03)</i>",
        "quarter",
        "4Q FY2008",
        "2009-01-01",
        "2009-03-31",
    ),
    (
        "% of Revenues 1Q-3Q FY12 (Apr. 2012 -Dec. 2012)",
        "quarters",
        "1Q-3Q FY2012",
        "2012-04-01",
        "2012-12-31",
    ),
    ("FY11 Actual (Apr. 2011 -Mar.2012)", "year", "FY2011", "2011-04-01", "2012-03-31"),
    # the corpus's inconsistent header: the explicit range wins over the label
    ("FY07 Actual (08/4 ~ 09/3)", "year", "FY2008", "2008-04-01", "2009-03-31"),
    # instants (balance-sheet dates)
    ("As of March 31, 2009", "instant", "2009-03-31", "2009-03-31", "2009-03-31"),
    ("March 31, 2009", "instant", "2009-03-31", "2009-03-31", "2009-03-31"),
    ("September 30, 2010", "instant", "2010-09-30", "2010-09-30", "2010-09-30"),
    ("Sep. 30, 2010", "instant", "2010-09-30", "2010-09-30", "2010-09-30"),
    ("Sept 2010", "instant", "2010-09-30", "2010-09-30", "2010-09-30"),
    ("as of Sep.2010", "instant", "2010-09-30", "2010-09-30", "2010-09-30"),
    ("Dec. 31, 2012", "instant", "2012-12-31", "2012-12-31", "2012-12-31"),
    ("end of March 2010", "instant", "2010-03-31", "2010-03-31", "2010-03-31"),
    ("Feb. 2012", "instant", "2012-02-29", "2012-02-29", "2012-02-29"),
    ("31 March 2009", "instant", "2009-03-31", "2009-03-31", "2009-03-31"),
    ("2008/3", "instant", "2008-03-31", "2008-03-31", "2008-03-31"),
    ("2009-03-31", "instant", "2009-03-31", "2009-03-31", "2009-03-31"),
    # six months that are not a fiscal half: labelled by their dates
    ("Six months ended June 30, 2009", "quarters", "2009-01-01~2009-06-30", "2009-01-01", "2009-06-30"),
]

# A 52/53-week year ending in late September, named by the year it ends in (Apple's).
SEPTEMBER_YEAR_END = FiscalCalendar(10, named_by_end_year=True)
SEPTEMBER_YEAR_END_FORMS = [
    ("fiscal 2022", "year", "FY2022", "2021-10-01", "2022-09-30"),
    ("2022", "year", "FY2022", "2021-10-01", "2022-09-30"),
    ("Years ended September 24, 2022", "year", "FY2022", "2021-09-26", "2022-09-24"),
    ("Three Months Ended July 1, 2023", "quarter", "3Q FY2023", "2023-04-02", "2023-07-01"),
    ("Q3 2023", "quarter", "3Q FY2023", "2023-04-01", "2023-06-30"),
    ("Nine Months Ended July 1, 2023", "quarters", "1Q-3Q FY2023", "2022-10-02", "2023-07-01"),
    ("first nine months of fiscal 2023", "quarters", "1Q-3Q FY2023", "2022-10-01", "2023-06-30"),
    ("first quarter of fiscal 2023", "quarter", "1Q FY2023", "2022-10-01", "2022-12-31"),
]

# The same forms under a calendar fiscal year (CALENDAR_YEAR), as most US filings write them.
CALENDAR_YEAR_FORMS = [
    ("Q4 2022", "quarter", "4Q FY2022", "2022-10-01", "2022-12-31"),
    ("4Q22", "quarter", "4Q FY2022", "2022-10-01", "2022-12-31"),
    ("FY2022", "year", "FY2022", "2022-01-01", "2022-12-31"),
    ("2022", "year", "FY2022", "2022-01-01", "2022-12-31"),
    ("Year ended December 31, 2022", "year", "FY2022", "2022-01-01", "2022-12-31"),
    ("1H22", "half", "1H FY2022", "2022-01-01", "2022-06-30"),
    ("Six Months Ended September 30, 2009", "quarters", "2Q-3Q FY2009", "2009-04-01", "2009-09-30"),
    ("Nine months ended September 30, 2023", "quarters", "1Q-3Q FY2023", "2023-01-01", "2023-09-30"),
    ("Three Months Ended June 24, 2023", "quarter", "2Q FY2023", "2023-03-26", "2023-06-24"),
    ("Apr-Dec 2012", "quarters", "2Q-4Q FY2012", "2012-04-01", "2012-12-31"),
]

NOT_PERIODS = [
    "1,272",
    "JPY1,272 million",
    "3,517",
    "Consolidated: 3,517 personnel",
    "IPv6",
    "SG&A",
    "100%",
    "+81-3-5205-6500",
    "Tel: (03) 5259-6500",
    "1Q",
    "FY",
    "Revenues",
    "",
    "Founded 1992, capital 25,562",
    "FY0000",
    "Sep 0000",
    "0000-01-01",
]


def _check(period: Period | None, kind: str, label: str, start: str, end: str) -> None:
    assert period is not None
    assert (period.kind, period.label, period.start, period.end) == (
        kind,
        label,
        date.fromisoformat(start),
        date.fromisoformat(end),
    )


class TestParsePeriod:
    @pytest.mark.parametrize(("text", "kind", "label", "start", "end"), APRIL_YEAR_FORMS)
    def test_april_fiscal_year(self, text: str, kind: str, label: str, start: str, end: str) -> None:
        _check(parse_period(text), kind, label, start, end)

    @pytest.mark.parametrize(("text", "kind", "label", "start", "end"), CALENDAR_YEAR_FORMS)
    def test_calendar_fiscal_year(self, text: str, kind: str, label: str, start: str, end: str) -> None:
        _check(parse_period(text, CALENDAR_YEAR), kind, label, start, end)

    @pytest.mark.parametrize(
        ("text", "label"),
        [
            ("FY99", "FY1999"),
            ("FY70", "FY1970"),
            ("FY69", "FY2069"),
            ("FY00", "FY2000"),
            ("4Q99", "4Q FY1999"),
        ],
    )
    def test_two_digit_years_pivot_at_70(self, text: str, label: str) -> None:
        period = parse_period(text)
        assert period is not None
        assert period.label == label

    @pytest.mark.parametrize("text", NOT_PERIODS)
    def test_text_without_a_period_gives_none(self, text: str) -> None:
        assert parse_period(text) is None

    @pytest.mark.parametrize("text", ["13/2008", "February 30, 2009", "(08/13 ~ 09/3)", "2008/13", "Q5 2022"])
    def test_impossible_dates_give_none(self, text: str) -> None:
        assert parse_period(text) is None

    @pytest.mark.parametrize(
        ("text", "calendar"),
        [(text, DEFAULT_CALENDAR) for text, *_ in APRIL_YEAR_FORMS]
        + [(text, CALENDAR_YEAR) for text, *_ in CALENDAR_YEAR_FORMS]
        + [(text, SEPTEMBER_YEAR_END) for text, *_ in SEPTEMBER_YEAR_END_FORMS],
    )
    def test_label_parses_back_to_the_same_period(self, text: str, calendar: FiscalCalendar) -> None:
        period = parse_period(text, calendar)
        assert period is not None
        again = parse_period(period.label, calendar)
        assert again is not None
        assert again.label == period.label
        assert period_matches(again, period)

    @pytest.mark.parametrize(("text", "kind", "label", "start", "end"), SEPTEMBER_YEAR_END_FORMS)
    def test_year_named_by_its_end(self, text: str, kind: str, label: str, start: str, end: str) -> None:
        _check(parse_column_period(text, SEPTEMBER_YEAR_END), kind, label, start, end)

    @pytest.mark.parametrize("start_month", [0, 13])
    def test_bad_fiscal_start_month_is_rejected(self, start_month: int) -> None:
        with pytest.raises(ValueError, match="start_month must be a month number 1-12"):
            FiscalCalendar(start_month)

    @pytest.mark.parametrize("calendar", [DEFAULT_CALENDAR, CALENDAR_YEAR, SEPTEMBER_YEAR_END])
    def test_calendar_code_round_trips(self, calendar: FiscalCalendar) -> None:
        assert FiscalCalendar.from_code(calendar.code) == calendar


class TestPeriodEquality:
    @pytest.mark.parametrize(
        "text",
        [
            "FY2008",
            "FY 2008",
            "fiscal 2008",
            "fiscal year 2008",
            "FY08 (08/4 ~ 09/03)",
            "FY07 Actual (08/4 ~ 09/3)",
            "Year ended March 31, 2009",
            "Apr 2008 - Mar 2009",
        ],
    )
    def test_spellings_of_fy08_are_equal(self, text: str) -> None:
        fy08 = parse_period("FY08")
        assert parse_period(text) == fy08
        assert hash(parse_period(text)) == hash(fy08)

    @pytest.mark.parametrize(
        ("a", "b"),
        [
            ("1H09", "first half of FY2009"),
            ("1H09", "Six Months Ended September 30, 2009"),
            ("4Q08", "<i>(09/01 ~ 09/03)</i>"),
            ("1Q-3Q FY12", "Apr-Dec 2012"),
            ("1Q-3Q FY12", "9M FY12"),
            ("As of March 31, 2009", "2009/3"),
            ("Sept 2010", "Sep. 30, 2010"),
        ],
    )
    def test_different_spellings_are_equal(self, a: str, b: str) -> None:
        assert parse_period(a) == parse_period(b)

    @pytest.mark.parametrize(
        ("a", "b"), [("FY08", "FY07"), ("1H09", "FY09"), ("1H09", "2H09"), ("2Q10", "2Q09"), ("FY08", "2008")]
    )
    def test_different_periods_are_not_equal(self, a: str, b: str) -> None:
        assert parse_period(a) != parse_period(b)

    def test_label_is_not_compared(self) -> None:
        start, end = date(2008, 4, 1), date(2009, 3, 31)
        assert Period("year", start, end, "FY08") == Period("year", start, end, "FY2008")

    @pytest.mark.parametrize(
        ("kind", "start", "end", "message"),
        [
            ("month", date(2008, 4, 1), date(2008, 4, 30), "kind must be one of"),
            ("year", date(2009, 4, 1), date(2008, 4, 1), "must not be after end"),
            ("instant", date(2009, 3, 30), date(2009, 3, 31), "an instant must start and end on the same"),
        ],
    )
    def test_invalid_period_is_rejected(self, kind: str, start: date, end: date, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            Period(kind, start, end, "x")


class TestFindPeriods:
    @pytest.mark.parametrize(
        ("text", "mentions", "labels"),
        [
            (
                "Losses from 4 new subsidiaries were JPY1,272 million in FY08, and JPY449million in 4Q08.",
                ["FY08", "4Q08"],
                ["FY2008", "4Q FY2008"],
            ),
            (
                "FY10 Initial Target (10/4~11/3)\tFY09 Actual (09/4~10/3)\tYoY (Revised FY10 to FY09)",
                ["FY10 Initial Target (10/4~11/3)", "FY09 Actual (09/4~10/3)", "FY10", "FY09"],
                ["FY2010", "FY2009", "FY2010", "FY2009"],
            ),
            (
                "| <i>% of Revenues</i> 4Q08 <i>(09/01 ~ 09/03)</i> | YoY |",
                ["4Q08 <i>(09/01 ~ 09/03)"],
                ["4Q FY2008"],
            ),
            (
                "- Revenue: 1Q-3Q FY11 JPY922 million → 1Q-3Q FY12 JPY1,707 million",
                ["1Q-3Q FY11", "1Q-3Q FY12"],
                ["1Q-3Q FY2011", "1Q-3Q FY2012"],
            ),
            (
                "Number of shares As of March 31, 2009: 3,934 shares; 2Q09: 215 stores",
                ["As of March 31, 2009", "2Q09"],
                ["2009-03-31", "2Q FY2009"],
            ),
            (
                "compared to the six months ended September 30, 2008 and the first half of FY2009.",
                ["six months ended September 30, 2008", "first half of FY2009"],
                ["1H FY2008", "1H FY2009"],
            ),
            (
                "- <2Q10>\n(*)From 2Q10, to reflect the acquisition",
                ["2Q10", "2Q10"],
                ["2Q FY2010", "2Q FY2010"],
            ),
            (
                "shareholder's equity ratio: • end of Sep 2010: 42.1% • end of March 2010: 44.0%",
                ["end of Sep 2010", "end of March 2010"],
                ["2010-09-30", "2010-03-31"],
            ),
        ],
    )
    def test_mentions_and_spans(self, text: str, mentions: list[str], labels: list[str]) -> None:
        found = find_periods(text)
        assert [text[start:end] for _, start, end in found] == mentions
        assert [period.label for period, _, _ in found] == labels

    @pytest.mark.parametrize(
        "text",
        [
            "Losses were JPY1,272 million, SG&A rose 100% for IPv6; call +81-3-5205-6500.",
            "Consolidated: 3,517 personnel in 2012 and 1,020 in 2008",
            "Press Releases FY\t1Q\t4/8 IIJ Obtains US and Japan",
        ],
    )
    def test_text_without_periods_finds_none(self, text: str) -> None:
        assert find_periods(text) == []

    def test_mentions_are_ordered_and_do_not_overlap(self) -> None:
        text = "1Q-3Q FY12 (Apr. 2012 -Dec. 2012) vs 3Q FY12 and 2Q12, as of Dec. 31, 2012"
        found = find_periods(text)
        assert [text[s:e] for _, s, e in found] == [
            "1Q-3Q FY12 (Apr. 2012 -Dec. 2012)",
            "3Q FY12",
            "2Q12",
            "as of Dec. 31, 2012",
        ]
        ends = [e for _, _, e in found]
        starts = [s for _, s, _ in found]
        assert all(end <= next_start for end, next_start in zip(ends, starts[1:], strict=False))

    def test_calendar_flag_changes_the_quarter(self) -> None:
        text = "Revenue grew in Q4 2022."
        [(april, _, _)] = find_periods(text)
        [(calendar_year, _, _)] = find_periods(text, CALENDAR_YEAR)
        assert (april.start, april.end) == (date(2023, 1, 1), date(2023, 3, 31))
        assert (calendar_year.start, calendar_year.end) == (date(2022, 10, 1), date(2022, 12, 31))

    @pytest.mark.skipif(not CORPUS.is_dir(), reason="no corpus folder")
    def test_every_corpus_mention_parses_back_to_itself(self) -> None:
        for path in sorted(CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for period, start, end in find_periods(text):
                assert parse_period(text[start:end]) == period, f"{path.name}: {text[start:end]!r}"


class TestPeriodMatches:
    @pytest.mark.parametrize(
        ("query", "candidate", "expected"),
        [
            ("FY08", "FY2008", True),
            ("FY08", "FY08 (08/4 ~ 09/03)", True),
            ("FY08", "Year ended March 31, 2009", True),
            ("FY08", "FY07", False),
            ("1H09", "FY09", False),
            ("FY09", "1H09", False),
            ("1Q-3Q FY12", "FY12", False),
            ("1Q-3Q FY12", "Nine months ended December 31, 2012", True),
            ("As of March 31, 2009", "March 31, 2009", True),
            ("As of March 31, 2009", "2009/3", True),
            ("As of March 31, 2009", "March 31, 2010", False),
            ("2009-03-31", "FY08", False),
            ("4Q08", "<i>(09/01 ~ 09/03)</i>", True),
        ],
    )
    def test_matches(self, query: str, candidate: str, expected: bool) -> None:
        q, c = parse_period(query), parse_period(candidate)
        assert q is not None and c is not None
        assert period_matches(q, c) is expected

    def test_52_53_week_quarter_matches_the_quarter_it_reports(self) -> None:
        quarter = parse_period("2Q23", CALENDAR_YEAR)
        reported = parse_period("Three Months Ended June 24, 2023", CALENDAR_YEAR)
        assert quarter is not None and reported is not None
        assert quarter != reported
        assert period_matches(quarter, reported)


@pytest.mark.parametrize(
    ("header", "label", "end"),
    [
        ("December31, 2019", "2019-12-31", date(2019, 12, 31)),
        ("2018/2019", "2018/2019", date(2019, 3, 31)),
        ("2019 US$’000", "FY2018", date(2019, 3, 31)),
        ("FY08 (08/4 ~ 09/03)", "FY2008", date(2009, 3, 31)),
    ],
)
def test_column_headers_are_read_leniently(header, label, end):
    period = parse_column_period(header)
    assert period is not None and period.label == label and period.end == end


def test_a_header_without_a_period_gives_none():
    assert parse_column_period("Ownership") is None
    assert parse_column_period("") is None


def test_months_of_one_year_written_after_the_year_are_a_range():
    half = parse_period("(2011/4-9)")
    assert half is not None and (half.start, half.end) == (date(2011, 4, 1), date(2011, 9, 30))
    # A range running into the next year would leave its end's year unwritten: not a range.
    spill = parse_period("(2011/10-3)")
    assert spill is not None and spill.kind == "instant"  # read as before: a month's end, no range
    # Unbracketed, it is a year end and a negative figure, not a range of months.
    assert [p.label for p, _, _ in find_periods("Sales FY2009/3 -5.2% and FY2010/3 3.1%")] == [
        "FY2008",
        "FY2009",
    ]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("the ferry line was acquired on June 1st 2007 for", date(2007, 6, 1)),
        ("On March 22nd, 2023, the board", date(2023, 3, 22)),
        ("effective the 3rd of October 2011", date(2011, 10, 3)),
        ("since 21st April 2015", date(2015, 4, 21)),
    ],
)
def test_a_day_written_as_an_ordinal_is_a_date(text, day):
    (period, start, end), *_ = find_periods(text)
    assert period.kind == "instant" and period.end == day and text[start:end].endswith(str(day.year))


def test_of_joins_only_an_ordinal_day_to_its_month():
    assert [p.end for p, _, _ in find_periods("5 of March 2010")] == [date(2010, 3, 31)]
