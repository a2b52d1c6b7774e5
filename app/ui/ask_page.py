"""The ask page: question box with examples, answer card, ranked evidence, source viewer, export."""

from __future__ import annotations

import streamlit as st

from app.ui.escaping import escape_markdown
from app.ui.examples import example_questions
from app.ui.export import result_csv, result_json, result_record
from app.ui.page_url import record_in_url
from app.ui.result_view import DocumentLookup, render_answer, render_evidence
from app.ui.sidebar import Filters
from app.ui.source_view import SourceTarget, render_source_view
from index.result import Result
from index.search import Searcher

QUESTION_KEY = "question"
SOURCE_KEY = "source_target"
RESULT_KEY = "last_result"
EXAMPLE_KEY = "example"
# docqa keeps no conversation: a follow-up is searched as it is written.
STANDS_ALONE = (
    "Each question stands alone: name the metric and the period every time "
    '("and in 2Q10?" is not read against the previous question).'
)


def render_ask_page(searcher: Searcher, filters: Filters, index_built_at: str) -> None:
    """Question, examples, then the result in two columns: evidence left, source right."""
    st.text_input(
        "Question",
        key=QUESTION_KEY,
        placeholder="Ask about a figure in plain words and press Enter",
        help=STANDS_ALONE,
    )
    examples = example_questions(d.name for d in searcher.documents())
    if examples:
        st.pills("Examples", examples, key=EXAMPLE_KEY, on_change=_ask_example, label_visibility="collapsed")
    question = st.session_state.get(QUESTION_KEY, "").strip()
    record_in_url(question, filters.docs)
    if not question:
        st.info(
            "Ask a question in plain words. docqa answers from the indexed documents only and cites "
            "every figure: document, lines or page, and the exact quote, which you can open in its source. "
            + STANDS_ALONE
            + " The question and the document filter are kept in the page's address, to share or reload."
        )
        return
    try:
        result = _search(searcher, question, filters)
    except ValueError as exc:
        st.error(escape_markdown(str(exc)))
        return
    result_key = _result_key(searcher, question, filters)
    evidence_column, source_column = st.columns([3, 2], gap="large")
    with evidence_column:
        _render_summary(result, filters, index_built_at)
        render_answer(result, _document_lookup(searcher), lambda t: _open_source(result_key, t))
        render_evidence(result, lambda t: _open_source(result_key, t))
    with source_column, st.container(key="source_panel"):
        render_source_view(searcher, _source_target(result_key, result))


def _ask_example() -> None:
    """Put the chosen example in the question box (and let the chip pop back up)."""
    question = st.session_state.get(EXAMPLE_KEY)
    if question:
        st.session_state[QUESTION_KEY] = question
    st.session_state[EXAMPLE_KEY] = None


def _result_key(searcher: Searcher, question: str, filters: Filters) -> tuple:
    """What a result depends on: the open index, the question and the filters."""
    return (id(searcher), question, filters.k, tuple(filters.docs))


def _search(searcher: Searcher, question: str, filters: Filters) -> Result:
    """Search once per question, filters and index; reruns (opening a source) reuse the result."""
    key = _result_key(searcher, question, filters)
    cached = st.session_state.get(RESULT_KEY)
    if cached is not None and cached[0] == key:
        return cached[1]
    result = searcher.search(question, k=filters.k, docs=filters.docs or None)
    # Keeping the searcher alive here means no later Searcher can reuse its id() in a key.
    st.session_state[RESULT_KEY] = (key, result, searcher)
    return result


def _render_summary(result: Result, filters: Filters, index_built_at: str) -> None:
    scope = f"{len(filters.docs)} selected document(s)" if filters.docs else "all documents"
    bar = st.container(horizontal=True, vertical_alignment="center", key="result_bar")
    bar.caption(
        f"{_count(len(result.passages), 'passage')} and {_count(len(result.rows), 'table row')} "
        f"from {scope} in {result.timings_ms.get('total', 0):.0f} ms",
        width="stretch",
    )
    record = result_record(result, filters.docs, filters.k, index_built_at)
    bar.download_button(
        "JSON",
        result_json(record),
        file_name="docqa-result.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="export-json",
    )
    bar.download_button(
        "CSV",
        result_csv(result),
        file_name="docqa-result.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="export-csv",
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{'no' if n == 0 else n} {noun}s"


def _document_lookup(searcher: Searcher) -> DocumentLookup:
    return searcher.document_named


def _open_source(result_key: tuple, target: SourceTarget) -> None:
    st.session_state[SOURCE_KEY] = (result_key, target)


def _source_target(result_key: tuple, result: Result) -> SourceTarget | None:
    """The citation the user opened for this result; by default the answer's, else the best evidence."""
    stored = st.session_state.get(SOURCE_KEY)
    if stored is not None and stored[0] == result_key:
        return stored[1]
    if result.answer is not None:
        return SourceTarget(result.answer.citation, "Answer")
    evidence = result.evidence()
    if evidence:
        top = evidence[0]
        return SourceTarget(top.citation, f"#{top.rank}")
    return None
