"""Whatever is typed into the question box gets evidence or a reason, never an exception."""

from __future__ import annotations

import pytest

from index.search import MAX_QUESTION_CHARS

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
    question = "What was operating income in FY08? " + "Please answer with care. " * 400
    result = searcher.search(question)
    assert result.query == question  # the user's question is kept whole
    (note,) = result.notes
    cut = int(note.split("first ")[1].split(" of")[0].replace(",", ""))
    assert MAX_QUESTION_CHARS // 2 < cut <= MAX_QUESTION_CHARS
    assert f"of {len(question.strip()):,} characters" in note
    assert result.evidence()  # the head of the question is still searched
    assert searcher.search("What was operating income in FY08?").notes == []


def test_read_evidence_is_ordered_again_by_its_best_answer_candidate(searcher, monkeypatch):
    from dataclasses import replace

    question = "FY08 operating income"
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


# Invented notes that repeat the question's words and dates but hold no sales figure.
NOTE_TOPICS = ["trade receivables", "returns provision", "sales by customer", "deferred revenue", "rebates"]


def test_a_question_written_in_dates_finds_a_deck_that_writes_the_fiscal_period(tmp_path, embedder):
    """`the fiscal year ended March 31, 2009` is `FY08` to an April-to-March reporter: the lexical
    search looks for both, so the deck's figure is found among notes that repeat the date. A
    candidate pool smaller than the notes stands in for a large corpus."""
    from index.builder import build_index
    from index.search import Searcher, SearchSettings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kestrel_deck.txt").write_text(
        "Kestrel Networks results briefing\n\nOur fiscal year ends on March 31.\n\n"
        "FY08 highlights: net sales JPY 5,120 million, up 4% YoY; steady demand from carriers.\n",
        encoding="utf-8",
    )
    for i, topic in enumerate(NOTE_TOPICS):
        (corpus / f"kestrel_note_{i}.txt").write_text(
            f"Note {i + 3}: {topic}\n\nKestrel's {topic} related to net sales for the fiscal year ended "
            "March 31, 2009 are set out below and were reviewed by the board.\n",
            encoding="utf-8",
        )
    build_index([corpus], tmp_path / "index", embedder=embedder)
    searcher = Searcher(tmp_path / "index", embedder=embedder, settings=SearchSettings(pool=4))
    result = searcher.search("What were Kestrel's net sales for the fiscal year ended March 31, 2009?", k=3)
    best = min([*result.passages, *result.rows], key=lambda e: e.rank)
    assert best.citation.doc == "kestrel_deck.txt"
    assert "5,120" in best.citation.quote
