"""Names a question mentions (companies, segments, subsidiaries) and whether the corpus knows them.

A name is a capitalised word that is not a period or a month, nor the question's
opening word unless a name runs on from it: `SoftBank`, `McDonald's`, `Multifeed`, `Acme`
of `Acme Widgets revenue`. A name written like a company (a possessive, an inner capital,
a name run from the opening word), or any name spelled out as a word (`Fujitsu`, not
`EPS`), that no indexed document contains makes the question about something the
corpus does not cover.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.financial_tokenizer import tokenize
from index.query import QUALIFIERS, QUESTION_WORDS
from ingest.periods import find_periods

# A word with its possessive: `SoftBank's`, and `Starbucks'` (a name ending in s takes the
# apostrophe alone).
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&\-]*(?:'s|’s|(?<=s)'|(?<=s)’)?")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_SENTENCE_END = re.compile(r"[.?!;:]\s*$")
# A capital inside a word, as a company's name joins its words: after a lower-case letter
# (`SoftBank`, `MongoDB`, `IonQ`) or an acronym running into a word (`JPMorgan`).
_INNER_CAPITAL = re.compile(r"(?<=[a-z])[A-Z]|(?<=[A-Z])[A-Z](?=[a-z])")
# The `as a service` abbreviations (`SaaS`, `DaaS`) have that shape and name no company.
_AS_A_SERVICE = re.compile(r"[A-Z]aaS")
# A hyphenated word opening with one of these prefixes is a compound (`Non-GAAP`, `Pre-IPO`).
_PREFIXES = frozenset(["non", "pre", "post", "ex", "anti", "sub", "semi", "multi", "inter", "intra", "cross"])
# A part after a hyphen that opens a word of its own (`Cola` of `Coca-Cola`).
_CAPITALISED = re.compile(r"[A-Z][a-z]")
# A name spelled out has at least this many letters: two-letter words are abbreviations as
# often (`Op`, `Ta`).
MIN_NAME_LETTERS = 3
MONTHS_AND_DAYS = frozenset(
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
        three, capital first only (`Fujitsu`, not `EPS`, `H1`, `Q3` or `YoY`)."""
        return self.text.isalpha() and self.text[1:].islower() and len(self.text) >= MIN_NAME_LETTERS


def named_entities(question: str) -> list[NamedEntity]:
    """Capitalised words of the question that may name a company, segment or subsidiary."""
    period_spans = [(s, e) for _, s, e in find_periods(question)]
    words = list(_WORD.finditer(question))
    found: dict[str, NamedEntity] = {}
    opens = _opens_a_name(question, words, period_spans)
    for i, m in enumerate(words):
        word = m.group(0)
        bare = _POSSESSIVE.sub("", word)
        if not bare[0].isupper() or len(bare) < 2 or bare.lower().rstrip(".") in MONTHS_AND_DAYS:
            continue
        if _in_period(m.start(), period_spans) or not tokenize(bare):
            continue
        # `Starbucks'` is read as `Starbucks`, but only `'s` marks an owner: a plural's apostrophe
        # is as often a line item's (`Stockholders' Equity`).
        possessive = bool(re.search(r"(?:'s|’s)$", word))
        # `YoY` and `QoQ` are abbreviations, not names: a name with an inner capital is longer.
        inner_capital = _written_like_a_name(bare) and len(bare) >= 4
        # `RSUs`, `ATMs`: the plural of an acronym is a thing counted, not a company.
        inner_capital = inner_capital and not re.fullmatch(r"[A-Z]{2,}s", bare)
        acronym = bare.isupper() and bare.isalpha() and len(bare) >= 2
        # The opening word is capitalised by grammar, unless a name runs on from it (`Acme
        # Widgets revenue 2Q10`, `Yahoo Japan subscribers`).
        opens_name = i == 0 and opens
        if i == 0 and not (possessive or inner_capital or acronym or opens_name):
            continue
        # a later sentence's opening word (`… in FY08? Thanks`) is capitalised by grammar too
        if i > 0 and _SENTENCE_END.search(question, 0, m.start()) and not (possessive or inner_capital):
            continue
        first = _phrase_start(question, words, i, period_spans, 0 if opens else 1)
        phrase = question[words[first].start() : m.start() + len(bare)]
        found.setdefault(bare.lower(), NamedEntity(bare, possessive or inner_capital or opens_name, phrase))
    return list(found.values())


def _written_like_a_name(word: str) -> bool:
    """Whether a word's capitals join words as a company's name does: an inner capital
    (`SoftBank`, `JPMorgan`) or a capitalised part after a hyphen (`Coca-Cola`, `T-Mobile`);
    not a compound opening with a prefix (`Non-GAAP`), an acronym with a word (`GIO-related`), a
    unit (`10Gbps`) or an `as a service` abbreviation (`SaaS`)."""
    parts = word.split("-")
    if len(parts) > 1 and parts[0].lower() in _PREFIXES:
        parts = parts[1:]
    if any(_INNER_CAPITAL.search(p) and not _AS_A_SERVICE.fullmatch(p) for p in parts):
        return True
    return any(_CAPITALISED.match(p) for p in parts[1:])


def _opens_a_name(question: str, words: list[re.Match], period_spans: list[tuple[int, int]]) -> bool:
    """Whether the question's opening word, spelled out, starts a run of capitalised words: the
    next word follows one space on, is capitalised, neither is a word of asking (`Show Me`) and
    the next is no period (`Fujitsu FY2012`: `FY2012` says when, not who)."""
    if len(words) < 2 or words[0].start() != 0:
        return False
    opening, following = words[0].group(0), words[1].group(0)
    if not (opening.isalpha() and not opening.isupper() and len(opening) >= 3):
        return False
    if question[words[0].end() : words[1].start()] != " " or not following[0].isupper():
        return False
    # `Show Me`, `List All`, `Company Revenue`: words of asking, not of a name
    if not set(tokenize(opening)) - QUESTION_WORDS or not set(tokenize(following)) - QUESTION_WORDS:
        return False
    return not _in_period(words[1].start(), period_spans)


def _in_period(position: int, period_spans: list[tuple[int, int]]) -> bool:
    return any(s <= position < e for s, e in period_spans)


def _phrase_start(
    question: str, words: list[re.Match], i: int, period_spans: list[tuple[int, int]], floor: int
) -> int:
    """The first of the capitalised words, one space apart, that end at word `i`: never before
    word `floor` (the question's first word is capitalised by grammar unless a name runs on from
    it), nor a period (`FY08`), a word the search ignores or a word of asking (`Was`, `Me` of a
    question in title case), nor an owner (`Starbucks'` of `Starbucks' Net Income`)."""
    first = i
    while first > floor:
        before = words[first - 1]
        if not before.group(0)[0].isupper() or question[before.end() : words[first].start()] != " ":
            break
        if _in_period(before.start(), period_spans) or not set(tokenize(before.group(0))) - QUESTION_WORDS:
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


# Words that say what is asked, never a company written in lower case.
_ASKING_WORDS = QUESTION_WORDS.union(*QUALIFIERS.values())


def with_corporate_names(
    question: str, names: frozenset[str], entities: list[NamedEntity]
) -> list[NamedEntity]:
    """The question's names (`entities`) with the company names of `names` (lower-cased, from
    the evidence's covers: `cover_names.corporate_names`) marked as companies, however written:
    `Intel` mid-question, an opening `Intel` capitalised by grammar, `apple` or `mcdonalds` as a
    hurried reader types them. A word of asking is none (`revenue target`, `the Target for
    revenue`, whatever a cover names)."""
    found = {
        e.text.lower(): replace(e, company_like=True) if _is_named(e.text, names) else e for e in entities
    }
    for m in _WORD.finditer(question):
        bare = _POSSESSIVE.sub("", m.group(0))
        if bare.lower() not in found and _is_named(bare, names):
            found[bare.lower()] = NamedEntity(bare, True, bare)
    return list(found.values())


def _is_named(word: str, names: frozenset[str]) -> bool:
    """Whether a question word is one of the company `names` and not a word of asking."""
    return word.lower() in names and bool(set(tokenize(word)) - _ASKING_WORDS)


def _as_word(name: str) -> str:
    """A name as a pattern for a lower-cased text: a name typed without the apostrophe that
    its company writes before a closing `s` (`mcdonalds`, `macys`) matches it as written."""
    lowered = name.lower()
    spelled = re.escape(lowered)
    # only when the name without its `s` is still a name spelled out (`macys`, not `ads`)
    if len(lowered) - 1 >= MIN_NAME_LETTERS and lowered.endswith("s") and lowered[-2].isalpha():
        spelled = re.escape(lowered[:-1]) + "['’]?s"
    return rf"(?<![a-z0-9]){spelled}(?![a-z0-9])"


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
