"""How a citation reads on the page: `page 12`, `lines 368–371`, `file.txt · lines 368–371`."""

from __future__ import annotations

from index.citations import Citation


def location(citation: Citation) -> str:
    """Page (PDFs) or line range (text files) of a citation."""
    first, last = citation.lines
    lines = f"line {first}" if first == last else f"lines {first}–{last}"
    return f"page {citation.page}, {lines}" if citation.page else lines


def reference(citation: Citation) -> str:
    """The file name and location: what a reader needs to find the quote."""
    return f"{citation.doc} · {location(citation)}"
