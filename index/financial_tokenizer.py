"""Word tokens for BM25 that keep financial tokens whole.

`FY08`, `1H09`, `2Q10`, `SG&A`, `R&D` stay single tokens (and `FY2008`
is spelled `fy08` like `FY08`); a currency glued to
a number (`JPY1,272`) gives both `jpy` and `1272`; thousands separators are
dropped so `1,272` and `1272` match; HTML tags are ignored.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.financial_synonyms import fold, phrase_table
from ingest.markup import FORMATTING_TAG

_TOKEN = re.compile(
    r"[A-Za-z]+&[A-Za-z]+"  # SG&A, R&D, M&A
    r"|(?:FY|fy)\s?'?\d{2,4}"  # FY08, FY2008
    r"|\d[QHqh]\s?(?:FY)?\d{2,4}"  # 1H09, 2Q10, 1Q FY12
    r"|[QHqh]\d\s?\d{2,4}"  # Q4 2022, H1 09
    r"|\d+(?:,\d{3})+(?:\.\d+)?"  # 1,272 / 52,301.5
    r"|\d+(?:\.\d+)?%?"  # 24.5 / 24.5%
    r"|[A-Za-z]+(?:'[a-z]+)?"  # words
    r"|[¥$€£]"
)
_CURRENCY_GLUE = re.compile(r"(?i)\b(jpy|usd|us\$|eur)(?=[\d(+-])")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "what",
        "which",
        "with",
        "how",
        "much",
        "many",
        "did",
        "does",
        "do",
        "when",
        "where",
        "who",
        "whose",
    ]
)


def tokenize(text: str) -> list[str]:
    """Lower-cased tokens of `text` for lexical search (stop words removed, financial
    synonyms folded into one concept token: `turnover` and `net sales` both give `revenu`)."""
    return list(_tokens(text))


# Queries tokenize the same unit lines, labels and sections again and again; a bounded cache
# keeps the work per distinct text (about 100 MB at most for lines of a few hundred bytes).
TOKEN_CACHE_TEXTS = 200_000


@lru_cache(maxsize=TOKEN_CACHE_TEXTS)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(fold(_words(text), _PHRASES, _LONGEST))


def _words(text: str) -> list[str]:
    """Stemmed word tokens, before synonyms are folded."""
    text = _CURRENCY_GLUE.sub(r"\1 ", FORMATTING_TAG.sub(" ", text))
    tokens = []
    for raw in _TOKEN.findall(text):
        token = _canonical_period(re.sub(r"[\s']", "", raw.lower()))
        if any(ch.isdigit() for ch in token) and "," in token:
            token = token.replace(",", "")
        if token.endswith("%"):
            tokens.append(token[:-1])
        if token and token not in STOPWORDS:
            tokens.append(stem(token) if token.isalpha() else token)
    return tokens


def stem(word: str) -> str:
    """A light suffix stripper so `hires`/`hired`, `employees`/`employee` meet."""
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix, min_len in (("ing", 6), ("ed", 5), ("ly", 5)):
        if word.endswith(suffix) and len(word) >= min_len:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def _canonical_period(token: str) -> str:
    """Spell period tokens one way: `fy2008` as `fy08`, `1qfy12` as `1q12`, `q42022` as `4q22`."""
    m = re.fullmatch(r"fy(\d{2}|\d{4})", token)
    if m:
        return "fy" + m.group(1)[-2:]
    m = re.fullmatch(r"(\d)([qh])(?:fy)?(\d{2}|\d{4})", token)
    if m:
        return f"{m.group(1)}{m.group(2)}{m.group(3)[-2:]}"
    m = re.fullmatch(r"([qh])(\d)(\d{2}|\d{4})", token)
    if m:
        return f"{m.group(2)}{m.group(1)}{m.group(3)[-2:]}"
    return token


_PHRASES, _LONGEST = phrase_table(_words)
