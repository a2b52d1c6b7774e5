"""HTML formatting in text exports: which tags are markup, and text without them.

Only tags that carry formatting are markup. Angle brackets also head a deck's blocks with their
period (`<2Q10 (2009/7-9)>`) or write comparisons (`< 5%`), and those are words, not markup.
"""

from __future__ import annotations

import re

# A tag is its name and `name=value` attributes only: `<td colspan=2>`, `<font size="2">`, `<br/>`.
# Words after a tag's name are a heading's (`<Small Business (FY2010)>`, `<A Segment>`), not markup.
FORMATTING_TAG = re.compile(
    r"<!--.*?-->|</?(?:a|b|i|u|s|em|strong|p|br|hr|ul|ol|li|dl|dt|dd|span|div|sup|sub|font|small|big|"
    r"center|code|pre|tt|blockquote|strike|del|ins|mark|nobr|wbr|img|h[1-6]|table|thead|tbody|tfoot|"
    r"caption|col|colgroup|td|tr|th|html|body|head|meta|link|o:p)(?:\s+[\w:-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'<>]+))*\s*/?>",
    re.IGNORECASE | re.DOTALL,
)


def strip_markup(text: str) -> str:
    """Remove HTML formatting tags such as `<i>` or `<p>` and collapse the space they leave."""
    return re.sub(r"\s+", " ", FORMATTING_TAG.sub(" ", text)).strip()
