"""The names a document's cover writes: who a filing or release is by and about.

A cover (its first page) names the issuer, often with its legal suffix (`Apple Inc.`,
`McDONALD'S CORPORATION`), and the title and cover words a document repeats most include the
issuer's name (`IIJ` through a deck titled `Internet Initiative Japan Inc.`).
"""

from __future__ import annotations

import re
from collections import Counter

from index.answering.entities import MONTHS_AND_DAYS, is_common_word
from index.financial_tokenizer import tokenize
from index.query import QUESTION_WORDS, STOPWORDS

# A document's cover, where its issuer is named: the first page of a filing or release
# (3,000 characters), or the first fifth of a short document.
COVER_CHARS = 3000
COVER_SHARE = 5

_WORD_WRITTEN = re.compile(r"[A-Za-z][A-Za-z0-9&]*")

# A corporate suffix as a name writes it, capitalised or in capitals (`Inc.`, `CORPORATION`):
# `a Delaware corporation` states where a company is incorporated, not its name. Not
# `Incorporated` (`Documents Incorporated by Reference`), `Company` or `Group` (`the Company`,
# `Operating Group`).
_SUFFIX = (
    r"(?:Inc|INC|Corp|CORP|Corporation|CORPORATION|Ltd|LTD|Limited|LIMITED|plc|PLC|LLC|AG)\b\.?|N\.V\.|S\.A\."
)
_CORPORATE_NAME = re.compile(
    rf"(?<![\w&’'.-])(?P<name>[A-Za-z][A-Za-z0-9&’'-]*?)(?P<owner>['’][sS])?,?[ \t]+(?:{_SUFFIX})"
)
# The word before a name, on its line or at the end of the line above (a PDF breaks a long
# name: `Meta` / `Platforms, Inc.`). A name under a title line ending in a capital (`Annual
# Report` / `Apple Inc.`) is missed with it: a name missed is only left as the question wrote it.
_WORD_BEFORE = re.compile(r"(?<![\w&’'.-])([A-Za-z&][\w&’'.-]*)[ \t]*\n?[ \t]*$")
# Words before a name that make it the last word of a longer one (`Bank of America Corporation`)
# or a description (`a Delaware Corporation`). A capitalised word does too (`Initiative Japan
# Inc.`), except an opening `The` (`The Allstate Corporation`).
_JOINING = frozenset(["of", "and", "&", "de", "du", "der", "von", "van", "a", "an"])
_OPENING = frozenset(["the"])
# Words that open a cover's sentence about the company, not its name (`Our Corporation`,
# `Each Corporation`), beside the stop words and words of asking.
_NOT_NAMES = frozenset(["our", "each", "every", "its", "their", "this", "that", "such", "any", "no", "other"])


def cover(text: str) -> str:
    """A document's cover: its first page, or the first fifth of a short document."""
    return text[: min(COVER_CHARS, len(text) // COVER_SHARE)]


def cover_name_counts(title: str, text: str, cover_text: str) -> dict[str, int]:
    """How often a document names each name its title or cover writes (lower-cased name ->
    count): the issuer's count is among the highest (`IIJ` through a deck titled `Internet
    Initiative Japan Inc.`). Words written in lower case at least as often as capitalised are
    common nouns (`Company`, `Income`), not names; months are dates. One pass over the text."""
    written = Counter(_WORD_WRITTEN.findall(text))
    lowered: Counter[str] = Counter()
    for word, n in written.items():
        lowered[word.lower()] += n
    names = {w for w in _WORD_WRITTEN.findall(f"{title}\n{cover_text}") if w[0].isupper()}
    return {
        w.lower(): lowered[w.lower()]
        for w in names
        if w.lower() not in MONTHS_AND_DAYS and written[w.lower()] < lowered[w.lower()] - written[w.lower()]
    }


def corporate_names(text: str) -> frozenset[str]:
    """The one-word company names a document's cover writes with a corporate suffix, lower-cased
    (`apple` of `Apple Inc.`, `mcdonald` and `mcdonalds` of `McDONALD'S CORPORATION`): its issuer
    and the companies it names as such. Not a word of a longer name (`Japan` of `Internet Initiative
    Japan Inc.`), a word without a capital, a word of asking (`Each Corporation`) or a word the
    document writes in lower case at least as often (`Square, Inc.` in a filing about floor
    space)."""
    head = cover(text)
    found = set()
    for m in _CORPORATE_NAME.finditer(head):
        name = m.group("name")
        if len(name) < 2 or name.islower() or name.lower() in _NOT_NAMES:
            continue
        if not set(tokenize(name)) - QUESTION_WORDS - STOPWORDS:
            continue
        before = _WORD_BEFORE.search(head, max(0, m.start() - 80), m.start())
        word = before.group(1) if before else ""
        if word.lower() in _JOINING or (word[:1].isupper() and word.lower() not in _OPENING):
            continue
        if not is_common_word(name.lower(), text):
            # `McDONALD'S`: as a hurried reader types it too (`mcdonalds`)
            found.update([name.lower(), name.lower() + "s"] if m.group("owner") else [name.lower()])
    return frozenset(found)
