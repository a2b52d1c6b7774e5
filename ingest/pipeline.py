"""One call from a file path to its document, blocks, tables and chunks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from ingest.chunker import ChunkerSettings, chunk_document
from ingest.loaders import SUPPORTED_SUFFIXES, load_document
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


def find_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand folders into their files (sorted, hidden ones skipped); files pass through.

    Files of unsupported types inside folders are skipped; a file named
    explicitly is passed on, so the caller can report it.
    """
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() in SUPPORTED_SUFFIXES:
                    yield child
        else:
            yield path
