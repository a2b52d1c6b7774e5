"""One call from a file path to its document, blocks, tables and chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.chunker import ChunkerSettings, chunk_document
from ingest.loaders import load_document
from ingest.models import IngestedDocument
from ingest.structure import parse_blocks
from ingest.tables import extract_tables


def ingest_file(path: Path, settings: ChunkerSettings | None = None) -> IngestedDocument:
    """Load, structure, parse tables and chunk one file.

    Raises:
        IngestError: the file cannot be read (the message names it).
    """
    document = load_document(path)
    blocks = parse_blocks(document)
    tables = extract_tables(document, blocks)
    chunks = chunk_document(document, blocks, tables, settings)
    return IngestedDocument(document=document, blocks=blocks, tables=tables, chunks=chunks)


def find_sources(paths: Iterable[Path]) -> Iterator[tuple[Path, Path | None]]:
    """Each file to index with the folder it was found in (None for a file named directly).

    Folders are walked in sorted order, hidden entries skipped; every other entry that
    is not a folder is taken (links, special files and unsupported types too), so that
    each is reported (`source_problem`, or the loader's "unsupported type") rather than
    left unmentioned.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if not hidden and (child.is_symlink() or not child.is_dir()):
                    yield child, path
        else:
            yield path, None


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The files `find_sources` finds, without their folders."""
    for path, _ in find_sources(paths):
        yield path


def source_problem(path: Path, folder: Path | None) -> str | None:
    """Why a file must not be read, in one sentence naming it, or None when it may be.

    A link found in a folder must stay inside that folder (a link to `/etc/passwd` is
    not a corpus document); only regular files are read (a named pipe would block the
    build forever, a device never ends).
    """
    name = path.name
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        return f"{name}: no such file (a broken link, or removed during the build)"
    except (OSError, RuntimeError):
        return f"{name}: a link that loops or cannot be followed"
    if folder is not None and path.is_symlink():
        root = folder.resolve()
        if resolved != root and root not in resolved.parents:
            return f"{name}: a link to {resolved}, outside the corpus folder {folder}; not followed"
    if not resolved.is_file():
        kind = "a folder" if resolved.is_dir() else "not a regular file (a pipe, socket or device)"
        return f"{name}: {kind}; only regular files are indexed"
    return None
