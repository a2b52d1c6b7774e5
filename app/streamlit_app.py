"""docqa in the browser: `streamlit run app/streamlit_app.py` (what `make app` runs).

Reads the index from `$DOCQA_INDEX` (default `.docqa/index`) and manages the corpus
folder `$DOCQA_CORPUS` (default `corpus`). No retrieval logic lives here: the page
calls `Searcher.search` and renders what it returns.
"""

from __future__ import annotations

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import streamlit as st  # noqa: E402

from app.model_errors import MODEL_ERRORS  # noqa: E402
from app.ui.app_paths import app_paths  # noqa: E402
from app.ui.ask_page import QUESTION_KEY, render_ask_page  # noqa: E402
from app.ui.corpus_page import render_corpus_page  # noqa: E402
from app.ui.escaping import escape_html, join_html, render_html, tag  # noqa: E402
from app.ui.escaping import escape_markdown as md  # noqa: E402
from app.ui.page_url import restore_from_url  # noqa: E402
from app.ui.resources import current_searcher, index_status  # noqa: E402
from app.ui.sidebar import DOC_FILTER_KEY, render_filters, render_status  # noqa: E402
from app.ui.styles import apply_styles  # noqa: E402


def main() -> None:
    """Lay out the page: brand, sidebar (filters, status), then the Ask and Corpus tabs."""
    # An emoji favicon is drawn in the page; a `:material/…:` one is fetched from Google's servers.
    st.set_page_config(page_title="docqa — cited answers", page_icon="📑", layout="wide")
    apply_styles()
    restore_from_url(QUESTION_KEY, DOC_FILTER_KEY)
    paths = app_paths()
    try:
        searcher = current_searcher(paths.index_dir)
    except MODEL_ERRORS as exc:  # a fitted model file missing or stale: say so, not a stack trace
        st.error(md(str(exc)))
        st.stop()
    status = index_status(searcher) if searcher else None
    with st.sidebar:
        filters = render_filters(searcher.documents()) if searcher else None
        render_status(status, paths)
    render_html(
        tag(
            "div",
            join_html(
                tag("span", escape_html("docqa"), "name"),
                tag("span", escape_html("Cited answers from financial documents, offline"), "tagline"),
            ),
            "docqa-brand",
        )
    )
    ask_tab, corpus_tab = st.tabs(["Ask", "Corpus"])
    with ask_tab:
        if searcher is None or filters is None or status is None:
            st.warning(
                f"No index at {md(str(paths.index_dir))}. Build it on the Corpus tab "
                f"(or run: docqa build {md(str(paths.corpus_dir))})."
            )
        else:
            render_ask_page(searcher, filters, status.built_at)
    with corpus_tab:
        render_corpus_page(searcher, paths)


main()
