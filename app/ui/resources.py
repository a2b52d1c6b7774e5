"""Process-wide resources, loaded once with `st.cache_resource`: the model and the open index."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from index.backends import backend_config
from index.builder import read_manifest
from index.embedder import Embedder, load_embedder
from index.paths import MANIFEST_FILE
from index.search import IndexMissingError, Searcher


@dataclass(frozen=True)
class IndexStatus:
    """What the sidebar reports about the index being served."""

    model: str
    built_at: str
    units: int
    documents: int
    chunks: int
    rows: int


@st.cache_resource(show_spinner="Loading the embedding model…")
def shared_embedder() -> Embedder:
    """The MiniLM query and document encoder (one per process)."""
    return load_embedder()


def _release(searcher: Searcher) -> None:
    """Close a Searcher the cache let go of (its Milvus connection, its store)."""
    searcher.close()


# A rebuilt index replaces the entry of the old one (one entry per index folder served; the
# Milvus Lite database of a replaced generation must be let go of).
@st.cache_resource(max_entries=2, show_spinner="Opening the index…", on_release=_release)
def _open_searcher(index_dir: str, version: int) -> Searcher:
    """A Searcher per index folder and version; a rebuilt index has a new version; the
    backend is the one the index was built with, or `$DOCQA_BACKEND`."""
    return Searcher(Path(index_dir), embedder=shared_embedder(), config=backend_config())


def current_searcher(index_dir: Path) -> Searcher | None:
    """The Searcher over the index as it is on disk now, or None when there is no index."""
    try:
        # A build swaps in a new folder, so the manifest's timestamp changes with every build.
        version = (index_dir / MANIFEST_FILE).stat().st_mtime_ns
        return _open_searcher(str(index_dir.resolve()), version)
    except (FileNotFoundError, IndexMissingError):
        return None


def index_status(searcher: Searcher) -> IndexStatus:
    """Model, build time and document, chunk and row counts of an open index."""
    manifest = read_manifest(searcher.index_dir) or {}
    documents = searcher.documents()
    return IndexStatus(
        model=str(manifest.get("model", "")),
        built_at=str(manifest.get("built_at", "")),
        units=int(manifest.get("units", 0)),
        documents=len(documents),
        chunks=sum(d.chunks for d in documents),
        rows=sum(d.rows for d in documents),
    )
