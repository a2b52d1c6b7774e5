"""The answer card and the ranked evidence: passages with highlighted quotes, rows as tables."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app.ui.citation_text import location, reference
from app.ui.escaping import SafeHtml, escape_html, join_html, render_html, tag
from app.ui.highlight import ANSWER, Mark, highlight, quote_html
from app.ui.source_view import SourceTarget
from app.ui.table_view import RowGroup, group_rows, table_html
from index.answering.wrapped_lines import logical_lines
from index.citations import Citation
from index.result import Alternative, Answer, Passage, Result, as_printed
from ingest.models import Document

DocumentLookup = Callable[[str], Document | None]
OpenSource = Callable[[SourceTarget], None]
ANSWER_CONTEXT_CHARS = 220


def render_answer(result: Result, documents: DocumentLookup, open_source: OpenSource) -> None:
    """The extracted figure with period, unit, confidence and citation; or say that evidence leads."""
    answer = result.answer
    for note in result.notes:
        st.info(note[0].upper() + note[1:] + ".", icon=":material/content_cut:")
    with st.container(border=True, key="answer_card"):
        if answer is None:
            render_html(
                join_html(
                    tag("div", escape_html("Answer"), "card-label"),
                    tag(
                        "div",
                        escape_html(
                            f"No answer: {result.no_answer_reason}. The best evidence is below."
                            if result.no_answer_reason
                            else "No figure was extracted with confidence; the best evidence leads."
                        ),
                        "no-answer",
                    ),
                )
            )
            return
        render_html(_answer_html(answer, documents(answer.citation.doc)))
        st.button(
            "Open in source",
            key="open-answer",
            icon=":material/article:",
            on_click=open_source,
            args=(SourceTarget(answer.citation, "Answer"),),
        )
        if answer.alternatives:
            with st.expander(f"Other candidates ({len(answer.alternatives)})"):
                render_html(alternatives_html(answer.alternatives))


def _answer_html(answer: Answer, document: Document | None) -> SafeHtml:
    facts = [f"period {answer.period}" if answer.period else "period not stated"]
    if answer.stated_as:
        facts.append(f"stated as {answer.stated_as}")
    # the bare currency only when no part is printed in a scale of its own
    unit = answer.printed_in or (None if any(p.printed_in for p in answer.parts) else answer.unit)
    if unit:
        facts.append(f"unit {unit}")
    facts.append(f"confidence {answer.confidence:.0%}")
    parts = [
        tag("div", escape_html("Answer"), "card-label"),
        tag("div", escape_html(answer.text), "answer-value"),
        tag("div", escape_html(" · ".join(facts)), "answer-facts"),
        _confidence_bar(answer.confidence),
    ]
    if document is not None:
        parts.append(tag("div", _line_with_span(document, answer.citation), "quote answer-context"))
    parts.append(tag("div", escape_html(f"{answer.citation.title} — {reference(answer.citation)}"), "ref"))
    return join_html(*parts)


def _confidence_bar(confidence: float) -> SafeHtml:
    width = max(0, min(100, round(confidence * 100)))
    return SafeHtml(f'<div class="confidence"><div style="width:{width}%"></div></div>')


def _line_with_span(document: Document, citation: Citation) -> SafeHtml:
    """The line holding the cited span (at most a few hundred characters either side), span
    marked: the whole sentence when a PDF wraps it over printed lines, since the words naming a
    figure may sit on the printed line before it (`index.answering.wrapped_lines`)."""
    text = document.text
    reach_start = max(0, citation.start - ANSWER_CONTEXT_CHARS)
    reach_end = min(len(text), citation.end + ANSWER_CONTEXT_CHARS)
    window_start = text.rfind("\n", 0, reach_start) + 1
    window_end = text.find("\n", reach_end)
    window_end = len(text) if window_end == -1 else window_end
    lines = [
        (window_start + x.start, window_start + x.start + len(x.text))
        for x in logical_lines(text[window_start:window_end])
    ]
    start = next(a for a, b in reversed(lines) if a <= citation.start)
    end = next(b for a, b in lines if b >= citation.end)
    start, end = max(start, reach_start), min(end, reach_end)
    return highlight(text[start:end], [Mark(citation.start - start, citation.end - start, ANSWER)])


def alternatives_html(alternatives: list[Alternative]) -> SafeHtml:
    """Other sources' figures: each with the scale its table prints it in, its confidence and
    where it is (file name and location)."""
    items = []
    for alt in alternatives:
        items.append(
            tag(
                "li",
                join_html(
                    tag("strong", escape_html(as_printed(alt.text, alt.printed_in))),
                    escape_html(f" — confidence {alt.confidence:.0%}, {reference(alt.citation)}"),
                ),
            )
        )
    return tag("ul", join_html(*items), "alternatives")


def render_evidence(result: Result, open_source: OpenSource) -> None:
    """Passages and table groups in rank order, each with its citation and an open-in-source action."""
    answer_citation = result.answer.citation if result.answer else None
    items: list[tuple[int, Passage | RowGroup]] = [(p.rank, p) for p in result.passages]
    items += [(g.rank, g) for g in group_rows(result.rows)]
    if not items:
        st.info("Nothing in the selected documents matches this question.")
        return
    for _, item in sorted(items, key=lambda pair: pair[0]):
        if isinstance(item, RowGroup):
            _render_row_group(item, open_source)
        else:
            _render_passage(item, result.query, answer_citation, open_source)


def _render_passage(
    passage: Passage, query: str, answer_citation: Citation | None, open_source: OpenSource
) -> None:
    citation = passage.citation
    answer_span = None
    if (
        answer_citation
        and answer_citation.doc == citation.doc
        and citation.start <= answer_citation.start
        and answer_citation.end <= citation.end
    ):
        answer_span = (answer_citation.start - citation.start, answer_citation.end - citation.start)
    kind = "table text" if passage.kind == "table" else "passage"
    with st.container(border=True, key=f"evidence-{passage.rank}"):
        render_html(
            join_html(
                _evidence_header(f"#{passage.rank}", kind, passage.section),
                tag("div", escape_html(f"{citation.title} — {reference(citation)}"), "ref"),
                tag("div", quote_html(citation.quote, query, answer_span), "quote"),
            )
        )
        st.button(
            "Open in source",
            key=f"open-{passage.rank}",
            icon=":material/article:",
            on_click=open_source,
            args=(SourceTarget(citation, f"#{passage.rank} {kind}"),),
        )


def _render_row_group(group: RowGroup, open_source: OpenSource) -> None:
    first = group.rows[0].citation
    ranks = ", ".join(f"#{row.rank}" for row in group.rows)
    title = f"{group.table} ({group.unit})" if group.unit else group.table
    with st.container(border=True, key=f"evidence-{group.rank}"):
        render_html(
            join_html(
                _evidence_header(ranks, "table rows" if len(group.rows) > 1 else "table row", title),
                tag("div", escape_html(f"{first.title} — {first.doc}"), "ref"),
                table_html(group),
            )
        )
        buttons = st.columns(min(len(group.rows), 4))
        for slot, row in zip(buttons * len(group.rows), group.rows, strict=False):
            with slot:
                st.button(
                    f"Open #{row.rank} in source",
                    key=f"open-{row.rank}",
                    icon=":material/article:",
                    on_click=open_source,
                    args=(SourceTarget(row.citation, f"#{row.rank} row, {location(row.citation)}"),),
                )


def _evidence_header(rank: str, kind: str, heading: str) -> SafeHtml:
    return tag(
        "div",
        join_html(
            tag("span", escape_html(rank), "rank"),
            tag("span", escape_html(kind), "kind"),
            tag("span", escape_html(heading), "heading"),
        ),
        "evidence-head",
    )
