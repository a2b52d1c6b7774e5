"""Make untrusted document text safe to show: HTML-escaped or markdown-literal.

`SafeHtml` marks strings whose every piece of document text went through
`escape_html`; `render_html` is the only way the app puts HTML on the page.
"""

from __future__ import annotations

import html
import re
from typing import NewType

import streamlit as st

SafeHtml = NewType("SafeHtml", str)

# Inline markdown syntax; callers keep file names away from the start of a line (lists, headings).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|<>~$:])")


def escape_html(text: str) -> SafeHtml:
    """Escape `<`, `>`, `&` and quotes so the text shows literally inside HTML."""
    return SafeHtml(html.escape(text, quote=True))


def join_html(*parts: SafeHtml) -> SafeHtml:
    """Concatenate safe fragments (the result is safe too)."""
    return SafeHtml("".join(parts))


def tag(name: str, body: SafeHtml, css_class: str = "") -> SafeHtml:
    """Wrap a safe fragment in one of our own tags (`name` and `css_class` are app constants)."""
    attr = f' class="{css_class}"' if css_class else ""
    return SafeHtml(f"<{name}{attr}>{body}</{name}>")


def escape_markdown(text: str) -> str:
    """Backslash-escape markdown syntax so a file name or title shows literally in markdown elements."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def render_html(body: SafeHtml) -> None:
    """Show an escaped fragment (st.html also sanitises, and never runs scripts)."""
    st.html(body)
