"""Quality gates on the dev set with the real model, and the citation invariant."""

from __future__ import annotations

import pytest
from conftest import DEV_SET

from index.evaluation import load_gold

# The dev set is training data for the reranker: these gates sit at least 0.05 below its
# held-out pool recall on the dev questions (5 folds grouped by the fact asked, 2026-12-05:
# recall@5 0.893, recall@1 0.714; the reranker's folds of `make train`, read for the dev
# questions alone).
RECALL_AT_5_MIN = 0.84
RECALL_AT_1_MIN = 0.66
MEDIAN_QUOTE_MAX = 800


def test_dev_set_evidence_recall_beats_the_gates(dev_report):
    summary = dev_report.summary()
    print(
        f"\ndev set: recall@1 {summary['recall@1']:.3f}, recall@5 {summary['recall@5']:.3f}, "
        f"MRR {summary['mrr']:.3f}, median passage quote {summary['median_quote_chars']:.0f} chars"
    )
    assert summary["recall@5"] >= RECALL_AT_5_MIN
    assert summary["recall@1"] >= RECALL_AT_1_MIN


def test_evidence_stays_tight(dev_report):
    assert dev_report.median_quote_chars() <= MEDIAN_QUOTE_MAX


def test_every_citation_quotes_the_document_exactly(searcher):
    for item in load_gold(DEV_SET):
        result = searcher.search(item["question"], k=8)
        for evidence in result.evidence():
            c = evidence.citation
            document = searcher.document_named(c.doc)
            assert document.text[c.start : c.end] == c.quote
            assert c.lines[0] == document.line_of(c.start)
            assert c.quote == c.quote.strip()


def test_fy08_example_top_passage_quotes_the_figure(searcher):
    result = searcher.search("what was FY08 operating loss from new subsidiaries", k=5)
    top = result.passages[0]
    assert top.citation.doc == "001_d240cca1e5437173.txt"
    assert "JPY1,272 million" in top.citation.quote


def test_period_decides_between_rows_of_the_same_metric(searcher):
    result = searcher.search("ATM operation business operating loss 2Q09", k=5)
    rows = [r for r in result.rows if r.label == "Operating Loss"]
    assert rows, "the ATM operating loss row was not returned"
    assert rows[0].matched_cell is not None
    assert rows[0].matched_cell.column == "2Q09" and rows[0].matched_cell.value == -234


def test_document_filter_restricts_results(searcher):
    result = searcher.search("total assets", k=5, docs=["004_2853c62026f2b50d.txt"])
    assert {e.citation.doc for e in result.evidence()} == {"004_2853c62026f2b50d.txt"}


def test_unknown_document_filter_is_a_clear_error_that_lists_the_documents(searcher):
    with pytest.raises(ValueError, match="unknown document.*nope.txt.*the index holds 000_"):
        searcher.search("total assets", docs=["nope.txt"])


def test_a_document_filter_takes_the_path_a_user_types(searcher):
    result = searcher.search("total assets", k=5, docs=["corpus/004_2853c62026f2b50d.txt"])
    assert {e.citation.doc for e in result.evidence()} == {"004_2853c62026f2b50d.txt"}


def test_results_have_no_duplicate_spans(searcher):
    result = searcher.search("recurring revenues FY08", k=10)
    spans = [(e.citation.doc, e.citation.start, e.citation.end, type(e)) for e in result.evidence()]
    assert len(spans) == len(set(spans))
    passages = result.passages
    for a in passages:
        for b in passages:
            if a is not b and a.citation.doc == b.citation.doc:
                assert not (a.citation.start <= b.citation.start and b.citation.end <= a.citation.end)
