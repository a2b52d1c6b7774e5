"""The source viewer: a cited span shown in its document, highlighted, with the text around it.

A compliance reviewer must see the quote in context, never a paraphrase: the viewer
shows the stored document text itself, checks that the cited span still holds the
quote, and marks exactly that span.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import streamlit as st

from app.ui.citation_text import location
from app.ui.escaping import SafeHtml, escape_html, escape_markdown, join_html, render_html, tag
from app.ui.highlight import CITED, Mark, highlight
from index.citations import Citation, CitationError, verify
from index.search import Searcher
from ingest.models import Document

WHOLE_PAGE = -1
WHOLE_DOCUMENT = -2
CONTEXT_CHOICES: dict[str, int] = {
    "±5 lines": 5,
    "±12 lines": 12,
    "±40 lines": 40,
    "page": WHOLE_PAGE,
    "all": WHOLE_DOCUMENT,
}
DEFAULT_CONTEXT = "±12 lines"
CITED_ANCHOR = "docqa-cited"
_SCROLL_SCRIPT = """<script>
(() => {
  let tries = 0;
  const timer = setInterval(() => {
    const box = document.querySelector('.docqa-source[data-view="VIEW"]');
    const line = box && box.querySelector("#docqa-cited");
    if (line) box.scrollTop = Math.max(0, line.offsetTop - box.clientHeight / 3);
    if (line || ++tries > 60) clearInterval(timer);
  }, 50);
})();
</script>"""


@dataclass(frozen=True)
class SourceTarget:
    """What the viewer shows: a citation and the label of the evidence it belongs to."""

    citation: Citation
    label: str


def context_window(document: Document, start: int, end: int, context: int) -> tuple[int, int]:
    """The character range to show around `start:end`: whole lines, within the cited pages for PDFs.

    Args:
        context: lines before and after, or WHOLE_PAGE / WHOLE_DOCUMENT.
    """
    text = document.text
    if context == WHOLE_DOCUMENT:
        return 0, len(text)
    page_start, page_end = _page_bounds(document, start, end)
    if context == WHOLE_PAGE:
        return page_start, page_end
    first = _lines_back(text, start, context)
    last = _lines_forward(text, max(start, end - 1), context)
    return max(first, page_start), min(last, page_end)


def _page_bounds(document: Document, start: int, end: int) -> tuple[int, int]:
    """The range of the PDF pages the span touches (the whole text for text files)."""
    pages = [p for p in document.pages if p.start <= max(start, end - 1) and start < max(p.end, p.start + 1)]
    if document.kind != "pdf" or not pages:
        return 0, len(document.text)
    return pages[0].start, pages[-1].end


def _lines_back(text: str, offset: int, lines: int) -> int:
    """Start of the line `lines` lines above the one holding `offset`."""
    position = text.rfind("\n", 0, offset) + 1
    for _ in range(lines):
        if position == 0:
            break
        position = text.rfind("\n", 0, position - 1) + 1
    return position


def _lines_forward(text: str, offset: int, lines: int) -> int:
    """End of the line `lines` lines below the one holding `offset` (without its newline)."""
    position = text.find("\n", offset)
    for _ in range(lines):
        if position == -1:
            break
        position = text.find("\n", position + 1)
    return len(text) if position == -1 else position


def source_html(document: Document, start: int, end: int, window: tuple[int, int], view: int = 0) -> SafeHtml:
    """The window's lines, numbered, with page breaks for PDFs and the cited span marked.

    The first cited line carries the id `docqa-cited`; `view` tells one rendering from the next.
    """
    text = document.text
    window_start, window_end = window
    number = document.line_of(window_start)
    page = document.page_at(window_start)
    parts: list[SafeHtml] = []
    if page is not None:
        parts.append(tag("div", escape_html(f"page {page}"), "page-break"))
    anchored = False
    position = window_start
    while position <= window_end:
        newline = text.find("\n", position, window_end)
        line_end = window_end if newline == -1 else newline
        line_page = document.page_at(position)
        if line_page is not None and line_page != page:
            page = line_page
            parts.append(tag("div", escape_html(f"page {page}"), "page-break"))
        marks = []
        line_id = ""
        if start < line_end + 1 and position < end:
            marks.append(Mark(start - position, end - position, CITED))
            if not anchored:
                line_id, anchored = f' id="{CITED_ANCHOR}"', True
        line = join_html(
            tag("span", escape_html(str(number)), "n"),
            tag("span", highlight(text[position:line_end], marks), "t"),
        )
        parts.append(SafeHtml(f'<div class="ln"{line_id}>{line}</div>'))
        if newline == -1:
            break
        position, number = line_end + 1, number + 1
    return SafeHtml(f'<div class="docqa-source" data-view="{int(view)}">{join_html(*parts)}</div>')


def _scroll_to_cited(view: int) -> None:
    """Scroll the viewer box (not the page) so the cited line sits in its upper third.

    A constant script: no document text goes into it, only the integer `view`.
    """
    script = _SCROLL_SCRIPT.replace("VIEW", str(int(view)))
    st.html(script, unsafe_allow_javascript=True, width="content")


def render_source_view(searcher: Searcher, target: SourceTarget | None) -> None:
    """The viewer panel: document, location, verification and the highlighted text."""
    st.markdown("#### Source")
    if target is None:
        st.caption("Open a citation to read it in its document.")
        return
    citation = target.citation
    document = searcher.document_named(citation.doc)
    if document is None:
        st.warning(f"{escape_markdown(citation.doc)} is no longer in the index; ask again.")
        return
    render_html(
        join_html(
            tag("div", escape_html(f"{target.label} · {citation.doc}"), "source-label"),
            tag("div", escape_html(document.title), "source-title"),
            tag(
                "div",
                escape_html(f"{location(citation)} · characters {citation.start:,}–{citation.end:,}"),
                "source-where",
            ),
        )
    )
    try:
        verify(document, citation)
    except CitationError:
        st.error("The document changed since this answer: the cited span no longer holds the quote.")
        return
    choices = [c for c in CONTEXT_CHOICES if document.kind == "pdf" or CONTEXT_CHOICES[c] != WHOLE_PAGE]
    choice = st.segmented_control(
        "Context", choices, default=DEFAULT_CONTEXT, key="source_context", label_visibility="collapsed"
    )
    context = CONTEXT_CHOICES.get(choice or DEFAULT_CONTEXT, CONTEXT_CHOICES[DEFAULT_CONTEXT])
    window = context_window(document, citation.start, citation.end, context)
    view = zlib.crc32(repr((citation.doc, citation.start, citation.end, window)).encode())
    st.caption(
        f"✓ The highlighted text is the stored document text at the cited span "
        f"(lines {document.line_of(window[0])}–{document.line_of(max(window[0], window[1] - 1))} shown)."
    )
    render_html(source_html(document, citation.start, citation.end, window, view))
    _scroll_to_cited(view)
