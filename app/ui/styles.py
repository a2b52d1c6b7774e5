"""The app's own CSS (a constant: no document text ever goes into it)."""

from __future__ import annotations

from app.ui.escaping import SafeHtml, render_html

CSS = """
<style>
.block-container { padding-top: 3.6rem; max-width: 1500px; }
[data-testid="stAppDeployButton"] { display: none; }
.docqa-brand { display: flex; align-items: baseline; gap: .8rem; margin-bottom: .2rem; }
.docqa-brand .name { font-size: 1.9rem; font-weight: 700; letter-spacing: -.02em; }
.docqa-brand .tagline { color: #5f6b7a; font-size: .95rem; }
.card-label { font-size: .72rem; font-weight: 700; letter-spacing: .08em;
  text-transform: uppercase; color: #5f6b7a; margin-bottom: .25rem; }
.source-label { font-size: .8rem; font-weight: 600; color: #5f6b7a; margin-bottom: .2rem; }
.answer-value { font-size: 2.1rem; font-weight: 700; color: #0b3d5c; line-height: 1.15; }
.answer-facts { color: #394452; margin: .25rem 0 .35rem; font-size: .92rem; }
.confidence { height: 6px; width: 220px; background: #e6ebf0; border-radius: 3px; margin-bottom: .6rem; }
.confidence > div { height: 6px; background: #2f8f5b; border-radius: 3px; }
.no-answer { color: #394452; }
.quote { white-space: pre-wrap; font-size: .9rem; line-height: 1.5; background: #f7f9fb;
  border-left: 3px solid #c9d4df; padding: .5rem .75rem; border-radius: 0 4px 4px 0; margin: .35rem 0; }
.answer-context { margin-top: .3rem; }
.ref { color: #5f6b7a; font-size: .82rem; }
.evidence-head { display: flex; gap: .5rem; align-items: baseline; margin-bottom: .15rem; }
.evidence-head .rank { font-weight: 700; color: #0b3d5c; }
.evidence-head .kind { font-size: .72rem; text-transform: uppercase; letter-spacing: .06em;
  background: #e8eef4; color: #394452; padding: 0 .4rem; border-radius: 3px; }
.evidence-head .heading { font-weight: 600; }
mark { padding: 0 .1em; border-radius: 2px; color: inherit; }
mark.term { background: #fff3b0; }
mark.figure { background: transparent; font-weight: 700; border-bottom: 2px solid #7fb3d5; }
mark.answer { background: #ffd27a; font-weight: 700; }
mark.cited { background: #ffe08a; box-shadow: 0 0 0 1px #e0a800; }
.docqa-table { overflow-x: auto; margin: .4rem 0; }
.docqa-table table { border-collapse: collapse; font-size: .85rem; width: 100%; }
.docqa-table th, .docqa-table td { border: 1px solid #dde3ea; padding: .25rem .5rem; text-align: right; }
.docqa-table td { white-space: nowrap; }
.docqa-table thead th:nth-child(n+4) { min-width: 4.5em; }
.docqa-table thead th { background: #f1f4f7; font-weight: 600; }
.docqa-table th.label { text-align: left; font-weight: 600; min-width: 9em; position: sticky; left: 0;
  background: #fff; z-index: 1; }
.docqa-table thead th.label { background: #f1f4f7; }
.docqa-table td.rank { color: #5f6b7a; text-align: left; }
.docqa-table td.where { color: #5f6b7a; font-size: .78rem; text-align: left; }
.docqa-table td.matched { background: #fff4d6; }
.source-title { font-weight: 700; font-size: 1.02rem; }
.source-where { color: #5f6b7a; font-size: .85rem; margin-bottom: .2rem; }
.docqa-source { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .8rem;
  line-height: 1.45; max-height: max(240px, min(560px, calc(100vh - 380px))); overflow-y: auto;
  position: relative; border: 1px solid #dde3ea;
  border-radius: 4px; background: #fbfcfd; padding: .4rem 0; }
.docqa-source .ln { display: flex; min-height: 1.45em; }
.docqa-source .n { flex: 0 0 3.6em; text-align: right; padding-right: .8em; color: #9aa5b1;
  user-select: none; }
.docqa-source .t { white-space: pre-wrap; word-break: break-word; flex: 1; padding-right: .6em; }
.docqa-source .page-break { color: #5f6b7a; font-size: .72rem; text-transform: uppercase;
  letter-spacing: .08em; border-top: 1px dashed #c9d4df; margin: .3rem 0; padding: .15rem 1em; }
#docqa-cited { scroll-margin-top: 5rem; }
/* The viewer follows the reader down the evidence list. */
[data-testid="stLayoutWrapper"]:has(> .st-key-source_panel) { position: sticky; top: 3.8rem; z-index: 1; }
dl.status { margin: 0; font-size: .85rem; }
dl.status > div { display: flex; justify-content: space-between; gap: .6rem;
  border-bottom: 1px solid rgba(0,0,0,.05); padding: .15rem 0; }
dl.status dt { color: #5f6b7a; font-weight: 400; }
dl.status dd { margin: 0; text-align: right; word-break: break-all; }
ul.alternatives { margin: 0; padding-left: 1.1rem; font-size: .88rem; }
</style>
"""


def apply_styles() -> None:
    """Add the app's CSS to the page."""
    render_html(SafeHtml(CSS))
