"""Pick a loader by file type: `.txt`/`.md` as text, `.pdf` with pypdf."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import UnreadableFileError, UnsupportedFileError
from ingest.models import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES


def load_document(path: Path) -> Document:
    """Load one file as a Document.

    Raises:
        UnsupportedFileError: the file type is not .txt, .md or .pdf.
        UnreadableFileError: the file is missing, empty, corrupt, encrypted or too large.
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileError(
            path, f"has an unsupported type '{suffix or 'none'}' (use .txt, .md or .pdf)"
        )
    if not path.is_file():
        raise UnreadableFileError(path, "does not exist or is not a file")
    if suffix in PDF_SUFFIXES:
        from ingest.loaders.pdf_loader import load_pdf

        return load_pdf(path)
    from ingest.loaders.text_loader import load_text

    return load_text(path)
