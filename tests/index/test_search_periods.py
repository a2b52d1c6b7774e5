"""The lexical search looks for a question's periods as the indexed reports name them."""

from __future__ import annotations

from pathlib import Path

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


def _searcher_over(root: Path, files: dict[str, str], settings: SearchSettings | None = None) -> Searcher:
    """A searcher (keyword vectors) over an index of invented text files, by name."""
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    embedder = KeywordVectors()
    build_index([corpus], root / "index", embedder=embedder)
    return Searcher(root / "index", embedder=embedder, settings=settings)


@pytest.fixture(scope="module")
def ferry_corpus(tmp_path_factory):
    """A July-to-June operator's slides that write `FY16`, and notes that write the dates;
    a candidate pool smaller than the notes stands in for a large corpus."""
    files = {
        "pelican_slides.txt": "Pelican Ferries results briefing\n\nOur fiscal year ends on June 30.\n\n"
        "FY16 highlights: a second vessel delivered in March; the harbour upgrade finished on time; "
        "ticket income AUD 48.3 million; staff grew to 310; two island routes added; a safety award.\n"
    }
    for i, topic in enumerate(NOTE_TOPICS):
        files[f"pelican_note_{i}.txt"] = (
            f"Note {i + 3}: {topic}\n\nPelican Ferries' {topic} related to ticket income for the fiscal "
            "year ended June 30, 2016 are set out below and were reviewed by the board.\n"
        )
    searcher = _searcher_over(tmp_path_factory.mktemp("ferries"), files, SearchSettings(pool=4))
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


def _features_by_document(searcher: Searcher, question: str) -> dict[str, list]:
    """The rerank features of the pool's units, by document name."""
    names = {d.doc_id: d.name for d in searcher.documents()}
    out: dict[str, list] = {}
    for unit, features in searcher.rerank_pool(question):
        out.setdefault(names[unit.doc_id], []).append(features)
    return out


@pytest.fixture(scope="module")
def two_releases(tmp_path_factory):
    """Two invented releases of one company: one reports on the half year and names it
    throughout, the other reports on the full year and names the half year once, in passing.
    Neither revenue sentence names a period itself."""
    files = {
        "half_year.txt": "Heron Mills results release\n\nResults for 1H FY2009 (April to September 2009).\n\n"
        "Revenue was JPY 3,210 million, up 4%.\n\nThe 1H FY2009 dividend is JPY 5.\n\n"
        "We expect 2H FY2009 to be steady.\n",
        "full_year.txt": "Heron Mills annual report\n\nResults for FY2007.\n\n"
        "Revenue was JPY 6,020 million, up 3%.\n\n"
        "FY2007 capital spending was JPY 400 million. FY2007 headcount was 310.\n\n"
        "As announced, 1H FY2009 guidance is unchanged.\n",
    }
    searcher = _searcher_over(tmp_path_factory.mktemp("releases"), files)
    yield searcher
    searcher.close()


def test_a_unit_knows_how_much_its_document_reports_on_the_asked_period(two_releases):
    pool = _features_by_document(two_releases, "Heron Mills revenue in 1H FY2009")
    half, full = pool["half_year.txt"], pool["full_year.txt"]
    assert all(f.doc_period_fits == 1.0 for f in half + full)
    assert min(f.doc_period_share for f in half) > max(f.doc_period_share for f in full) > 0


def test_a_document_that_never_names_the_asked_period_is_told_so(two_releases):
    pool = _features_by_document(two_releases, "Heron Mills revenue in 1H FY2008")
    assert all(f.doc_period_fits == 0.0 and f.doc_period_share == 0.0 for fs in pool.values() for f in fs)


def test_a_unit_knows_how_much_of_its_own_text_is_about_the_asked_period(two_releases):
    pool = _features_by_document(two_releases, "Heron Mills revenue in FY2007")
    # the full-year release names FY2007 three times in its text and once more in the heading
    # its passage repeats, the half year once
    assert all(0.5 < f.unit_period_share < 1.0 for f in pool["full_year.txt"])
    assert all(f.unit_period_share == 0.0 for f in pool["half_year.txt"])


def test_a_bare_year_asked_is_not_read_as_the_fiscal_year_asked_before(tmp_path):
    """`2019` and `FY2019` are one period in a calendar-year report, but a bare year also
    fits the dates within it: the share remembered for one question is not the other's."""
    report = (
        "Annual report for the fiscal year ended December 31, 2019\n\nFY2019 sales were 50.\n\n"
        "Cash was 9 at June 30, 2019 and 12 at December 31, 2019.\n"
    )
    searcher = _searcher_over(tmp_path, {"report.txt": report})
    fiscal = _features_by_document(searcher, "sales in FY2019")["report.txt"]
    bare = _features_by_document(searcher, "sales in 2019")["report.txt"]
    searcher.close()
    assert max(f.doc_period_share for f in bare) > max(f.doc_period_share for f in fiscal)


def test_a_question_naming_no_period_leaves_the_period_shares_at_zero(two_releases):
    pool = _features_by_document(two_releases, "Heron Mills revenue")
    features = [f for fs in pool.values() for f in fs]
    assert features
    assert all(f.doc_period_fits == f.doc_period_share == f.unit_period_share == 0.0 for f in features)


def test_every_passage_of_a_document_shares_its_documents_share_but_not_its_own(tmp_path):
    """A long release: its passages differ in how much they speak of the asked year, the
    document's share is one figure for all of them."""
    paragraphs = [
        f"In FY2019 the mill at site {i} ran {i + 2} shifts and shipped {40 + i} thousand tonnes."
        if i % 2
        else f"Site {i} was opened in FY2015 and its lease runs to FY2031 under the FY2015 agreement."
        for i in range(24)
    ]
    searcher = _searcher_over(tmp_path, {"release.txt": "Heron Mills release\n\n" + "\n\n".join(paragraphs)})
    units = _features_by_document(searcher, "tonnes shipped in FY2019")["release.txt"]
    searcher.close()
    assert len(units) > 2, "the release is cut into several passages"
    assert len({f.doc_period_share for f in units}) == 1
    assert len({f.unit_period_share for f in units}) > 1


def test_a_period_the_title_names_counts_once_however_many_passages_repeat_the_title(tmp_path):
    """Each passage's embedded text repeats the document's title; the document's share counts
    what its text says: the half year once (in the title), the prior year once per paragraph."""
    paragraphs = [
        f"Site {i} shipped {40 + i} thousand tonnes, against {30 + i} in FY2008." for i in range(12)
    ]
    release = "Heron Mills 1H FY2009 results release\n\n" + "\n\n".join(paragraphs)
    searcher = _searcher_over(tmp_path, {"release.txt": release})
    units = _features_by_document(searcher, "tonnes shipped in 1H FY2009")["release.txt"]
    searcher.close()
    assert len(units) > 2, "the release is cut into several passages"
    assert {round(f.doc_period_share, 3) for f in units} == {round(1 / 13, 3)}


def test_a_period_no_document_reaches_gets_no_figure_and_the_corpus_span(ferry_corpus):
    result = ferry_corpus.search("What was Pelican Ferries' ticket income in FY2031?")
    assert result.answer is None
    assert result.no_answer_reason.startswith("no document in the corpus reports on any part of FY2031")
    # the reader learns what the corpus does cover (the notes' fiscal year 2016, to June)
    assert result.no_answer_reason.endswith("end in June 2016")
    assert result.evidence()  # the evidence is still shown
