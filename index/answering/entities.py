"""Names a question mentions (companies, segments, subsidiaries) and whether the corpus knows them.

A name is a capitalised word that is not the question's opening word, a period
or a month: `SoftBank`, `McDonald's`, `Multifeed`. A name written like a company
(a possessive, an inner capital), or any name spelled out as a word (`Fujitsu`, not
`EPS`), that no indexed document contains makes the question about something the
corpus does not cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.financial_tokenizer import tokenize
from ingest.periods import find_periods

# A word with its possessive: `SoftBank's`, and `Starbucks'` (a name ending in s takes the
# apostrophe alone).
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*(?:'s|’s|(?<=s)'|(?<=s)’)?")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_MONTHS_AND_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


@dataclass(frozen=True)
class NamedEntity:
    """A name in the question; `company_like` when its spelling marks a proper name; `phrase`
    the name with the capitalised words right before it (`Toyota Motor` of `what was Toyota
    Motor's net income`), so that a company is looked up and named whole, not by its last word."""

    text: str
    company_like: bool
    phrase: str = ""

    @property
    def spelled_out(self) -> bool:
        """Written as a word, not an abbreviation: letters only, not all capitals, at least
        three (`Fujitsu`, not `EPS`, `H1` or `Q3`)."""
        return self.text.isalpha() and not self.text.isupper() and len(self.text) >= 3


def named_entities(question: str) -> list[NamedEntity]:
    """Capitalised words of the question that may name a company, segment or subsidiary."""
    period_spans = [(s, e) for _, s, e in find_periods(question)]
    words = list(_WORD.finditer(question))
    found: dict[str, NamedEntity] = {}
    for i, m in enumerate(words):
        word = m.group(0)
        bare = _POSSESSIVE.sub("", word)
        if not bare[0].isupper() or len(bare) < 2 or bare.lower().rstrip(".") in _MONTHS_AND_DAYS:
            continue
        if _in_period(m.start(), period_spans) or not tokenize(bare):
            continue
        possessive = bare != word
        inner_capital = any(ch.isupper() for ch in bare[1:]) and not bare.isupper()
        # `YoY` and `QoQ` are abbreviations, not names: a name with an inner capital is longer.
        inner_capital = inner_capital and len(bare) >= 4
        # `RSUs`, `ATMs`: the plural of an acronym is a thing counted, not a company.
        inner_capital = inner_capital and not re.fullmatch(r"[A-Z]{2,}s", bare)
        acronym = bare.isupper() and bare.isalpha() and len(bare) >= 2
        if i == 0 and not (possessive or inner_capital or acronym):
            continue  # the opening word is capitalised by grammar
        first = _phrase_start(question, words, i, period_spans)
        phrase = question[words[first].start() : m.start() + len(bare)]
        found.setdefault(bare.lower(), NamedEntity(bare, possessive or inner_capital, phrase))
    return list(found.values())


def _in_period(position: int, period_spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in period_spans)


def _phrase_start(question: str, words: list[re.Match], i: int, period_spans: list[tuple[int, int]]) -> int:
    """The first of the capitalised words, one space apart, that end at word `i`; never the
    question's first word (capitalised by grammar), a period (`FY08`), a word the search
    ignores (`Was`, `In` of a question in title case) nor an owner (`Starbucks'` of `Starbucks'
    Net Income`)."""
    first = i
    while first > 1:
        before = words[first - 1]
        if not before.group(0)[0].isupper() or question[before.end() : words[first].start()] != " ":
            break
        if _in_period(before.start(), period_spans) or not tokenize(before.group(0)):
            break
        if _POSSESSIVE.search(before.group(0)):
            break
        first -= 1
    return first


# `what's`, `it's`: a pronoun or question word with `is`, not an owner.
_CONTRACTIONS = frozenset(
    ["what", "it", "that", "there", "here", "who", "let", "he", "she", "where", "how", "when", "why"]
)
_LOWER_POSSESSIVE = re.compile(r"(?<![A-Za-z0-9])([a-z][a-z0-9&\-]+)(?:'s|’s)(?![A-Za-z0-9])")


def lower_case_owners(question: str) -> list[str]:
    """Words a question makes owners of the figure without capitalising them (`rakuten's net
    income`, as a hurried reader types): when no document mentions such a word, no figure in
    the corpus is its figure."""
    found = (m.group(1) for m in _LOWER_POSSESSIVE.finditer(question))
    return list(dict.fromkeys(w for w in found if w not in _CONTRACTIONS))


def _as_word(name: str) -> str:
    return rf"(?<![a-z0-9]){re.escape(name.lower())}(?![a-z0-9])"


def name_in_text(name: str, lowered_text: str) -> bool:
    """Whether a name occurs in a lower-cased text as a word."""
    return re.search(_as_word(name), lowered_text) is not None


def name_count(name: str, lowered_text: str) -> int:
    """How often a name occurs in a lower-cased text as a word."""
    return len(re.findall(_as_word(name), lowered_text))


def is_common_word(name: str, text: str) -> bool:
    """Whether a capitalised question word is a common noun in `text` (original case): written
    there in lower case at least as often as capitalised (`company`, `group`), unlike a name."""
    lower, capital = (
        len(re.findall(rf"(?<![A-Za-z0-9]){re.escape(form)}(?![A-Za-z0-9])", text))
        for form in (name.lower(), name[0].upper() + name[1:])
    )
    return lower > 0 and lower >= capital
