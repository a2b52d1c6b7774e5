"""Questions after the names of table rows, on an invented statement."""

from __future__ import annotations

import numpy as np
import pytest

from index.answering.candidates import QueryVectors, RankedUnit
from index.answering.extractor import AnswerExtractor
from index.answering.row_names import RowNamesModel, row_names
from index.query import analyse_query

STATEMENT = """Statement of operations

| | 2024 | 2023 |
|---|---|---|
| Ongoing business | | |
| Net revenue | 1,200 | 1,100 |
| Service fees | 300 | 280 |
| Total ongoing business | 1,500 | 1,380 |
| Held for sale | | |
| Net revenue | 300 | 320 |
| Licences | 90 | 40 |
| Total held for sale | 390 | 360 |
| Operating expenses | | |
| Research | 200 | 150 |
| Marketing | 120 | 160 |
| Total operating expenses | 320 | 310 |

Revenue by line

| | 2024 |
|---|---|
| Cloud storage | 40 |
| Cloud compute | 60 |
| Cloud revenue | 100 |
| Consulting | 30 |
| Total revenue | 130 |
"""


@pytest.fixture(scope="module")
def evidence(table_evidence):
    """The statement's rows and what the answerer reads of the index."""
    return table_evidence(STATEMENT)


def _names(evidence, question: str, first_row: str) -> list[str] | None:
    """The names answering `question` when the row labelled `first_row` leads the evidence."""
    units, ctx = evidence
    lead = next(u for u in units if u.label == first_row)
    found = row_names([RankedUnit(lead, 0, 1.0, 0.5)], analyse_query(question), ctx)
    return found.names if found else None


def test_the_rows_under_the_heading_the_question_names_are_listed_by_their_own_labels(evidence):
    names = _names(
        evidence, "What are the components of the held for sale business?", "Held for sale: Licences"
    )
    assert names == ["Net revenue", "Licences"]


def test_the_rows_a_named_subtotal_sums_are_listed(evidence):
    names = _names(evidence, "Which lines add up to cloud revenue?", "Consulting")
    assert names == ["Cloud storage", "Cloud compute"]


def test_a_named_row_that_is_not_a_sum_has_no_components(evidence):
    assert _names(evidence, "What are the components of licences?", "Held for sale: Licences") is None


def test_a_superlative_names_the_largest_row_in_the_asked_period_column(evidence):
    question = "Which operating expense was largest in {}?"
    assert _names(evidence, question.format(2024), "Operating expenses: Research") == ["Research"]
    assert _names(evidence, question.format(2023), "Operating expenses: Research") == ["Marketing"]
    smallest = _names(
        evidence, "Which operating expense was smallest in 2023?", "Operating expenses: Research"
    )
    assert smallest == ["Research"]


def test_a_comparison_with_a_figure_is_not_answered_with_the_smallest_row(evidence):
    question = "Which operating expenses were less than 155 in 2023?"
    assert _names(evidence, question, "Operating expenses: Research") is None


def test_without_a_named_group_every_row_but_the_totals_is_listed(evidence):
    names = _names(evidence, "List the business lines of this breakdown.", "Consulting")
    assert names == ["Cloud storage", "Cloud compute", "Cloud revenue", "Consulting"]


def test_a_names_question_is_a_best_guess_with_citations_never_a_given_answer(evidence):
    units, ctx = evidence
    always = RowNamesModel({}, np.zeros(4), intercept=5.0, threshold=0.5)
    extractor = AnswerExtractor(ctx, scorer=None, row_names_model=always)
    lead = next(u for u in units if u.label == "Held for sale: Licences")
    vectors = QueryVectors(np.ones(4) / 2, np.ones(4) / 2)
    q = analyse_query("What are the components of the held for sale business?")
    outcome = extractor.extract([RankedUnit(lead, 0, 1.0, 0.5)], q, vectors)
    assert outcome.answer is None
    assert "Net revenue, Licences" in outcome.reason
    assert [(g.text, g.doc_id) for g in outcome.best_guess] == [
        ("Net revenue", lead.doc_id),
        ("Licences", lead.doc_id),
    ]
    assert all(STATEMENT.count(g.text) and g.start < g.end for g in outcome.best_guess)


def test_the_model_reads_a_questions_words_and_vector():
    never = RowNamesModel({}, np.zeros(4), intercept=-5.0, threshold=0.5)
    assert not never.asks_names("which segment", np.ones(4) / 2)
    assert RowNamesModel({}, np.zeros(4), intercept=5.0, threshold=0.5).asks_names(
        "which segment", np.ones(4) / 2
    )
