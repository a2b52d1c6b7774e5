"""The sidebar: search filters (documents, number of results) and the index status."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import streamlit as st

from app.ui.app_paths import AppPaths
from app.ui.escaping import escape_html, join_html, render_html, tag
from app.ui.resources import IndexStatus
from index.store import TITLE_JOIN, DocumentInfo

DOC_FILTER_KEY = "doc_filter"
RESULTS_KEY = "results_k"
DEFAULT_RESULTS = 5
MAX_RESULTS = 20


@dataclass(frozen=True)
class Filters:
    """What the user restricted the search to: document file names (empty: all) and result count."""

    docs: list[str]
    k: int


def render_filters(documents: list[DocumentInfo]) -> Filters:
    """Document multi-select and result-count slider."""
    titles = document_labels(documents)
    if DOC_FILTER_KEY in st.session_state:
        # A removed document (or one a shared link names that is not indexed here) must not
        # stay selected, and the reader is told: the link's scope is what they relied on.
        chosen = st.session_state[DOC_FILTER_KEY]
        gone = [n for n in chosen if n not in titles]
        if gone:
            st.session_state[DOC_FILTER_KEY] = [n for n in chosen if n in titles]
            instead = "the other chosen documents" if len(gone) < len(chosen) else "all documents"
            st.warning(f"Not in the index: {', '.join(gone)}. Searching {instead} instead.")
    st.markdown("### Filters")
    docs = st.multiselect(
        "Documents",
        list(titles),
        key=DOC_FILTER_KEY,
        format_func=lambda name: titles[name],
        placeholder="All documents",
        help="Search only these documents.",
    )
    k = st.slider("Results", 1, MAX_RESULTS, DEFAULT_RESULTS, key=RESULTS_KEY, help="Evidence to show.")
    return Filters(docs=list(docs), k=int(k))


def document_labels(documents: list[DocumentInfo]) -> dict[str, str]:
    """Each document's name in the filter, by file name: its title and date first (what a
    reviewer recognises), then its file name. Where several titles open with the same line
    (four decks of one company, `Internet Initiative Japan Inc. — November 2010`), the line that
    tells them apart comes first (`November 2010 — Internet Initiative Japan Inc.`), so a narrow
    chip still shows it."""
    heads = Counter(d.title.split(TITLE_JOIN, 1)[0] for d in documents if TITLE_JOIN in d.title)
    return {d.name: _label(d, heads) for d in documents}


def _label(document: DocumentInfo, heads: Counter[str]) -> str:
    title = document.title.strip() or document.name
    head, _, rest = title.partition(TITLE_JOIN)
    if rest and heads[head] > 1:
        title = f"{rest}{TITLE_JOIN}{head}"
    dated = f"{title} ({document.date})" if document.date and document.date not in title else title
    return dated if title == document.name else f"{dated} · {document.name}"


def render_status(status: IndexStatus | None, paths: AppPaths) -> None:
    """Model, documents, chunks, rows and when the index was built."""
    st.markdown("### Index")
    if status is None:
        render_html(tag("div", escape_html(f"No index at {paths.index_dir}."), "status"))
        return
    facts = [
        ("Model", status.model.rsplit("/", 1)[-1]),
        ("Documents", f"{status.documents:,}"),
        ("Chunks", f"{status.chunks:,}"),
        ("Table rows", f"{status.rows:,}"),
        ("Searchable units", f"{status.units:,}"),
        ("Built", status.built_at.replace("T", " ").replace("+00:00", " UTC")),
    ]
    rows = [tag("div", join_html(tag("dt", escape_html(k)), tag("dd", escape_html(v)))) for k, v in facts]
    render_html(tag("dl", join_html(*rows), "status"))
