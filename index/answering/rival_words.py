"""Words that name one of several exclusive variants of a line item.

`Basic` and `diluted` earnings per share, `short-term` and `long-term` borrowings,
`current` and `noncurrent` assets, interest `income` and interest `expense`: a label
that shares every other word with the question but writes the other variant states
another figure. Word overlap and MiniLM similarity both rate such a label nearly as
high as the right one. The groups are standard accounting vocabulary (the variants
that statements print as separate lines), not wording from any question; the
feature built on them (`CandidateFeatures.rival_word`) is one input the scorer weighs.
"""

from __future__ import annotations

from index.financial_tokenizer import tokenize

# Each group: variants of a line item printed as separate lines.
RIVAL_GROUPS: tuple[tuple[str, ...], ...] = (
    ("basic", "diluted"),
    ("short", "long"),  # -term
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
    ("granted", "vested", "exercised", "forfeited", "cancelled", "expired"),
)
# `non-current` is tokenised `non`, `current`: the pair is read as the one word `noncurrent`.
_NEGATION = "non"


def _stems(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(t for w in words for t in tokenize(w))


_GROUPS: tuple[frozenset[str], ...] = tuple(_stems(g) for g in RIVAL_GROUPS)


def joined_negations(tokens: list[str]) -> set[str]:
    """`tokens` as a set, with `non` joined to the word after it (`non current` is
    `noncurrent`, and not `current`)."""
    out: set[str] = set()
    skip = False
    for i, t in enumerate(tokens):
        if skip:
            skip = False
            continue
        if t == _NEGATION and i + 1 < len(tokens):
            out.add(t + tokens[i + 1])
            skip = True
        else:
            out.add(t)
    return out


def writes_rival(asked: set[str], written: set[str]) -> bool:
    """Whether `written` (a label's or clause's tokens, `joined_negations`) names another
    variant of a group the question's tokens `asked` name, and not the asked variant."""
    for group in _GROUPS:
        wanted = asked & group
        if wanted and not (written & wanted) and (written & group):
            return True
    return False
