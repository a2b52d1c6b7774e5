"""What kind of figure a source states: a target, a revised or an initial one, or a result."""

from __future__ import annotations

import pytest

from index.answering.stated_kind import passage_kind_text, row_kind_text, stated_as, stated_kinds


@pytest.mark.parametrize(
    ("header", "said", "kinds"),
    [
        ("Revised FY14 Target (14/4~15/3)", "revised target", {"target", "revised"}),
        ("FY14 Initial Target", "initial target", {"target", "initial"}),
        ("FY2015 Forecasts", "forecast", {"target"}),
        ("2016 Outlook", "outlook", {"target"}),
        ("FY13 Actual (13/4~14/3)", None, set()),
        ("Q3 2016", None, set()),
        # a filing's plans, assumptions and costs are no targets
        ("U.S. Pension Plans", None, set()),
        ("Expected return on plan assets", None, set()),
        ("Original Cost", None, set()),
        ("As Revised", None, set()),
    ],
)
def test_a_column_header_says_what_kind_of_figure_it_holds(header, said, kinds):
    assert stated_as(header) == said
    assert stated_kinds(header) == kinds


@pytest.mark.parametrize(("header", "said"), [("FY2011 (Plan)", "plan"), ("Revised Plan", "revised plan")])
def test_a_column_headed_plan_holds_targets(header, said):
    assert stated_as(header, column=True) == said
    assert stated_as(header) is None  # in running text a plan is most often a pension or stock plan


def _kind_of(line: str, figure: str, previous: str | None = None, lead_in: str = "") -> str | None:
    start = line.index(figure)
    clause_start = line.index(previous) + len(previous) if previous else 0
    return stated_as(passage_kind_text(line, lead_in, clause_start, start, start + len(figure)))


def test_a_passage_figure_is_a_target_by_its_own_clause_not_its_neighbours():
    line = "Sales were USD 412 million, ahead of the target of USD 400 million."
    assert _kind_of(line, "USD 412 million") is None
    assert _kind_of(line, "USD 400 million", previous="USD 412 million") == "target"


def test_a_line_head_or_a_list_lead_in_names_the_kind_of_every_figure_after_it():
    line = "Full-year targets: Sales: USD 900 million, Operating income: USD 90 million"
    assert _kind_of(line, "USD 90 million", previous="USD 900 million") == "target"
    assert _kind_of("- Sales: USD 900 million", "USD 900 million", lead_in="2017 forecast:") == "forecast"


def test_a_colon_deep_in_a_long_sentence_heads_nothing():
    line = (
        "The guidance we gave in March and repeated in our annual report held: sales rose to"
        " USD 412 million, and costs to USD 300 million"
    )
    assert _kind_of(line, "USD 300 million", previous="USD 412 million") is None


def test_a_parenthesis_right_after_a_figure_says_its_kind():
    assert _kind_of("Year-end dividend: USD 0.40 per share (planned)", "USD 0.40") == "planned"


@pytest.mark.parametrize(
    ("column", "title", "said"),
    [
        ("FY2024", "FY2024 Financial Targets", "target"),  # a period-only column under a plan's title
        ("FY2024 Actual", "FY2024 Financial Targets", None),  # the column says
        ("FY2024", "Results vs. Forecast", None),  # a title setting both apart leaves it to the columns
        ("FY2024", "Forecast of Consolidated Financial Results", "forecast"),  # results are its subject
        ("2024", "Employee Stock Plan", None),  # a plan in a filing's words is no target
    ],
)
def test_a_cell_is_a_target_by_its_column_or_else_by_its_title(column, title, said):
    text, in_column = row_kind_text(column, title)
    assert stated_as(text, column=in_column) == said
