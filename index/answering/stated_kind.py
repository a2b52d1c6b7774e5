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
_KIND_WORDS = frozenset().union(*(QUALIFIERS[k] for k in KINDS))
_WORD = re.compile(r"[A-Za-z]+")
# A parenthesis right after a passage figure says what it is: `JPY1,250 per share (planned)`.
_AFTER = re.compile(r"^[^()\d]{0,20}\(([^()]{1,40})\)")


def stated_kinds(text: str) -> frozenset[str]:
    """The kinds (`KINDS`) whose words the text holds."""
    words = set(tokenize(text))
    return frozenset(k for k in KINDS if words & QUALIFIERS[k])


def stated_as(text: str) -> str | None:
    """The text's words of kind, as written and in order (`revised target` of `Revised FY10
    Target (10/4~11/3)`, `forecast`), or None when it states a plain figure."""
    found = (_singular(w.lower()) for w in _WORD.findall(text) if set(tokenize(w)) & _KIND_WORDS)
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
    colon = line.find(":")
    head = line[:colon] if 0 <= colon < start else ""
    after = _AFTER.match(line[end:])
    return " ".join([lead_in, head, line[clause_start:start], after.group(1) if after else ""])
