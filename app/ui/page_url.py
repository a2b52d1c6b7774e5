"""The question and the document filter in the page's URL, so an answer can be shared,
bookmarked and reloaded: `?q=FY08+operating+income&doc=deck.txt`."""

from __future__ import annotations

import streamlit as st

QUESTION_PARAM = "q"
DOCUMENT_PARAM = "doc"


def restore_from_url(question_key: str, documents_key: str) -> None:
    """On a page's first run, take the question and the documents from its URL (what the
    user typed in this session wins over the URL afterwards)."""
    if question_key not in st.session_state and st.query_params.get(QUESTION_PARAM):
        st.session_state[question_key] = st.query_params[QUESTION_PARAM]
    if documents_key not in st.session_state and st.query_params.get_all(DOCUMENT_PARAM):
        st.session_state[documents_key] = st.query_params.get_all(DOCUMENT_PARAM)


def record_in_url(question: str, documents: list[str]) -> None:
    """Write the asked question and the chosen documents into the URL (only when they
    changed, so a rerun does not rewrite the browser history)."""
    wanted = {QUESTION_PARAM: [question] if question else [], DOCUMENT_PARAM: list(documents)}
    for name, values in wanted.items():
        if st.query_params.get_all(name) == values:
            continue
        if values:
            st.query_params[name] = values if len(values) > 1 else values[0]
        elif name in st.query_params:
            del st.query_params[name]
