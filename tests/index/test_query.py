"""Question analysis: the periods a question names, as reports write them."""

import pytest

from index.financial_tokenizer import tokenize
from index.query import analyse_query, period_spellings
from ingest.periods import CALENDAR_YEAR, FiscalCalendar

JULY_TO_JUNE = FiscalCalendar(7, True)  # FY2016 runs July 2015 - June 2016


def test_dates_are_also_spelled_as_the_fiscal_period_a_calendar_names():
    year = analyse_query("ferry ticket income for the fiscal year ended June 30, 2016")
    assert period_spellings(year, [JULY_TO_JUNE]) == ["FY2016"]
    half = analyse_query("membership fees for January-June 2016")
    assert period_spellings(half, [JULY_TO_JUNE]) == ["2H FY2016"]


def test_each_calendar_names_the_same_months_its_own_way():
    q = analyse_query("membership fees for the three months ended June 30, 2016")
    assert period_spellings(q, [CALENDAR_YEAR, JULY_TO_JUNE]) == ["2Q FY2016", "4Q FY2016"]


def test_a_period_the_question_already_spells_compactly_adds_nothing():
    assert period_spellings(analyse_query("FY16 ferry ticket income"), [JULY_TO_JUNE]) == []


def test_a_date_or_a_question_without_a_period_adds_nothing():
    assert period_spellings(analyse_query("membership fees at June 30, 2016"), [JULY_TO_JUNE]) == []
    assert period_spellings(analyse_query("membership fees"), [CALENDAR_YEAR, JULY_TO_JUNE]) == []


@pytest.mark.parametrize(
    "question",
    [
        "How much did freight revenue rise in 2Q23?",
        "how fast was subscription revenue growing in 2022",
        "Did widget sales decline in fiscal 2021?",
        "cost of goods sold year-on-year FY2021",
        "By what share did licence fees fall in 2022?",
        "royalty income growth 1H22",
    ],
)
def test_a_change_asked_in_words_is_a_change_not_a_metric(question):
    q = analyse_query(question)
    assert "change" in q.qualifiers
    assert not set(tokenize("rise growing decline year fall growth")) & set(q.metric_terms)


@pytest.mark.parametrize(
    "question",
    [
        "creditors: amounts falling due within one year at 31 March 2022",
        "freight revenue 2Q23",
        "provision for decline in value of inventories 2Q23",
        "which temporary differences give rise to deferred tax liabilities",
        "what did freight revenue grow to in 2Q23",
        "net sales of the fall/winter season 2023",
        "which bonds fell due in 2023",
    ],
)
def test_a_level_or_a_line_item_is_not_a_change(question):
    assert "change" not in analyse_query(question).qualifiers


@pytest.mark.parametrize(
    ("question", "codes"),
    [
        ("revenue in HK$ for 2022", {"HKD"}),
        ("net sales in US dollars and yen", {"USD", "JPY"}),
        ("operating margin 2022", set()),
    ],
)
def test_the_currencies_a_question_names_are_read_whole(question, codes):
    assert analyse_query(question).currencies == codes


@pytest.mark.parametrize(
    ("question", "compared"),
    [
        ("How much did segment sales grow in fiscal 2024 compared with fiscal 2023?", True),
        ("payroll cost change FY24 vs FY23", True),
        ("By how much did inventories decrease between June 30, 2023 and December 31, 2023?", True),
        ("What was the increase in backlog from 2022 to 2023?", True),
        ("What was backlog growth in FY22 and FY23?", False),  # a change for each year
        ("What was backlog in 2023 versus 2022?", False),  # no change asked: a level for each year
        ("How did backlog change from 2022 to 2023, respectively?", False),
    ],
)
def test_a_change_between_two_periods_is_asked_once(question, compared):
    assert analyse_query(question).compares_periods is compared


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        ("senior notes due 2031 outstanding at December 31, 2022", ["2022-12-31"]),
        ("Notes Due In 2027 carrying amount in 2021", ["2021"]),
        ("principal of the 2029 Notes in 2022", ["2022"]),
        ("term loan maturing in 2026", []),
        ("What operating lease payments are due in 2024?", ["2024"]),  # the asked year
        ("How much long-term debt is maturing in 2026?", ["2026"]),
        ("revenue in 2019 and 2018", ["2019", "2018"]),
    ],
)
def test_a_debts_year_names_the_debt_not_the_period_asked(question, periods):
    assert [p.label for p in analyse_query(question).periods] == periods


@pytest.mark.parametrize(
    ("question", "periods"),
    [
        ("What were freight volumes for fiscal 2021 to 2023?", ["FY2021", "FY2022", "FY2023"]),
        ("ticket income 2019 to 2017, respectively", ["2019", "2018", "2017"]),
        ("headcount FY2014-FY2016", ["FY2014", "FY2015", "FY2016"]),
        ("dividends paid 2020 through 2022 and in 2024", ["2020", "2021", "2022", "2024"]),
        ("rent expense FY19 to FY21", ["FY2019", "FY2020", "FY2021"]),
        ("rent expense FY98 to FY01", ["FY1998", "FY1999", "FY2000", "FY2001"]),
        ("rent expense 2020 to 2022 USD", ["2020", "2021", "2022"]),  # a currency is no plan's name
        ("total rent expense from 2020 to 2022", ["2020", "2021", "2022"]),
        ("rent expense 2020 to 2024", ["2020", "2021", "2022", "2023", "2024"]),  # a five-year table
        ("rent expense 2021 to 2022", ["2021", "2022"]),  # nothing between
        ("rent expense 2020 to 2025", ["2020", "2025"]),  # wider than a five-year table
        ("rent expense 2019-20", ["2019"]),  # one fiscal year written across two
        ("What is the 2018-2020 LTIP payout?", ["2018", "2020"]),  # a plan named by its years
        ("How much did rent expense grow from 2020 to 2022?", ["2020", "2022"]),  # one change
        ("rent expense growth 2020 to 2022", ["2020", "2022"]),
    ],
)
def test_a_range_of_years_asks_every_year_it_passes(question, periods):
    assert [p.label for p in analyse_query(question).periods] == periods


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("When was the ferry terminal opened?", True),
        ("On what date was the merger completed?", True),
        ("interim dividend payment start date", True),
        ("What is the maturity date of the 4.5% notes due 2031?", True),
        ("From what date did the company adopt the new lease standard?", True),
        ("record date for the special dividend", True),
        ("What was the grant date fair value per option?", False),  # `date` modifies `fair value`
        ("What was the share price on the record date?", False),  # set at a date, asks a price
        ("What was cash as of the date of the report?", False),
        ("How much revenue has been recognised to date?", False),
        ("year-to-date revenue", False),
        ("By what date must the loan be repaid?", True),
        ("What will the repayment date be?", True),
        ("What's the date the acquisition closed?", True),
        ("Tell me the record date for the interim dividend.", True),
        ("What are the record and payment dates?", True),
        ("preference share dividend payment date", True),
        ("What was the interest accrued through the maturity date?", False),
        # Dates the question is set at, in a sentence asking a figure.
        ("How much did the price move between the offer date and the closing date?", False),
        ("What interest accrued from the issue date to the first coupon date?", False),
        ("How many shares were outstanding as of the most recent record date?", False),
        ("What is the amount of the special dividend and its record date?", False),
        ("What was revenue to date?", False),
        ("What was the option's fair value at grant date?", False),
    ],
)
def test_a_question_asks_a_date_when_date_heads_what_it_asks(question, asks):
    assert analyse_query(question).asks_date is asks
