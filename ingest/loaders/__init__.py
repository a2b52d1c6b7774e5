"""Pick a loader by file type: `.txt`/`.md` as text, `.pdf` with pypdf."""

from __future__ import annotations

from pathlib import Path

from ingest.errors import UnreadableFileError, UnsupportedFileError
from ingest.models import Document

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES
MEGABYTE = 1024 * 1024
# Largest text file read: 50 MB is some 25,000 pages of prose, far past any filing.
MAX_TEXT_BYTES = 50 * MEGABYTE
# Largest PDF read: a 10-K with exhibits is 2-20 MB; scanned decks reach 100 MB.
MAX_PDF_BYTES = 200 * MEGABYTE
# The PDF standard lets a header start anywhere in a file's first kilobyte.
PDF_HEADER_WINDOW = 1024
# Opening bytes of files users mistake for documents, so a wrong extension is named.
_SIGNATURES = (
    (b"%PDF-", "a PDF"),
    (b"PK\x03\x04", "a ZIP archive (a Word, Excel or PowerPoint file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc or .xls)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
)


def size_limit(path: Path) -> int:
    """The largest file of this type that is read, in bytes."""
    return MAX_PDF_BYTES if path.suffix.lower() in PDF_SUFFIXES else MAX_TEXT_BYTES


def size_problem(path: Path) -> str | None:
    """Why the file is too large for its type (`is too large (…)`), read from the file
    system before any byte is loaded; None when it is within the limit."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # the loader says what is wrong with it
    limit = size_limit(path)
    if size <= limit:
        return None
    return f"is too large ({size // MEGABYTE} MB; the limit is {limit // MEGABYTE} MB)"


def content_problem(path: Path) -> str | None:
    """Why the file's first bytes say it is not what its extension says, or None."""
    try:
        with path.open("rb") as f:
            head = f.read(PDF_HEADER_WINDOW)
    except OSError:
        return None  # the loader says what is wrong with it
    if not head:
        return None  # empty: the loader says so
    is_pdf = path.suffix.lower() in PDF_SUFFIXES
    if is_pdf and b"%PDF-" not in head:
        found = _signature(head)
        what = f"it is {found}" if found else "it does not start with %PDF"
        return f"is not a PDF ({what}); export the document as PDF or text"
    found = None if is_pdf else _signature(head)
    if found:
        hint = "; rename it to .pdf" if found == "a PDF" else "; save the document as .txt, .md or .pdf"
        return f"is {found}, not text{hint}"
    return None


def _signature(head: bytes) -> str | None:
    """What a file's opening bytes say it is (None when they name no known format)."""
    return next((name for magic, name in _SIGNATURES if head.startswith(magic)), None)


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
    problem = content_problem(path)
    if problem:
        raise UnreadableFileError(path, problem)
    if suffix in PDF_SUFFIXES:
        from ingest.loaders.pdf_loader import load_pdf

        return load_pdf(path)
    from ingest.loaders.text_loader import load_text

    return load_text(path)
