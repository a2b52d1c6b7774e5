"""The lexical search looks for a question's periods as the indexed reports name them."""

from __future__ import annotations

import pytest
from conftest import FakeEmbedder

from index.builder import build_index
from index.search import Searcher, SearchSettings
from ingest.periods import FiscalCalendar

# Invented notes that repeat the question's words and dates but state no income figure.
NOTE_TOPICS = ["ticket refunds", "harbour levies", "fuel surcharges", "season passes", "crew training",
               "booking fees", "group discounts", "timetable changes"]  # fmt: skip
QUESTION = "What was Pelican Ferries' ticket income for the fiscal year ended June 30, 2016?"


class KeywordVectors(FakeEmbedder):
    """Keyword vectors of MiniLM's length: the notes, which repeat the question's words, are
    the dense side's nearest, so only the lexical side can bring the slides in."""

    dimension = 384


@pytest.fixture(scope="module")
def ferry_corpus(tmp_path_factory):
    """A July-to-June operator's slides that write `FY16`, and notes that write the dates;
    a candidate pool smaller than the notes stands in for a large corpus."""
    embedder = KeywordVectors()
    root = tmp_path_factory.mktemp("ferries")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "pelican_slides.txt").write_text(
        "Pelican Ferries results briefing\n\nOur fiscal year ends on June 30.\n\n"
        "FY16 highlights: a second vessel delivered in March; the harbour upgrade finished on time; "
        "ticket income AUD 48.3 million; staff grew to 310; two island routes added; a safety award.\n",
        encoding="utf-8",
    )
    for i, topic in enumerate(NOTE_TOPICS):
        (corpus / f"pelican_note_{i}.txt").write_text(
            f"Note {i + 3}: {topic}\n\nPelican Ferries' {topic} related to ticket income for the fiscal "
            "year ended June 30, 2016 are set out below and were reviewed by the board.\n",
            encoding="utf-8",
        )
    build_index([corpus], root / "index", embedder=embedder)
    searcher = Searcher(root / "index", embedder=embedder, settings=SearchSettings(pool=4))
    yield searcher
    searcher.close()


def test_a_question_written_in_dates_finds_the_slide_that_writes_the_fiscal_year(ferry_corpus):
    result = ferry_corpus.search(QUESTION, k=3)
    best = min([*result.passages, *result.rows], key=lambda e: e.rank)
    assert best.citation.doc == "pelican_slides.txt"
    assert "48.3" in best.citation.quote


def test_the_calendars_spelled_are_those_of_the_documents_searched(ferry_corpus):
    slides = ferry_corpus.doc_ids["pelican_slides.txt"]
    assert ferry_corpus.calendars[slides] == FiscalCalendar(7, True)
    assert ferry_corpus._calendars_of(frozenset({slides})) == [FiscalCalendar(7, True)]
