"""Load a PDF with pypdf into a Document with a page map and per-page layout text."""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

from pypdf import PageObject, PasswordType, PdfReader

from ingest.errors import UnreadableFileError
from ingest.fiscal_calendar import detect_calendar
from ingest.loaders import size_problem
from ingest.models import Document, Page

# pypdf logs each repair it makes to a damaged file ("EOF marker not found") on stderr; the
# build report already says in one sentence what is wrong with a file, so only errors show.
logging.getLogger("pypdf").setLevel(logging.ERROR)

DEFAULT_MAX_PAGES = 2000
PAGE_SEPARATOR = "\n\n"
MAX_TITLE_CHARS = 120

_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
# Lines of an SEC cover page or exhibit stamp that say nothing about the document.
_COVER_LINE = re.compile(
    r"^(?:united states|securities and exchange commission|washington,? d\.? ?c\.?.*"
    r"|exhibit\s+[\d.]+|table of contents|\(mark one\)|page \d+|\d+)$",
    re.IGNORECASE,
)
_FORM_LINE = re.compile(r"^FORM\s+\d*-?[A-Z0-9]+$", re.IGNORECASE)
# Producer-made titles: SEC accession numbers, file names, dates and build stamps.
_MACHINE_TITLE = re.compile(
    r"^(?:\d{10}-\d{2}-\d{6}|untitled.*|microsoft word - .*|.*\.(?:docx?|pdf|htm))$", re.I
)


def load_pdf(path: Path, max_pages: int = DEFAULT_MAX_PAGES) -> Document:
    """Read a PDF page by page into a Document.

    `Document.text` is every page's plain text joined by a blank line, with one
    `Page` per physical page; `Document._page_layouts` keeps each page's
    layout-mode text for table parsing.

    Args:
        path: the PDF file.
        max_pages: refuse files with more pages than this.

    Returns:
        The loaded Document (`kind="pdf"`).

    Raises:
        UnreadableFileError: the file is missing, corrupt, encrypted, too long or has no text.
    """
    if max_pages <= 0:
        raise ValueError(f"max_pages must be > 0, got {max_pages}")
    data = _read_bytes(path)
    reader = _open_reader(path, data)
    page_count = _count_pages(path, reader)
    if page_count > max_pages:
        raise UnreadableFileError(
            path, f"has {page_count} pages, more than the limit of {max_pages}; split it into smaller files"
        )
    plain_pages, layout_pages = _extract_pages(path, reader)
    if not any(text.strip() for text in plain_pages):
        raise UnreadableFileError(path, "has no text layer (a scanned PDF?)")
    text, pages = _join_pages(plain_pages)
    return Document(
        doc_id=hashlib.sha256(data).hexdigest()[:16],
        path=str(path),
        name=path.name,
        title=_choose_title(_metadata_title(reader), plain_pages[0]) or path.stem,
        kind="pdf",
        text=text,
        pages=pages,
        date=None,
        calendar=detect_calendar(text),
        _page_layouts=layout_pages,
    )


def _read_bytes(path: Path) -> bytes:
    """Return the file's bytes, reporting a missing, unreadable or too large file as a user error."""
    problem = size_problem(path)
    if problem:
        raise UnreadableFileError(path, problem)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnreadableFileError(path, f"could not be read ({exc.strerror or exc})") from exc


def _open_reader(path: Path, data: bytes) -> PdfReader:
    """Parse the PDF and unlock it if it only has an empty user password."""
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise UnreadableFileError(path, "is encrypted; remove the password and add it again")
    except UnreadableFileError:
        raise
    except Exception as exc:  # pypdf raises many exception types on malformed files
        raise _not_readable(path, exc) from exc
    return reader


def _count_pages(path: Path, reader: PdfReader) -> int:
    """Return the page count, treating a broken page tree as an unreadable file."""
    try:
        return len(reader.pages)
    except Exception as exc:  # pypdf raises many exception types on malformed files
        raise _not_readable(path, exc) from exc


def _extract_pages(path: Path, reader: PdfReader) -> tuple[list[str], list[str]]:
    """Return each page's normalised plain text and its layout-mode text."""
    plain_pages: list[str] = []
    layout_pages: list[str] = []
    for page in reader.pages:
        try:
            plain = page.extract_text()
        except Exception as exc:  # pypdf raises many exception types on malformed files
            raise _not_readable(path, exc) from exc
        plain_pages.append(normalise_page_text(plain))
        layout_pages.append(_layout_text(page) if plain.strip() else "")
    return plain_pages, layout_pages


def _layout_text(page: PageObject) -> str:
    """Return a page's layout-mode text, or "" when pypdf cannot lay it out.

    Layout text only feeds table parsing, so a failure here loses the page's
    tables but not the document.
    """
    try:
        return page.extract_text(extraction_mode="layout").replace("\r\n", "\n")
    except Exception:  # pypdf raises many exception types on malformed files
        return ""


def normalise_page_text(text: str) -> str:
    """Use `\\n` line ends and drop trailing spaces on each line; keep all else verbatim."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", text)


def _join_pages(page_texts: list[str]) -> tuple[str, list[Page]]:
    """Join page texts with a blank line and record each page's character range."""
    pages: list[Page] = []
    offset = 0
    for number, page_text in enumerate(page_texts, start=1):
        if number > 1:
            offset += len(PAGE_SEPARATOR)
        pages.append(Page(number, offset, offset + len(page_text)))
        offset += len(page_text)
    return PAGE_SEPARATOR.join(page_texts), pages


def _not_readable(path: Path, exc: Exception) -> UnreadableFileError:
    """Wrap a pypdf failure in a one-sentence user error with a short cause."""
    cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if len(cause) > 80:
        cause = cause[:77] + "..."
    return UnreadableFileError(path, f"is not a readable PDF ({cause})")


def _metadata_title(reader: PdfReader) -> str:
    """Return the document-information title, or "" when it is missing or unreadable."""
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # a broken info dictionary only costs us the title
        return ""
    return str(title or "").strip()


def _choose_title(metadata_title: str, first_page: str) -> str:
    """Prefer a meaningful metadata title, else the first substantial line of page 1."""
    if _is_meaningful_title(metadata_title):
        return _shorten(metadata_title)
    lines = [" ".join(line.split()) for line in first_page.splitlines()]
    for line in lines:
        if sum(ch.isalpha() for ch in line) >= 4 and not _COVER_LINE.match(line):
            registrant = _registrant(lines) if _FORM_LINE.match(line) else ""
            return _shorten(f"{registrant} {line}".strip())
    return ""


def _registrant(lines: list[str]) -> str:
    """Return the company named on an SEC cover page (the line above "(Exact name of registrant...")."""
    for above, line in zip(lines, lines[1:], strict=False):
        if line.lower().startswith("(exact name of registrant"):
            return above
    return ""


def _is_meaningful_title(title: str) -> bool:
    """Reject empty titles and machine-made ones (accession numbers, file names, date stamps)."""
    if not title or _MACHINE_TITLE.match(title):
        return False
    letters = sum(ch.isalpha() for ch in title)
    visible = sum(not ch.isspace() for ch in title)
    return letters >= 4 and letters >= 0.3 * visible


def _shorten(text: str) -> str:
    """Collapse whitespace and cut to MAX_TITLE_CHARS at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE_CHARS:
        return text
    return text[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip(",;:-") + "..."
