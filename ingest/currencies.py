"""Currencies as documents and questions write them, each read as its ISO code.

Several currencies print a dollar sign with a prefix (`HK$`, `NT$`, `S$`): a figure in
Hong Kong dollars is not a US-dollar figure, so every mention is read whole, the longest
writing first (`HK$` before `$`, `Hong Kong dollars` before `dollars`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Currency:
    """A currency: its code, the signs printed before a figure, and the words naming it."""

    code: str
    signs: tuple[str, ...]
    names: tuple[str, ...] = ()


CURRENCIES: tuple[Currency, ...] = (
    Currency("USD", ("US$", "$", "USD"), ("U.S. dollars", "US dollars", "dollars", "dollar")),
    Currency("JPY", ("¥", "JPY"), ("yen",)),
    Currency("EUR", ("€", "EUR"), ("euros", "euro")),
    Currency("GBP", ("£", "GBP"), ("pounds sterling", "pounds")),
    Currency("HKD", ("HK$", "HKD"), ("Hong Kong dollars",)),
    Currency("TWD", ("NT$", "TWD", "NTD"), ("New Taiwan dollars",)),
    Currency("SGD", ("S$", "SGD"), ("Singapore dollars",)),
    Currency("AUD", ("A$", "AUD"), ("Australian dollars",)),
    Currency("CAD", ("C$", "CAD"), ("Canadian dollars",)),
    Currency("NZD", ("NZ$", "NZD"), ("New Zealand dollars",)),
    Currency("CNY", ("RMB", "CNY"), ("renminbi", "yuan")),
    Currency("KRW", ("₩", "KRW")),  # `won` is no name here: it is mostly a verb
)
CODES = frozenset(c.code for c in CURRENCIES)
_CODE_OF = {w.lower(): c.code for c in CURRENCIES for w in (*c.signs, *c.names)}


def _alternative(writing: str) -> str:
    """One writing as a regex alternative: no letter may touch it on either side (the `$` of
    `HK$` is no sign of its own; `JPY1,272` is JPY, `yenta` no yen)."""
    pattern = re.escape(writing).replace(r"\ ", r"\s+")
    after = r"(?![A-Za-z])" if writing[-1].isalnum() else ""
    return r"(?<![A-Za-z])" + pattern + after


def _pattern(writings: list[str]) -> str:
    """Alternatives for `writings`, longest first (so `HK$` is read before `$`)."""
    return "(?:" + "|".join(_alternative(w) for w in sorted(writings, key=len, reverse=True)) + ")"


# A sign printed before a figure (`HK$1,234`, `JPY 14,801`).
SIGN_PATTERN = _pattern([s for c in CURRENCIES for s in c.signs])
# Any mention: a sign or a name (`Thousands of U.S. Dollars`, `New Taiwan dollars`).
MENTION_PATTERN = _pattern([w for c in CURRENCIES for w in (*c.signs, *c.names)])
_MENTION = re.compile(MENTION_PATTERN, re.IGNORECASE)


def currency_code(writing: str) -> str | None:
    """The code of one mention as written (`HK$` is HKD, `U.S. dollars` USD), or None."""
    return _CODE_OF.get(" ".join(writing.lower().split()))


def currencies_in(text: str) -> set[str]:
    """The codes of every currency `text` names."""
    return {code for m in _MENTION.finditer(text) if (code := currency_code(m.group(0)))}
