"""Citations: document, page or lines, character span and the exact quote."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ingest.models import Document


class CitationError(AssertionError):
    """A citation's quote differs from the document text at its span (a bug, never user input)."""


@dataclass(frozen=True)
class Citation:
    """Where evidence sits. Invariant: `document.text[start:end] == quote`."""

    doc: str
    title: str
    page: int | None
    lines: tuple[int, int]
    start: int
    end: int
    quote: str

    @property
    def where(self) -> str:
        """`page 12` for a PDF, `lines 474-479` for text."""
        return f"page {self.page}" if self.page else f"lines {self.lines[0]}-{self.lines[1]}"

    def to_dict(self) -> dict:
        """JSON form: `{doc, title, page, lines, start, end, quote}`."""
        data = asdict(self)
        data["lines"] = list(self.lines)
        return data


def cite(document: Document, start: int, end: int) -> Citation:
    """Build the citation of `document.text[start:end]`, trimmed of outer white space."""
    if not 0 <= start <= end <= len(document.text):
        raise CitationError(f"span {start}:{end} is outside {document.name}")
    span = document.text[start:end]
    start += len(span) - len(span.lstrip())
    end -= len(span) - len(span.rstrip())
    quote = document.text[start:end]
    citation = Citation(
        doc=document.name,
        title=document.title,
        page=document.page_at(start),
        lines=document.lines_between(start, end),
        start=start,
        end=end,
        quote=quote,
    )
    verify(document, citation)
    return citation


def verify(document: Document, citation: Citation) -> None:
    """Raise CitationError unless the quote is exactly the cited span of the document."""
    if document.name != citation.doc or document.text[citation.start : citation.end] != citation.quote:
        raise CitationError(f"quote does not match {document.name} at {citation.start}:{citation.end}")
