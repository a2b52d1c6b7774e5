"""The Streamlit app, run in-process with AppTest against real indexes (the session's corpus index)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from streamlit.testing.v1 import AppTest

from app.ui.examples import FY08_EXAMPLE
from app.ui.export import result_csv
from app.ui.highlight import Mark, highlight, quote_html
from app.ui.source_view import context_window, source_html
from app.ui.table_view import group_rows, table_html
from index.answering.metric_words import MetricWords
from index.builder import build_index
from index.citations import Citation
from index.result import CellHit, RowHit
from ingest.models import Document, Page

APP = ROOT / "app" / "streamlit_app.py"
# How many characters of a chosen document's name a sidebar chip shows before it cuts.
CHIP_CHARS = 20
FY08_DOC = "001_d240cca1e5437173.txt"
OTHER_DOC = "000_5e9b75ebd931438e.txt"
_REF_DOC = re.compile(r'<div class="ref">[^<]*?(\d{3}_[0-9a-f]{16}\.txt)')


def start_app(index_dir: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app pointed at this index and corpus, after its first run."""
    monkeypatch.setenv("DOCQA_INDEX", str(index_dir))
    monkeypatch.setenv("DOCQA_CORPUS", str(corpus_dir))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert not at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    """Type a question and press Enter."""
    at.text_input(key="question").input(question).run()
    assert not at.exception
    return at


def html_bodies(at: AppTest) -> list[str]:
    return [element.value for element in at.html]


def cited_docs(at: AppTest) -> list[str]:
    """File names in the citation lines of the answer card and the evidence, in page order."""
    return [doc for body in html_bodies(at) for doc in _REF_DOC.findall(body)]


def fy08_evidence(at: AppTest) -> list[str]:
    """Page fragments that show `JPY1,272 million` together with its citation in the FY08 deck."""
    return [b for b in html_bodies(at) if "JPY1,272 million" in b and f"{FY08_DOC} · line" in b]


@pytest.fixture
def corpus_app(corpus_index, embedder, monkeypatch) -> AppTest:
    """The app over the session's corpus index (read only)."""
    return start_app(corpus_index, CORPUS, monkeypatch)


@pytest.fixture
def writable_corpus(corpus_index, tmp_path) -> tuple[Path, Path]:
    """A copy of the corpus and of its index that a test may change."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(CORPUS, corpus)
    shutil.copytree(corpus_index, index)
    return corpus, index


class TestReviewerWorkflow:
    def test_a_question_in_the_page_address_is_asked_on_load(self, corpus_index, embedder, monkeypatch):
        monkeypatch.setenv("DOCQA_INDEX", str(corpus_index))
        monkeypatch.setenv("DOCQA_CORPUS", str(CORPUS))
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["q"] = FY08_EXAMPLE
        at.query_params["doc"] = FY08_DOC
        at.run()
        assert not at.exception
        assert at.text_input(key="question").value == FY08_EXAMPLE
        assert at.multiselect(key="doc_filter").value == [FY08_DOC]
        assert fy08_evidence(at)

    def test_a_link_naming_a_document_not_in_the_index_says_the_search_widened(
        self, corpus_index, embedder, monkeypatch
    ):
        monkeypatch.setenv("DOCQA_INDEX", str(corpus_index))
        monkeypatch.setenv("DOCQA_CORPUS", str(CORPUS))
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["q"] = FY08_EXAMPLE
        at.query_params["doc"] = "withdrawn_deck.txt"
        at.run()
        assert not at.exception
        assert any("withdrawn_deck.txt" in w.value and "all documents" in w.value for w in at.warning)
        assert fy08_evidence(at)

    def test_asking_writes_the_question_and_documents_into_the_address(self, corpus_app):
        ask(corpus_app, FY08_EXAMPLE)
        assert corpus_app.query_params["q"] == FY08_EXAMPLE
        corpus_app.multiselect(key="doc_filter").select(OTHER_DOC).run()
        assert corpus_app.query_params["doc"] == OTHER_DOC

    def test_documents_are_offered_by_title_and_date_then_file_name(self, corpus_app):
        labels = corpus_app.multiselect(key="doc_filter").options
        assert len(labels) == 5 and all(label.endswith(".txt") for label in labels)
        # four decks' titles open with the company's name: the line that tells them apart comes
        # first, so the start a narrow chip shows differs from document to document
        assert len({label[:CHIP_CHARS] for label in labels}) == 5
        assert any(label.startswith("November 2010 — Internet Initiative Japan Inc.") for label in labels)

    def test_the_question_box_says_each_question_stands_alone(self, corpus_app):
        assert "stands alone" in corpus_app.text_input(key="question").help


class TestAsk:
    def test_fy08_example_shows_the_figure_with_its_citation(self, corpus_app):
        ask(corpus_app, FY08_EXAMPLE)
        assert fy08_evidence(corpus_app), "JPY1,272 million is not shown with its citation"
        assert cited_docs(corpus_app)[0] == FY08_DOC
        source = next(b for b in html_bodies(corpus_app) if 'class="docqa-source"' in b)
        cited = re.search(r'<mark class="cited">([^<]*)</mark>', source)
        assert cited and ("JPY1,272 million" in cited.group(1) or "1,272" in source)

    def test_document_filter_changes_the_results(self, corpus_app):
        ask(corpus_app, FY08_EXAMPLE)
        assert FY08_DOC in cited_docs(corpus_app)
        corpus_app.multiselect(key="doc_filter").set_value([OTHER_DOC]).run()
        assert not corpus_app.exception
        assert set(cited_docs(corpus_app)) == {OTHER_DOC}
        assert not fy08_evidence(corpus_app)

    def test_open_in_source_shows_that_citation(self, corpus_app):
        ask(corpus_app, FY08_EXAMPLE)
        corpus_app.button(key="open-2").click().run()
        source = next(b for b in html_bodies(corpus_app) if "source-label" in b)
        assert source.startswith('<div class="source-label">#2 ')


class TestCorpus:
    def test_uploading_a_broken_file_names_it_and_keeps_the_index_answering(
        self, writable_corpus, monkeypatch
    ):
        corpus, index = writable_corpus
        at = ask(start_app(index, corpus, monkeypatch), FY08_EXAMPLE)
        before = fy08_evidence(at)
        at.file_uploader[0].set_value(("broken.pdf", b"%PDF-1.4 this is not a PDF", "application/pdf"))
        at.run()
        at.button(key="add_files").click().run()
        assert not at.exception
        assert any("broken.pdf" in e.value for e in at.error), [e.value for e in at.error]
        assert not (corpus / "broken.pdf").exists()
        ask(at, FY08_EXAMPLE)
        assert fy08_evidence(at) == before

    def test_removing_a_document_deletes_its_file_and_its_results(self, writable_corpus, monkeypatch):
        corpus, index = writable_corpus
        at = start_app(index, corpus, monkeypatch)
        # documents to remove are named as in the filter, not by file name alone
        assert at.selectbox(key="remove-doc-0").options == at.multiselect(key="doc_filter").options
        at.selectbox(key="remove-doc-0").set_value(FY08_DOC).run()
        at.checkbox(key="remove-confirm-0").check().run()
        at.button(key="remove_document").click().run()
        assert not at.exception and not at.error
        assert not (corpus / FY08_DOC).exists()
        ask(at, FY08_EXAMPLE)
        assert FY08_DOC not in cited_docs(at)

    def test_a_build_from_the_command_line_is_picked_up_without_a_restart(
        self, writable_corpus, embedder, monkeypatch
    ):
        corpus, index = writable_corpus
        at = ask(start_app(index, corpus, monkeypatch), "Tourmaline Bank net revenue")
        assert "tourmaline.txt" not in " ".join(html_bodies(at))
        (corpus / "tourmaline.txt").write_text(
            "Tourmaline Bank memo\n\nTourmaline Bank net revenue was $17 million in 2024.\n", encoding="utf-8"
        )
        build_index([corpus], index, embedder=embedder)  # what `docqa build` does, in another process
        ask(at, "Tourmaline Bank net revenue in 2024")
        assert "tourmaline.txt" in " ".join(html_bodies(at))

    def test_a_missing_model_file_is_one_error_naming_it_not_a_stack_trace(
        self, writable_corpus, monkeypatch, tmp_path
    ):
        # A fresh copy of the index: the app caches one searcher per index folder.
        corpus, index = writable_corpus
        original = MetricWords.load.__func__
        missing = tmp_path / "metric_words.json"
        monkeypatch.setattr(MetricWords, "load", classmethod(lambda cls, path=missing: original(cls, path)))
        at = start_app(index, corpus, monkeypatch)  # asserts no exception reached the page
        (error,) = [e.value for e in at.error]
        assert "metric-words model" in error and "make train" in error
        assert "metric\\_words.json" in error  # the path escaped, not read as markdown emphasis
        assert not at.text_input  # no question box over a searcher that cannot answer


class TestUntrustedText:
    def test_document_text_with_script_is_shown_as_text(self, embedder, tmp_path, monkeypatch):
        corpus = tmp_path / "corpus"
        corpus.mkdir()
        (corpus / "hostile.md").write_text(
            "# Results <script>alert(1)</script>\n\n"
            "Operating income was JPY5,000 million in FY08. <script>alert(1)</script>\n"
            '<img src="x" onerror="alert(2)"> [click](javascript:alert(3))\n',
            encoding="utf-8",
        )
        build_index([corpus], tmp_path / "index", embedder=embedder)
        at = ask(start_app(tmp_path / "index", corpus, monkeypatch), "operating income FY08")
        bodies = html_bodies(at)
        assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in b for b in bodies)
        assert any("&lt;img src=&quot;x&quot; onerror=&quot;alert(2)&quot;&gt;" in b for b in bodies)
        assert not any("<script>alert" in b or "<img" in b for b in bodies)
        markdown = (
            [m.value for m in at.markdown] + [e.value for e in at.error] + [c.value for c in at.caption]
        )
        assert not any("<script>" in m or "](javascript:" in m for m in markdown)


class TestPieces:
    def test_highlight_escapes_before_marking(self):
        text = "a <b>JPY1,272</b> & more"
        assert highlight(text, [Mark(5, 13, "answer")]) == (
            'a &lt;b&gt;<mark class="answer">JPY1,272</mark>&lt;/b&gt; &amp; more'
        )

    def test_quote_marks_question_terms_and_figures(self):
        html = quote_html("Operating loss: JPY1,272 million (FY08)", FY08_EXAMPLE)
        assert '<mark class="term">Operating</mark>' in html
        assert '<mark class="figure">JPY1,272 million</mark>' in html
        assert '<mark class="term">FY08</mark>' in html

    def test_rows_of_one_table_are_grouped_with_the_matched_cell_marked(self):
        def row(rank: int, table_id: int, label: str) -> RowHit:
            cells = [CellHit("1Q09", "(233)", -233, 10, 15), CellHit("2Q09", "(234)", -234, 16, 21)]
            cite = Citation("deck.txt", "Deck", None, (rank, rank), 0, 5, "quote")
            return RowHit(
                rank,
                1.0,
                "ATM <b>",
                "JPY million",
                ["1Q09", "2Q09"],
                label,
                cells,
                cells[1],
                cite,
                rank,
                table_id,
            )

        groups = group_rows([row(3, 7, "Cost"), row(1, 7, "Operating Loss"), row(2, 9, "Revenue")])
        assert [[r.rank for r in g.rows] for g in groups] == [[1, 3], [2]]
        html = table_html(groups[0])
        assert "<th>2Q09</th><th>1Q09</th>" in html  # the matched column first
        assert html.count('<td class="matched"><mark class="answer">(234)</mark></td>') == 2
        assert "Operating Loss" in html and "Cost" in html

    def test_the_matched_column_is_shown_next_to_the_row_labels(self):
        columns = [f"{q}Q0{y}" for y in (8, 9) for q in (1, 2, 3, 4)]
        cells = [CellHit(c, str(100 + i), 100 + i, 10 * i, 10 * i + 3) for i, c in enumerate(columns)]
        cite = Citation("deck.txt", "Deck", None, (1, 1), 0, 5, "quote")
        row = RowHit(1, 1.0, "ATM", "JPY million", columns, "Revenue", cells, cells[6], cite, 1, 4)
        html = table_html(group_rows([row])[0])
        assert '<th class="label"></th><th>3Q09</th><th>1Q08</th>' in html
        assert html.index('<mark class="answer">106</mark>') < html.index(">100<")

    def test_pdf_source_shows_the_cited_page_around_the_quote(self):
        cover, results = "Cover <i>\nContents\n", "Results\nRevenue was USD 5 million.\nOutlook\n"
        text = cover + results
        pages = [Page(1, 0, len(cover)), Page(2, len(cover), len(text))]
        document = Document("d1", "r.pdf", "r.pdf", "Report", "pdf", text, pages)
        start = text.index("USD 5 million")
        end = start + len("USD 5 million")
        window = context_window(document, start, end, 40)
        assert text[window[0] : window[1]].startswith("Results")
        html = source_html(document, start, end, window)
        assert "page 2" in html and '<mark class="cited">USD 5 million</mark>' in html
        assert "Cover" not in html

    def test_csv_export_has_a_line_per_evidence_with_its_citation(self, searcher):
        result = searcher.search(FY08_EXAMPLE, k=3)
        lines = result_csv(result).splitlines()
        assert lines[0].startswith("question,kind,rank,text")
        assert sum(FY08_DOC in line for line in lines) >= 3

    def test_other_candidates_name_their_file_once_and_say_their_scale(self):
        from app.ui.result_view import alternatives_html
        from index.result import Alternative

        other = Citation("deck.txt", "Deck", None, (9, 9), 50, 55, "(184)")
        shown = re.sub(
            r"<[^>]+>", "", alternatives_html([Alternative("(184)", -184e6, 0.4, other, "JPY million")])
        )
        assert shown.count("deck.txt") == 1
        assert "(184) [JPY million]" in shown and "line 9" in shown

    def test_a_target_answer_says_it_is_a_target_on_the_card_and_in_the_csv(self):
        import csv
        import io

        from app.ui.result_view import _answer_html
        from index.result import Answer, Result

        cite = Citation("plan.txt", "Plan", None, (4, 4), 10, 14, "98.7")
        answer = Answer("98.7", 98.7, "JPY", "FY2015", 0.95, cite, stated_as="revised target")
        shown = re.sub(r"<[^>]+>", " ", str(_answer_html(answer, None)))
        assert "period FY2015 · stated as revised target" in shown
        (row,) = [r for r in csv.DictReader(io.StringIO(result_csv(Result("q", [], [], answer=answer))))]
        assert row["stated_as"] == "revised target"

    def test_the_answer_card_shows_the_whole_sentence_a_pdf_wraps_over_printed_lines(self):
        from app.ui.result_view import _answer_html
        from index.citations import cite
        from index.result import Answer
        from ingest.loaders.text_loader import text_document

        body = (
            "Results of the year\n\nAt year end the unearned service fees of the group, net of refunds,\n"
            "stood at $2.9 billion, up from the year before.\nOutlook"
        )
        document = text_document(body, Path("memo.txt"))
        start = document.text.index("$2.9 billion")
        answer = Answer("$2.9 billion", 2.9e9, "USD", "2023", 0.95, cite(document, start, start + 12))
        context = re.search(r'answer-context">(.*?)</div>', str(_answer_html(answer, document)), re.S)
        shown = re.sub(r"<[^>]+>", "", context.group(1))
        assert shown.startswith("At year end the unearned service fees of the group, net of refunds,")
        assert "Outlook" not in shown

    def test_csv_export_keeps_alternatives_and_a_recoverable_exact_quote(self):
        import csv
        import io

        from index.citations import Citation
        from index.result import Alternative, Answer, Result

        quote = "-Operating loss (234)"
        cite = Citation("deck.txt", "Deck", None, (7, 7), 10, 10 + len(quote), quote)
        other = Citation("deck.txt", "Deck", None, (9, 9), 50, 55, "(184)")
        answer = Answer(
            "(234)",
            -234e6,
            "JPY",
            "2Q FY2009",
            0.9,
            cite,
            [Alternative("(184)", -184e6, 0.4, other, printed_in="JPY million")],
            printed_in="JPY million",
        )
        rows = list(csv.DictReader(io.StringIO(result_csv(Result("q", [], [], answer=answer)))))
        assert rows[0]["alternatives"] == "(184) [JPY million] (deck.txt lines 9-9)"
        assert rows[0]["quote"] == "'" + quote and rows[0]["guarded"] == "quote"
        recovered = {k: v[1:] if k in rows[0]["guarded"].split() else v for k, v in rows[0].items()}
        assert recovered["quote"] == quote and recovered["text"] == "(234)"
        # the figure as printed says its table's scale apart, and its value is in base units
        assert (rows[0]["printed_in"], rows[0]["value"]) == ("JPY million", "-234000000")
