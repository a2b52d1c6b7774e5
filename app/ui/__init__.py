"""Pieces of the Streamlit app: one concept per module, rendered by `app/streamlit_app.py`.

Document text is untrusted. It reaches the page only through `escaping.escape_html`
(then `st.html`), `escaping.escape_markdown` (then markdown elements) or widgets that
show plain text (`st.dataframe`, select options).
"""
