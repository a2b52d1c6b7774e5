"""Questions after the figures of several rows (or columns) they name, on an invented table."""

from __future__ import annotations

import numpy as np
import pytest

from index.answering.candidates import QueryVectors, RankedUnit
from index.answering.extractor import AnswerExtractor
from index.answering.named_rows import named_rows
from index.query import analyse_query

TABLE = """Related party dealings

| | 2024 | 2023 |
|---|---|---|
| Sales | 410 | 380 |
| Purchases | 95 | 120 |
| Sales and marketing | 60 | 55 |
| Interest | 7 | 9 |

Businesses

| | 2024 | 2023 |
|---|---|---|
| Ongoing business | | |
| Net revenue | 1,200 | 1,100 |
| Service fees | 300 | 280 |
| Held for sale | | |
| Net revenue | 300 | 320 |
| Service fees | 90 | 40 |

Balances by region

| | Americas | Europe | Asia |
|---|---|---|---|
| Balance at December 31, 2023 | 1,200 | 800 | 300 |
| Balance at December 31, 2024 | 1,350 | 760 | 410 |
"""


@pytest.fixture(scope="module")
def evidence(table_evidence):
    return table_evidence(TABLE)


def _parts(evidence, question: str, first_row: str) -> list[tuple[str, str]]:
    units, ctx = evidence
    lead = next(u for u in units if u.label == first_row)
    return [
        (p.label, p.cell.text)
        for p in named_rows([RankedUnit(lead, 0, 1.0, 0.5)], analyse_query(question), ctx)
    ]


def test_two_rows_joined_by_and_give_a_figure_each_in_the_asked_year(evidence):
    assert _parts(evidence, "What were purchases and sales in 2023?", "Sales") == [
        ("Purchases", "120"),
        ("Sales", "380"),
    ]


def test_one_row_whose_label_holds_and_is_not_split(evidence):
    assert _parts(evidence, "What were sales and marketing costs in 2024?", "Sales") == []


def test_names_not_side_by_side_ask_for_one_figure(evidence):
    assert _parts(evidence, "What was the interest earned on sales and other income in 2024?", "Sales") == []


def test_a_label_written_in_two_groups_is_not_guessed_between(evidence):
    question = "What were ongoing business net revenue and service fees in 2024?"
    assert _parts(evidence, question, "Ongoing business: Net revenue") == []


def test_columns_of_a_row_of_another_period_are_not_read(evidence):
    question = "What were the Americas and Europe balances at December 31, 2023?"
    assert _parts(evidence, question, "Balance at December 31, 2024") == []


def test_two_columns_joined_by_and_give_the_top_rows_figures(evidence):
    question = "What were the Americas and Europe balances at December 31, 2024?"
    assert _parts(evidence, question, "Balance at December 31, 2024") == [
        ("Americas", "1,350"),
        ("Europe", "760"),
    ]


def test_the_figures_are_a_best_guess_with_their_cells_cited(evidence):
    units, ctx = evidence
    lead = next(u for u in units if u.label == "Sales")
    outcome = AnswerExtractor(ctx, scorer=None).extract(
        [RankedUnit(lead, 0, 1.0, 0.5)],
        analyse_query("What were purchases and sales in 2023?"),
        QueryVectors(np.ones(4) / 2, np.ones(4) / 2),
    )
    assert outcome.answer is None and "Purchases 120; Sales 380" in outcome.reason
    assert [TABLE[g.start : g.end] for g in outcome.best_guess] == ["120", "380"]


GROUPED = """Dealings with the parent

| | 2024 | 2023 |
|---|---|---|
| Income: | | |
| Licence income from partners | 40 | 35 |
| Costs | | |
| (EUR thousands) | | |
| Freight and handling paid to carriers | 12 | 10 |
| Fees: | | |
| Audit work | 5 | 4 |
| Tax advice | 2 | 1 |
| Levies | | |
| Harbour levy | 3 | 3 |
| Total levies | 3 | 3 |
| Grants | 1 | 1 |
"""


@pytest.fixture(scope="module")
def grouped(table_evidence):
    return table_evidence(GROUPED)


def test_a_heading_over_one_row_names_that_row(grouped):
    units, ctx = grouped
    lead = next(u for u in units if u.label.endswith("Licence income from partners"))
    parts = named_rows(
        [RankedUnit(lead, 0, 1.0, 0.5)], analyse_query("What were income and costs in 2023?"), ctx
    )
    assert [(p.label, p.cell.text) for p in parts] == [("Income", "35"), ("Costs", "10")]
    # A heading over two rows does not say which is asked.
    assert named_rows([RankedUnit(lead, 0, 1.0, 0.5)], analyse_query("income and fees in 2023"), ctx) == []
    # A row and its total are two rows; a row after the total sits under no heading.
    assert named_rows([RankedUnit(lead, 0, 1.0, 0.5)], analyse_query("income and levies in 2023"), ctx) == []
