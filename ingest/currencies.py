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
    """A currency: its code, the signs printed before a figure, and the words naming it
    (`plural_same` when the plural is the name itself: `4,000 yen`)."""

    code: str
    signs: tuple[str, ...]
    names: tuple[str, ...] = ()
    plural_same: bool = False


# Names are written in the singular; the plural is read too (`dollar`, `dollars`).
CURRENCIES: tuple[Currency, ...] = (
    Currency("USD", ("US$", "$", "USD"), ("U.S. dollar", "US dollar", "dollar")),
    Currency("JPY", ("¥", "JPY"), ("yen",), plural_same=True),
    Currency("EUR", ("€", "EUR"), ("euro",)),
    Currency("GBP", ("£", "GBP"), ("pound sterling",)),  # not `pound`: `pounds of copper`
    Currency("HKD", ("HK$", "HKD"), ("Hong Kong dollar", "HK dollar")),
    Currency("TWD", ("NT$", "TWD", "NTD"), ("New Taiwan dollar", "Taiwan dollar", "NT dollar")),
    Currency("SGD", ("S$", "SGD"), ("Singapore dollar",)),
    Currency("AUD", ("A$", "AUD"), ("Australian dollar",)),
    Currency("CAD", ("C$", "CAD"), ("Canadian dollar",)),
    Currency("NZD", ("NZ$", "NZD"), ("New Zealand dollar",)),
    Currency("CNY", ("RMB", "CNY"), ("renminbi",), plural_same=True),  # not `yuan`: also a surname
    Currency("KRW", ("₩", "KRW")),  # `won` is no name here: it is mostly a verb
)
CODES = frozenset(c.code for c in CURRENCIES)
_CODE_OF = {w.lower(): c.code for c in CURRENCIES for w in (*c.signs, *c.names)}
# A code may carry a scale abbreviation straight after it (`USDmn`, `JPYbn`).
_SCALE_AFTER_CODE = r"(?:mn|bn|m|k|b)\b"


def _pattern(signs: list[str], names: list[str]) -> str:
    """Alternatives for `signs` and `names`, longest first (so `HK$` is read before `$`).

    No letter may come before a writing that starts with one (the `$` of `HK$` is read with
    its prefix; `yenta` holds no yen); a sign that starts with a symbol may follow a word
    (`for$264,000`). No letter may follow a writing that ends with one, except a scale after a
    code. The letter check stands once before the group, as one check per alternative would
    slow the search several times over.
    """

    def written(w: str) -> str:
        return re.escape(w).replace(r"\ ", " ").replace(" ", r"\s+")

    def ending(w: str) -> str:
        if not w[-1].isalnum():
            return ""
        return rf"(?:(?![A-Za-z])|(?={_SCALE_AFTER_CODE}))" if w.isupper() else r"s?(?![A-Za-z])"

    words = [
        written(w) + ending(w) for w in sorted([*signs, *names], key=len, reverse=True) if w[0].isalpha()
    ]
    symbols = [written(w) for w in sorted(signs, key=len, reverse=True) if not w[0].isalpha()]
    # Most positions start no writing: one look at the first character rules them out.
    first = re.escape("".join(sorted({c for w in [*signs, *names] for c in (w[0].lower(), w[0].upper())})))
    alternatives = [rf"(?<![A-Za-z])(?:{'|'.join(words)})"] if words else []
    return rf"(?=[{first}])(?:{'|'.join(alternatives + symbols)})"


# A sign printed before a figure (`HK$1,234`, `JPY 14,801`).
SIGN_PATTERN = _pattern([s for c in CURRENCIES for s in c.signs], [])
# Any mention: a sign or a name (`Thousands of U.S. Dollars`, `New Taiwan dollars`).
MENTION_PATTERN = _pattern([s for c in CURRENCIES for s in c.signs], [n for c in CURRENCIES for n in c.names])
MENTION = re.compile(MENTION_PATTERN, re.IGNORECASE)
# Written after a figure, a currency is its code or its name in the plural (`1,234 EUR`, `5 million
# dollars`, `4,000 yen`): a sign there belongs to the next figure (`120 $5.2 million`), and a
# singular name is an adjective (`25 dollar stores`, `12 euro area subsidiaries`).
AFTER_FIGURE = re.compile(
    r"\s?(?:"
    + _pattern(
        [s for c in CURRENCIES for s in c.signs if s.isalpha()],
        [n if c.plural_same else f"{n}s" for c in CURRENCIES for n in c.names],
    )
    + ")",
    re.IGNORECASE,
)


def currency_code(writing: str) -> str | None:
    """The code of one mention as written (`HK$` is HKD, `U.S. dollars` USD), or None."""
    key = " ".join(writing.lower().split())
    return _CODE_OF.get(key) or _CODE_OF.get(key.removesuffix("s"))


def currencies_in(text: str) -> set[str]:
    """The codes of every currency `text` names."""
    return {code for m in MENTION.finditer(text) if (code := currency_code(m.group(0)))}
