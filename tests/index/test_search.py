"""Whatever is typed into the question box gets evidence or a reason, never an exception."""

from __future__ import annotations

import pytest
from conftest import searcher_over

from index.financial_tokenizer import tokenize
from index.paraphrase_map import LineWords, PairCounts, ParaphraseMap
from index.search import MAX_QUESTION_CHARS
from index.training.paraphrase_map_fit import line_words

ODD_QUESTIONS = [
    "?!...;;",
    "売上高はいくらですか",
    "Umsatz im Geschäftsjahr 2010",
    "(.*)+[a-z]{2,}\\d' OR 1=1; DROP TABLE units;--",
    'revenue" AND NOT (OR',
    "1272",
    "%",
    "<script>alert(1)</script> revenue",
]


@pytest.mark.parametrize("question", ["", "   \n\t "])
def test_an_empty_question_says_so(searcher, question):
    result = searcher.search(question)
    assert result.answer is None and result.no_answer_reason == "the question is empty"
    assert result.evidence() == []


@pytest.mark.parametrize("question", ODD_QUESTIONS)
def test_odd_questions_get_evidence_or_a_reason(searcher, question):
    result = searcher.search(question, k=5)
    assert result.query == question
    assert result.answer is not None or result.no_answer_reason
    assert len(result.evidence()) <= 5


def test_a_question_too_long_for_the_model_is_cut_and_says_so(searcher):
    question = "What was operating income in fiscal 2010? " + "Please answer with care. " * 400
    result = searcher.search(question)
    assert result.query == question  # the user's question is kept whole
    (note,) = result.notes
    cut = int(note.split("first ")[1].split(" of")[0].replace(",", ""))
    assert MAX_QUESTION_CHARS // 2 < cut <= MAX_QUESTION_CHARS
    assert f"of {len(question.strip()):,} characters" in note
    assert result.evidence()  # the head of the question is still searched
    assert searcher.search("What was operating income in fiscal 2010?").notes == []


def test_read_evidence_is_ordered_again_by_its_best_answer_candidate(searcher, monkeypatch):
    from dataclasses import replace

    question = "operating income in the second half of fiscal 2010"
    scorer = searcher.extractor.scorer
    monkeypatch.setattr(searcher.extractor, "scorer", replace(scorer, evidence_weights=(1.0, 0.0)))
    result, outcome = searcher.search_with_candidates(question, k=5)
    assert [e.unit_id for e in result.evidence()] == [r.unit.unit_id for r in outcome.evidence[:5]]
    monkeypatch.setattr(searcher.extractor, "scorer", replace(scorer, evidence_weights=(0.0, 1.0)))
    result, outcome = searcher.search_with_candidates(question, k=5)
    best = max(outcome.candidates, key=lambda c: c.probability)
    assert result.evidence()[0].unit_id == best.unit_id
    assert len(outcome.evidence) == searcher.settings.answer_pool


def test_a_result_says_where_its_time_went_stage_by_stage(searcher):
    """The benchmark's per-stage split comes from here: every stage of a search is named."""
    from index.search import QUERY_STAGES

    timings = searcher.search("operating income in the first half", k=5).timings_ms
    assert set(timings) == {*QUERY_STAGES, "total"}
    assert timings["total"] > 0


@pytest.mark.model
def test_a_row_marks_the_answers_cell_not_the_first_of_its_period(tmp_path, embedder):
    plan = (
        "Northwind Traders 2023 Plan\n\n"
        "Financial targets\n\n"
        "(USD million)\t2022 Actual\t2023 Initial Target\t2023 Revised Target\n"
        "Revenue\t812\t850\t880\n"
        "Operating income\t95\t100\t104\n"
        "Net income\t61\t66\t70\n"
    )
    result = searcher_over(tmp_path, embedder, {"plan.txt": plan}).search("revised target revenue 2023")
    assert result.answer is not None and result.answer.text == "880"
    (row,) = [r for r in result.rows if r.label == "Revenue"]
    # both target columns are of 2023: the reviewer is shown the cell the answer quotes
    assert row.matched_cell is not None and row.matched_cell.text == "880"
    assert row.matched_cell.start == result.answer.citation.start


@pytest.mark.model
def test_a_figure_under_a_period_heading_is_read_for_that_period(tmp_path, embedder):
    """A deck heads each block of key figures with its period alone; asked for one period, the
    figure offered is that block's, answered or as the best guess."""
    deck = (
        "Fabrikam Holdings Results Briefing\n\nKey Figures\n\n<1H23 (2023/4-9)>\n\n"
        "- Net Sales\t41.0 billion\t(9.1% YoY)\n- Operating Margin\t7.2 %\t(+0.4 points YoY)\n\n"
        "<2Q23 (2023/7-9)>\n\n"
        "- Net Sales\t22.5 billion\t(8.0% YoY)\n- Operating Margin\t7.9 %\t(+0.6 points YoY)\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"deck.txt": deck})
    for question, figure, period in [
        ("operating margin 2Q23", "7.9 %", "2Q"),
        ("operating margin for 1H23", "7.2 %", "1H"),
    ]:
        result, outcome = searcher.search_with_candidates(question)
        offered = result.answer or outcome.best_guess[0]
        said = result.answer.period if result.answer else outcome.best_guess[0].period_label
        assert (offered.text, (said or "")[:2]) == (figure, period), question


@pytest.mark.model
def test_a_figure_under_a_forecast_title_is_offered_as_a_forecast(tmp_path, embedder):
    """A results release tables the half's results and, apart, the forecast it had announced,
    under columns that name only the half: the forecast's figures are said to be forecasts
    (the title says so), the results' are not."""
    release = (
        "Contoso Retail Announces Half-Year Results\n\n"
        "Half-Year Results\n\n(EUR thousand)\tFirst Half\nNet sales\t20,400\nOperating profit\t1,210\n"
        "Net profit\t815\n\n"
        "Store Network\n\nWe opened four stores and closed one; the network counts 61 stores.\n\n"
        "Half-Year Forecast Announced in May\n\n(EUR thousand)\tFirst Half\nNet sales\t21,000\n"
        "Operating profit\t900\nNet profit\t600\n"
    )
    searcher = searcher_over(tmp_path, embedder, {"release.txt": release})
    _, outcome = searcher.search_with_candidates("contoso first-half net profit outlook")
    said = {c.text: c.stated_as for c in outcome.candidates if c.label == "Net profit"}
    assert said == {"815": None, "600": "forecast"}


CASH_FLOWS = (
    "Tailspin Motors Annual Report 2031\n\n"
    "Consolidated statements of cash flows\n\n"
    "(USD million)\t2031\t2030\n"
    "Purchases of property and equipment\t(320)\t(290)\n"
    "Repurchases of common stock\t(500)\t(450)\n"
    "Dividends paid\t(210)\t(190)\n"
    "Proceeds from issuance of common stock\t15\t12\n"
    "Purchases of marketable securities\t(75)\t(60)\n"
)
BUYBACKS = "How much did Tailspin spend on buybacks in 2031?"
REPURCHASES = "Repurchases of common stock"


def _buyback_map() -> ParaphraseMap:
    """A map counted over invented lines where readers ask `buybacks` of lines writing `repurchases`."""
    asked = [(f"Repurchases of {kind} 1,200", "buybacks") for kind in ("shares", "common stock", "stock")]
    others = ("Net sales", "Goodwill", "Inventories", "Payroll", "Cost of sales", "Income taxes paid")
    asked += [(f"{label} 4,120", label.lower()) for label in others]
    lines = [LineWords.of_questions([frozenset(tokenize(q))], line_words(line)) for line, q in asked]
    return ParaphraseMap(PairCounts.of_lines(lines))


def test_a_row_writing_a_learned_stand_in_for_the_readers_word_covers_it(tmp_path, embedder):
    searcher = searcher_over(tmp_path, embedder, {"cash.txt": CASH_FLOWS})
    searcher.paraphrases = _buyback_map()
    rows = {u.label: f.paraphrase_coverage for u, f in searcher.rerank_pool(BUYBACKS) if u.kind == "row"}
    assert rows[REPURCHASES] > 0
    assert all(v == 0 for label, v in rows.items() if label != REPURCHASES)


def test_the_shipped_map_lifts_the_line_written_in_the_filings_words(tmp_path, embedder):
    """With the real model: readers' `buybacks` are the filing's `repurchases`, so that row
    ranks higher with the shipped paraphrase map than without any, among the first two."""
    searcher = searcher_over(tmp_path, embedder, {"cash.txt": CASH_FLOWS})

    def place() -> int:
        return [r.label for r in searcher.search(BUYBACKS, k=10).rows].index(REPURCHASES)

    with_map = place()
    searcher.paraphrases = ParaphraseMap.empty()
    assert with_map <= 1 and with_map < place()
