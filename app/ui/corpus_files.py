"""Change the corpus folder and bring the index up to date: add uploads, remove a document.

Every change ends with an incremental `build_index` over the whole corpus folder, so
the index always matches the folder. A file that cannot be indexed is taken back out
of the folder (or its previous version put back), so one bad upload never lingers.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.builder import BuildError, BuildReport, FileReport, Progress, build_index
from index.embedder import Embedder
from ingest.loaders import MEGABYTE, SUPPORTED_SUFFIXES, size_limit
from ingest.pipeline import find_files

# Builds in one process share a staging folder name, so they must not overlap.
_BUILD_LOCK = threading.Lock()
_UNSAFE_NAME_CHARS = re.compile(r"[^\w.\- ()]+")
MAX_NAME_LENGTH = 120


@dataclass(frozen=True)
class Upload:
    """A file handed to the app: its name as the user's browser gave it, and its bytes."""

    name: str
    data: bytes


@dataclass
class CorpusChange:
    """What a change did, in plain words: `done` lines, `problems` lines and the build report."""

    done: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    report: BuildReport | None = None


def safe_file_name(name: str) -> str | None:
    """The name an upload is saved under (no folders, no odd characters), or None if unsupported."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_NAME_CHARS.sub("_", base).strip(" .")
    stem, suffix = os.path.splitext(base)
    if not stem or suffix.lower() not in SUPPORTED_SUFFIXES:
        return None
    return stem[: MAX_NAME_LENGTH - len(suffix)] + suffix.lower()


def add_files(
    uploads: Sequence[Upload],
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    replace: bool = False,
) -> CorpusChange:
    """Save uploads into the corpus folder and index them; bad files are reported and taken out.
    An upload named like a corpus file with other content replaces it only when `replace` says so."""
    change = CorpusChange()
    previous: dict[str, bytes | None] = {}
    with _BUILD_LOCK:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        for upload in uploads:
            name = safe_file_name(upload.name)
            if name is None:
                change.problems.append(f"Did not add {upload.name}: docqa reads .pdf, .txt and .md files.")
            elif not upload.data:
                change.problems.append(f"Did not add {upload.name}: the file is empty.")
            elif len(upload.data) > size_limit(Path(name)):
                limit = size_limit(Path(name)) // MEGABYTE
                size = len(upload.data) // MEGABYTE
                change.problems.append(
                    f"Did not add {upload.name}: it is {size} MB; the limit is {limit} MB."
                )
            elif name not in previous:
                target = corpus_dir / name
                before = target.read_bytes() if target.is_file() else None
                if before is not None and before != upload.data and not replace:
                    change.problems.append(
                        f"Did not add {upload.name}: the corpus holds another document named {name}; "
                        "tick 'Replace documents of the same name' to replace it."
                    )
                    continue
                previous[name] = before
                _write_file(target, upload.data)
        if not previous:
            return change
        try:
            change.report = build_index([corpus_dir], index_dir, embedder=embedder, progress=progress)
        except BuildError as exc:
            _restore(corpus_dir, previous)
            change.problems.append(f"Nothing was added: {exc}.")
            return change
        except BaseException:
            _restore(corpus_dir, previous)
            raise
    for report in change.report.files:
        if report.name not in previous:
            continue
        if report.status in ("added", "updated"):
            change.done.append(f"{report.status.capitalize()} {report.name}: {_counts(report)}.")
        elif report.status == "unchanged":
            change.done.append(f"Already indexed with the same content: {report.name}.")
        elif report.status == "skipped":
            _restore(corpus_dir, {report.name: previous[report.name]})
            kept = "the previous version stays" if previous[report.name] is not None else "it was not added"
            change.problems.append(f"Could not index {report.name}: {_reason(report)}; {kept}.")
    return change


def remove_document(
    name: str,
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
) -> CorpusChange:
    """Delete a document's file from the corpus folder and update the index."""
    change = CorpusChange()
    with _BUILD_LOCK:
        files = list(find_files([corpus_dir])) if corpus_dir.is_dir() else []
        path = next((p for p in files if p.name == name), None)
        if path is None:
            change.problems.append(f"Nothing removed: {name} is not in the corpus folder {corpus_dir}.")
            return change
        if len(files) == 1:
            change.problems.append(f"Did not remove {name}: it is the only document; add another first.")
            return change
        data = path.read_bytes()
        path.unlink()
        try:
            change.report = build_index(
                [corpus_dir], index_dir, embedder=embedder, progress=progress, remove=[name]
            )
        except BaseException:
            _write_file(path, data)
            raise
    change.done.append(f"Removed {name} from the corpus and the index.")
    return change


def build_corpus(
    corpus_dir: Path, index_dir: Path, embedder: Embedder | None = None, progress: Progress | None = None
) -> CorpusChange:
    """Build or update the index over the whole corpus folder, reporting every file."""
    change = CorpusChange()
    if not corpus_dir.is_dir():
        change.problems.append(f"There is no corpus folder at {corpus_dir}; create it and add documents.")
        return change
    with _BUILD_LOCK:
        try:
            change.report = build_index([corpus_dir], index_dir, embedder=embedder, progress=progress)
        except BuildError as exc:
            change.problems.append(f"The index was not built: {exc}.")
            return change
    for report in change.report.files:
        if report.status == "skipped":
            change.problems.append(f"Could not index {report.name}: {_reason(report)}.")
        elif report.status in ("added", "updated"):
            change.done.append(f"{report.status.capitalize()} {report.name}: {_counts(report)}.")
        elif report.status == "removed":
            change.done.append(f"Removed {report.name}: {report.reason}.")
    documents = change.report.documents
    change.done.append(
        f"The index holds {documents} document{'' if documents == 1 else 's'} "
        f"({change.report.units} searchable units)."
    )
    return change


def _counts(report: FileReport) -> str:
    chunks = "1 chunk" if report.chunks == 1 else f"{report.chunks} chunks"
    rows = "1 table row" if report.rows == 1 else f"{report.rows} table rows"
    return f"{chunks}, {rows}"


def _reason(report: FileReport) -> str:
    return report.reason.removeprefix(f"{report.name}: ").rstrip(".")


def _write_file(path: Path, data: bytes) -> None:
    """Write through a temporary hidden file (the builder skips hidden files) and rename."""
    temporary = path.with_name(f".{path.name}.uploading")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _restore(corpus_dir: Path, previous: dict[str, bytes | None]) -> None:
    """Put back the files an upload replaced, and delete those it added."""
    for name, data in previous.items():
        path = corpus_dir / name
        if data is None:
            path.unlink(missing_ok=True)
        else:
            _write_file(path, data)
