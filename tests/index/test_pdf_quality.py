"""Quality gates on the blind PDF question set (never trained on) with the real model and index."""

from __future__ import annotations

import pytest
from conftest import PDF_BLIND_SET, PDF_CELLS

from app.commands import evaluate
from index.benchmarks.cell_alignment import load_gold_cells
from index.benchmarks.statement_questions import statement_questions
from index.evaluation import load_gold

pytestmark = pytest.mark.model

# Measured 2026-12-02 over an index of the seven shared PDFs (`docqa eval
# tests/data/pdf_blind.jsonl [--own-document] --index .docqa/pdf-index`): page recall@5
# 0.897 with all filings together and 0.897 restricted to the question's own filing (0.828
# and 0.862 before the fiscal calendars, section labels and furniture signals). The gates
# leave 0.05 of margin below those figures.
PAGE_RECALL_AT_5_MIN = 0.84
OWN_DOCUMENT_PAGE_RECALL_AT_5_MIN = 0.84
MAX_WRONG_RATE = 0.10
UNANSWERABLE_ABSTAINED_MIN = 0.8


@pytest.fixture(scope="module")
def reports(pdf_searcher):
    gold = load_gold(PDF_BLIND_SET)
    return evaluate(pdf_searcher, gold, k=5), evaluate(pdf_searcher, gold, k=5, own_document=True)


def test_the_evidence_page_is_cited_in_the_top_five(reports):
    together, own = reports
    print(
        f"\nPDF blind set: page recall@5 {together.page_recall_at(5):.3f} (all filings), "
        f"{own.page_recall_at(5):.3f} (own filing); answers {together.answer_figures()}"
    )
    assert together.page_recall_at(5) >= PAGE_RECALL_AT_5_MIN
    assert own.page_recall_at(5) >= OWN_DOCUMENT_PAGE_RECALL_AT_5_MIN


def test_answers_are_right_or_silent(reports):
    figures = reports[0].answer_figures()
    assert figures["wrong_rate"] <= MAX_WRONG_RATE
    assert figures["unanswerable_abstained"] >= UNANSWERABLE_ABSTAINED_MIN


# Statement-line questions made from the blind-recorded statement cells
# (`docqa eval tests/data/pdf_cells.jsonl --statement-lines --index DIR`) over an index of the
# seven PDFs: 152 questions. Measured 2026-12-03: page recall@5 0.993, right 0.678, wrong 0.033;
# 2026-12-05, with the scorer refitted on onnxruntime vectors (held-out accuracy 0.204 -> 0.199,
# wrong among given 0.032 -> 0.033): page recall@5 0.993, right 0.618 (0.638 with the previous
# fit), wrong 0.039. 2026-12-05 (sixth), at the session's last fit: right 0.566, wrong 0.026; the
# fit's seed alone moves it by about 0.04 (a refit with seed 1 instead of 0 gave 0.480 in
# `make eval` where seed 0 gave 0.520, at an intermediate fit). The gates leave at least 0.05 of
# margin below the latest figures.
STATEMENT_PAGE_RECALL_AT_5_MIN = 0.94
STATEMENT_ACCURACY_MIN = 0.51
STATEMENT_MAX_WRONG_RATE = 0.08


def test_statement_lines_are_found_on_their_page_and_read_from_their_column(pdf_searcher):
    report = evaluate(pdf_searcher, statement_questions(load_gold_cells(PDF_CELLS)), k=5)
    figures = report.answer_figures()
    print(f"\nstatement lines: page recall@5 {report.page_recall_at(5):.3f}; answers {figures}")
    assert report.page_recall_at(5) >= STATEMENT_PAGE_RECALL_AT_5_MIN
    assert figures["answer_accuracy"] >= STATEMENT_ACCURACY_MIN
    assert figures["wrong_rate"] <= STATEMENT_MAX_WRONG_RATE
