"""What kind of figure a source states: a target (forecast, plan, outlook), a revised one or an
initial one, read from the words its source puts beside it (a column header, the clause before a
passage figure). The scorer weighs it against what the question asks (`qualifier_mismatch`); the
answer says it, so a target is never read as a result."""

from __future__ import annotations

import re

from index.financial_tokenizer import tokenize
from index.query import QUALIFIERS

# The kinds a source may state apart from a plain result.
KINDS = ("target", "revised", "initial")
# The words a source states a plan's figure with. Narrower than the question's (`QUALIFIERS`):
# in a filing `plan` is most often a pension or stock plan, `expected` an assumption (`expected
# return on plan assets`) and `original` a cost, so a source states a target only in these words.
_TARGET_WORDS = frozenset(tokenize("target targets forecast forecasts outlook guidance planned"))
# `revised` and `initial` state a kind of target only beside a target word (`Revised FY10 Target`).
_OF_TARGET = {"revised": QUALIFIERS["revised"], "initial": QUALIFIERS["initial"]}
_KIND_WORDS = _TARGET_WORDS | frozenset().union(*_OF_TARGET.values())
_WORD = re.compile(r"[A-Za-z]+")
# A parenthesis right after a passage figure says what it is: `JPY1,250 per share (planned)`.
_AFTER = re.compile(r"^[^()\d]{0,20}\(([^()]{1,40})\)")
# How far into a line a colon may end its head (`FY2010 targets: Revenues: …`): a list's lead,
# not a long sentence's first clause.
HEAD_CHARS = 60


# Words that set a title's results against its targets (`Results vs. Forecast`, `Q1 Results and
# Full-Year Guidance`): its columns tell which is which. Without them the results are the
# target's subject (`Forecast of Consolidated Financial Results`).
_SET_AGAINST = re.compile(r"\b(?:vs|versus|and|against)\b|[&/,;]", re.IGNORECASE)


# A column header is a table's own words for its figures: `FY2011 (Plan)`, `Revised Plan`.
_COLUMN_TARGET_WORDS = _TARGET_WORDS | frozenset(tokenize("plan plans"))


def names_targets(tokens: frozenset[str]) -> bool:
    """Whether a unit's tokens (`index.financial_tokenizer`) name a target in a table's or a
    source's words (`Plan`, `Target Announced`, `forecast`): it may hold a plan's figures."""
    return not tokens.isdisjoint(_COLUMN_TARGET_WORDS)


def stated_kinds(text: str, column: bool = False) -> frozenset[str]:
    """The kinds (`KINDS`) the text states a figure as; `column`: the text is a column header."""
    words = set(tokenize(text))
    if not words & (_COLUMN_TARGET_WORDS if column else _TARGET_WORDS):
        return frozenset()
    return frozenset(["target", *(k for k, kind_words in _OF_TARGET.items() if words & kind_words)])


def row_kind_text(column: str, title: str) -> tuple[str, bool]:
    """The words that say what kind a cell's figure is, and whether they are a column header:
    its column's, when the header says (`FY10 Target`, `FY09 Actual`); else its table's title
    when that names a kind (`FY2009 Financial Targets` over columns that name only periods,
    `Forecast of Consolidated Financial Results`), unless it sets results against it (`Results
    vs. Forecast`, `Q1 Results and Full-Year Guidance`: the columns tell). A title is read in a
    source's words, so a `Stock Plan` table holds no targets."""
    if stated_kinds(column, column=True) or _names_results(column):
        return column, True
    sets_apart = _names_results(title) and _SET_AGAINST.search(title)
    return ("", False) if sets_apart else (title, False)


def _names_results(text: str) -> bool:
    """Whether the text names results (`Actual`, `Results`)."""
    return not QUALIFIERS["actual"].isdisjoint(tokenize(text))


def stated_as(text: str, column: bool = False) -> str | None:
    """The text's words of kind, as written and in order (`revised target` of `Revised FY10
    Target (10/4~11/3)`, `forecast`), or None when it states a plain figure."""
    if not stated_kinds(text, column):
        return None
    kind_words = _KIND_WORDS | (_COLUMN_TARGET_WORDS if column else frozenset())
    found = (_singular(w.lower()) for w in _WORD.findall(text) if set(tokenize(w)) & kind_words)
    return " ".join(dict.fromkeys(found)) or None


def _singular(word: str) -> str:
    """`targets` as `target`: the card says what kind one figure is."""
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def passage_kind_text(line: str, lead_in: str, clause_start: int, start: int, end: int) -> str:
    """The words that say what a passage figure is: the line introducing its list, the line's
    own head up to a colon before it (`FY2010 targets: Revenues: JPY84.5 billion, Operating
    income: JPY4.8 billion`: both are targets), its clause from the previous figure (or the
    line's start, `clause_start`) and a parenthesis right after it. A sentence's other clauses
    are not: in `revenue was 68.0, above the target of 66` only 66 is a target."""
    colon = line.find(":", 0, HEAD_CHARS)
    head = line[:colon] if 0 <= colon < start else ""
    after = _AFTER.match(line[end:])
    return " ".join([lead_in, head, line[clause_start:start], after.group(1) if after else ""])
