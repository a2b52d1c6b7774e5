"""Retrieval backends behind one contract (`base.RetrievalBackend`): `local` (FAISS + bm25s
+ SQLite, the default) and `milvus` (Milvus Lite in the index folder, or a server by URI).

The backend is chosen by `--backend`, else `$DOCQA_BACKEND`, else the index manifest
(what the index was built with), else `local`; a Milvus server by `--milvus-uri` or
`$DOCQA_MILVUS_URI` (and `$DOCQA_MILVUS_TOKEN`).
"""

from __future__ import annotations

import os
from pathlib import Path

from index.backends.base import BackendConfig, BackendRecord, BackendWriter, RetrievalBackend
from index.dense_index import DEFAULT_HNSW_THRESHOLD

BACKENDS = ("local", "milvus")


class BackendMismatchError(Exception):
    """The index was built for another backend than the one asked for."""


def backend_config(name: str | None = None, milvus_uri: str | None = None) -> BackendConfig | None:
    """The backend asked for by flags or the environment; None when neither names one
    (the index's own backend is used, or `local` for a new index)."""
    name = name or os.environ.get("DOCQA_BACKEND") or None
    uri = milvus_uri or os.environ.get("DOCQA_MILVUS_URI") or None
    token = os.environ.get("DOCQA_MILVUS_TOKEN") or None
    if uri and not name:
        name = "milvus"
    if name is None:
        return None
    if name not in BACKENDS:
        raise ValueError(f"unknown backend {name!r}; choose one of {', '.join(BACKENDS)}")
    return BackendConfig(name, uri if name == "milvus" else None, token)


def config_for(record: BackendRecord) -> BackendConfig:
    """The configuration that reopens what a manifest records (a server's token from
    `$DOCQA_MILVUS_TOKEN`)."""
    return BackendConfig(record.name, record.uri, os.environ.get("DOCQA_MILVUS_TOKEN") or None)


def backend_files(record: BackendRecord) -> tuple[str, ...]:
    """The files a backend keeps in an index folder (besides the store and manifest)."""
    if record.name == "milvus":
        from index.backends.milvus import LITE_FILES, TERMS_FILE

        return (TERMS_FILE,) if record.uri else LITE_FILES
    from index.backends.local import FILES

    return FILES


def open_backend(
    folder: Path, record: BackendRecord, config: BackendConfig | None = None
) -> RetrievalBackend:
    """Open the search side of a live index folder.

    Raises:
        BackendMismatchError: `config` names another backend than the index was built with.
    """
    if config is not None and config.name != record.name:
        raise BackendMismatchError(
            f"the index was built with the {record.name} backend, not {config.name}; "
            f"run 'docqa build --backend {config.name}' to build it for {config.name}"
        )
    if record.name == "milvus":
        from index.backends.milvus import MilvusBackend

        return MilvusBackend(folder, record, config or config_for(record))
    from index.backends.local import LocalBackend

    return LocalBackend(folder)


def open_writer(
    config: BackendConfig, folder: Path, dimension: int, hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD
) -> BackendWriter:
    """A writer loading a new generation's search side into `folder` (or a Milvus server)."""
    if config.name == "milvus":
        from index.backends.milvus import MilvusWriter

        return MilvusWriter(folder, config, dimension)
    from index.backends.local import LocalWriter

    return LocalWriter(folder, hnsw_threshold)


def retire(config: BackendConfig | None, record: BackendRecord) -> None:
    """Release what a replaced generation held outside its folder (a server collection)."""
    if record.name == "milvus" and record.uri:
        from index.backends.milvus import drop_collection

        drop_collection(config or config_for(record), record)
