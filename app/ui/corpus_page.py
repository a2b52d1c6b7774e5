"""The corpus page: the indexed documents, uploads indexed with a progress bar, removal."""

from __future__ import annotations

import time
from collections.abc import Callable

import streamlit as st

from app.progress_text import rate_and_time_left
from app.ui.app_paths import AppPaths
from app.ui.corpus_files import CorpusChange, Upload, add_files, build_corpus, remove_document
from app.ui.escaping import escape_markdown
from app.ui.resources import shared_embedder
from app.ui.sidebar import document_labels
from index.builder import Progress
from index.search import Searcher
from ingest.loaders import MAX_PDF_BYTES, MAX_TEXT_BYTES, MEGABYTE

CHANGE_KEY = "corpus_change"
ROUND_KEY = "corpus_round"
UPLOAD_TYPES = ["pdf", "txt", "md"]


def render_corpus_page(searcher: Searcher | None, paths: AppPaths) -> None:
    """Documents table, upload, removal and a rescan of the corpus folder."""
    round_ = st.session_state.setdefault(ROUND_KEY, 0)
    _render_last_change()
    st.markdown("### Documents")
    st.caption(
        f"Corpus folder {escape_markdown(str(paths.corpus_dir))} · "
        f"index folder {escape_markdown(str(paths.index_dir))}"
    )
    documents = searcher.documents() if searcher else []
    if documents:
        st.dataframe(
            [
                {
                    "Title": d.title,
                    "File": d.name,
                    "Type": d.kind,
                    "Pages": d.pages,
                    "Tables": d.tables,
                    "Rows": d.rows,
                    "Chunks": d.chunks,
                    "Indexed at": d.indexed_at.replace("T", " ").replace("+00:00", " UTC"),
                }
                for d in documents
            ],
            hide_index=True,
            width="stretch",
            column_config={"Title": st.column_config.TextColumn(width="medium")},
        )
    else:
        st.info(f"No index yet. Build it from the corpus folder {escape_markdown(str(paths.corpus_dir))}.")
        if st.button("Build the index", key="build_index", type="primary"):
            _run_change(
                lambda progress: build_corpus(paths.corpus_dir, paths.index_dir, _embedder(), progress)
            )

    st.markdown("### Add documents")
    uploads = st.file_uploader(
        f"PDF (up to {MAX_PDF_BYTES // MEGABYTE} MB), TXT or MD "
        f"(up to {MAX_TEXT_BYTES // MEGABYTE} MB) files",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploads-{round_}",
        help=f"Saved into {paths.corpus_dir} and indexed; unchanged documents are not embedded again.",
    )
    replace = st.checkbox("Replace documents of the same name", key=f"replace-{round_}")
    if st.button("Add to the corpus and index", key="add_files", type="primary", disabled=not uploads):
        files = [Upload(f.name, f.getvalue()) for f in uploads or []]
        _run_change(
            lambda progress: add_files(
                files, paths.corpus_dir, paths.index_dir, _embedder(), progress, replace=replace
            )
        )

    st.markdown("### Remove a document")
    labels = document_labels(documents)
    name = st.selectbox(
        "Document to remove",
        list(labels),
        index=None,
        key=f"remove-doc-{round_}",
        format_func=lambda n: labels[n],
    )
    confirmed = st.checkbox(
        "Delete its file from the corpus folder and from the index", key=f"remove-confirm-{round_}"
    )
    if st.button("Remove", key="remove_document", disabled=not (name and confirmed)) and name:
        _run_change(
            lambda progress: remove_document(name, paths.corpus_dir, paths.index_dir, _embedder(), progress)
        )

    if documents:
        st.markdown("### Update the index")
        st.caption("Index the files added to, changed in or deleted from the corpus folder outside the app.")
        if st.button("Rescan the corpus folder", key="rescan"):
            _run_change(
                lambda progress: build_corpus(paths.corpus_dir, paths.index_dir, _embedder(), progress)
            )


def _embedder():
    return shared_embedder()


def _run_change(change: Callable[[Progress], CorpusChange]) -> None:
    """Run a corpus change under a progress bar, keep its outcome for the next run, reset widgets."""
    bar = st.progress(0.0, text="Preparing…")
    started = time.perf_counter()

    def progress(done: int, total: int, name: str) -> None:
        if name:
            pace = rate_and_time_left(done, total, time.perf_counter() - started)
            text = f"Indexing {done + 1} of {total}: {escape_markdown(name)}" + (f" ({pace})" if pace else "")
            bar.progress(done / max(total, 1), text=text)
        else:
            bar.progress(1.0, text="Writing the search index…")

    st.session_state[CHANGE_KEY] = change(progress)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()


def _render_last_change() -> None:
    change: CorpusChange | None = st.session_state.get(CHANGE_KEY)
    if change is None:
        return
    for problem in change.problems:
        st.error(escape_markdown(problem), icon=":material/error:")
    if change.done:
        st.success("  \n".join(escape_markdown(line) for line in change.done), icon=":material/check_circle:")
    if change.report is not None:
        with st.expander("Build report"):
            st.dataframe(
                [{"File": f.name, "Status": f.status, "Details": f.reason} for f in change.report.files],
                hide_index=True,
                width="stretch",
            )
