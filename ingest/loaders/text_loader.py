"""Load `.txt` and `.md` files into a Document (one page, cited by line)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import UnreadableFileError
from ingest.fiscal_calendar import detect_calendar
from ingest.loaders import size_problem
from ingest.loaders.encodings import Decoded, decode_legacy
from ingest.markup import FORMATTING_TAG
from ingest.models import Document, Page

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DATE_LINE = re.compile(
    rf"\b{_MONTHS}(?:\s+\d{{1,2}}(?:-\d{{1,2}})?,?)?\s+(?:and\s+{_MONTHS}\s+)?(?:19|20)\d\d\b"
    r"|\b(?:19|20)\d\d\.\d{1,2}\.\d{1,2}\b"
)
_CONTACT = re.compile(r"@|https?:|\bTel\b|\bURL\b", re.I)
_MARKUP = re.compile(rf"{FORMATTING_TAG.pattern}|[#*_`]+", FORMATTING_TAG.flags)


def load_text(path: Path) -> Document:
    """Read a UTF-8 text or markdown file; raise UnreadableFileError when it cannot be used."""
    data = _read_bytes(path)
    decoded = _decode(path, data)
    if not decoded.text.strip():
        raise UnreadableFileError(path, "is empty; add a file with text in it")
    return text_document(decoded.text, path, content_id(data), decoded.encoding)


def text_document(text: str, path: Path, doc_id: str | None = None, encoding: str = "UTF-8") -> Document:
    """Build a one-page Document from text (line endings normalised to `\n`), with the
    fiscal calendar the text states and the encoding it was read in."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    title, date = guess_title_and_date(text)
    return Document(
        doc_id=doc_id or content_id(text.encode("utf-8")),
        path=str(path),
        name=path.name,
        title=title or path.stem,
        kind="text",
        text=text,
        pages=[Page(1, 0, len(text))],
        date=date,
        calendar=detect_calendar(text),
        encoding=encoding,
    )


def _read_bytes(path: Path) -> bytes:
    problem = size_problem(path)
    if problem:
        raise UnreadableFileError(path, problem)
    return path.read_bytes()


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _decode(path: Path, data: bytes) -> Decoded:
    """The text of a UTF-8 file (with or without a BOM), a UTF-16 file with its BOM, or a
    file plainly in Windows-1252 or Shift_JIS (`ingest.loaders.encodings`)."""
    if data.startswith(_UTF16_BOMS):
        return Decoded(_decoded(path, data, "utf-16", "UTF-16"), "UTF-16")
    if b"\x00" in data:  # anywhere: a NUL is never part of a text document
        raise UnreadableFileError(path, "is a binary file, not text; save it as .txt, .md or .pdf")
    try:
        return Decoded(data.decode("utf-8-sig"), "UTF-8")
    except UnicodeDecodeError as exc:
        legacy = decode_legacy(data)
        if legacy is None:
            raise UnreadableFileError(
                path,
                f"is not UTF-8 text (bad byte at offset {exc.start}) nor plainly Windows-1252 or "
                "Shift_JIS; re-save it as UTF-8",
            ) from exc
        return legacy


def _decoded(path: Path, data: bytes, codec: str, name: str) -> str:
    """`data` decoded with `codec`, or a sentence saying where it is not `name` text."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise UnreadableFileError(
            path, f"is not {name} text (bad byte at offset {exc.start}); re-save it as UTF-8"
        ) from exc


def content_id(data: bytes) -> str:
    """Return a short content hash: the same bytes always give the same document id."""
    return hashlib.sha256(data).hexdigest()[:16]


def guess_title_and_date(text: str, head_lines: int = 15) -> tuple[str, str | None]:
    """Take the first meaningful line as the title and the first date near the top.

    Slide decks exported to text open with the company name and then the event
    or the date, so a date line in the first lines is appended to the title.
    """
    lines = [_clean(line) for line in text.split("\n")[:200]]
    lines = [line for line in lines if line and not line.startswith("<http")]
    if not lines:
        return "", None
    generic = {"for immediate release", "press release", "news release", "confidential"}
    meaningful = [
        line for line in lines if line.lower().strip(" :") not in generic and not _CONTACT.search(line)
    ]
    meaningful = meaningful or lines
    title = meaningful[0][:120]
    # Decks open with the company name alone; the next line names the event or report.
    if len(title) <= 40 and len(meaningful) > 1 and _is_subtitle(meaningful[1]):
        title = f"{title} — {meaningful[1][:80]}"
    date = None
    for line in lines[:head_lines]:
        m = _DATE_LINE.search(line)
        if m:
            date = m.group(0)
            break
    return title, date


def _is_subtitle(line: str) -> bool:
    """A second title line: words, not a ticker, address, URL or phone number."""
    letters = sum(ch.isalpha() for ch in line)
    return letters >= 6 and ":" not in line and "@" not in line and len(line) <= 100


def _clean(line: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", line)).strip()
