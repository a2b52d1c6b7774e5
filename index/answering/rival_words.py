"""Words that name one of several exclusive variants of a line item.

`Basic` and `diluted` earnings per share, `short-term` and `long-term` borrowings,
`current` and `noncurrent` assets, interest `income` and interest `expense`: a label
that shares every other word with the question but writes the other variant states
another figure. Word overlap and MiniLM similarity both rate such a label nearly as
high as the right one. The groups are standard accounting vocabulary (the variants
that statements print as separate lines), not wording from any question; the
feature built on them (`CandidateFeatures.rival_word`) is one input the scorer weighs.
A company's name can write a variant word (`... International`); the fitted weight
bears that noise.
"""

from __future__ import annotations

from functools import lru_cache

from index.financial_tokenizer import tokenize

# Each group: variants of a line item printed as separate lines.
RIVAL_GROUPS: tuple[tuple[str, ...], ...] = (
    ("basic", "diluted"),
    ("shortterm", "longterm"),  # `short-term`, read as one word (`item_words`)
    ("current", "noncurrent"),
    ("income", "expense"),
    ("gain", "loss"),
    ("asset", "liability"),
    ("receivable", "payable"),
    ("inflow", "outflow"),
    ("beginning", "end"),  # of the period's balance
    ("opening", "closing"),
    ("gross", "net"),
    ("domestic", "foreign", "international"),
    ("granted", "vested", "exercised", "forfeited", "cancelled", "canceled", "expired"),
)
# `non-current` is tokenised `non`, `current`, and `short-term` `short`, `term`: each pair is
# read as one word (`noncurrent`, `shortterm`), so `current` and `term` are not also written.
_JOINED_BEFORE = frozenset(["non"])
_JOINED_AFTER = {"short": "term", "long": "term"}
# `current year`, `current quarter`: a period, not the current variant of a line item.
_PERIOD_NOUNS = frozenset(tokenize("year period quarter fiscal month"))
_CURRENT = "current"
# Questions whose item words are kept: a question's candidates read them many times.
QUESTIONS_KEPT = 256


def _stems(words: tuple[str, ...]) -> frozenset[str]:
    """The tokens of a group's words, as the tokenizer writes them (`diluted` -> `dilut`)."""
    return frozenset(t for w in words for t in tokenize(w))


_GROUPS: tuple[frozenset[str], ...] = tuple(_stems(g) for g in RIVAL_GROUPS)


def item_words(text: str) -> frozenset[str]:
    """The tokens of `text` with `non` joined to the word after it and `short`/`long` to `term`
    (`noncurrent`, `longterm`), and without a `current` that names a period (`current year`)."""
    tokens = tokenize(text)
    out: set[str] = set()
    i = 0
    while i < len(tokens):
        t, following = tokens[i], tokens[i + 1] if i + 1 < len(tokens) else None
        if following is not None and (t in _JOINED_BEFORE or _JOINED_AFTER.get(t) == following):
            out.add(t + following)
            i += 2
            continue
        if not (t == _CURRENT and following in _PERIOD_NOUNS):
            out.add(t)
        i += 1
    return frozenset(out)


@lru_cache(maxsize=QUESTIONS_KEPT)
def asked_item_words(question: str) -> frozenset[str]:
    """`item_words` of a question, read once per question."""
    return item_words(question)


def writes_rival(asked: frozenset[str], written: frozenset[str]) -> bool:
    """Whether `written` (a label's or clause's `item_words`) names another variant of a group
    the question's `asked` item words name, and not the asked variant."""
    for group in _GROUPS:
        wanted = asked & group
        if wanted and not (written & wanted) and (written & group):
            return True
    return False
