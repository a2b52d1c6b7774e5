"""Parse financial numbers as printed: `(233)`, `1,272`, `24.5%`, `JPY1,272 million`, and
stated ranges (`$1.00 to $1.13`, `5%–7%`), which either end alone would misstate."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ingest.currencies import AFTER_FIGURE, MENTION, SIGN_PATTERN, currency_code
from ingest.markup import strip_markup

_SCALE_WORDS = {
    "thousand": 1e3,
    "thousands": 1e3,
    "k": 1e3,
    "million": 1e6,
    "millions": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "billions": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
}
# The word a scale is written as, for saying it apart from a figure (`JPY billion`).
SCALE_NAMES = {1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}
# A percentage written out: `32 percent`, `32 per cent` (the judge of answers reads it too).
PERCENT_WORD = r"(?:percent|per[ \u00a0]?cent)"
NUMBER_PATTERN = re.compile(
    # Not inside a word or a name written with a hyphen (`Form S-8`, `10-K`, `COVID-19`).
    r"(?<![\w/.,])(?<![A-Za-z]-)"
    r"(?P<sign>[+\-−–])?"
    r"(?:(?P<cur>" + SIGN_PATTERN + r")\s{0,3})?"
    r"(?P<open>\()?"
    r"(?P<sign2>[+\-−–])?"
    r"(?:(?P<cur2>" + SIGN_PATTERN + r")\s{0,3})?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)(?![\w/]|[.,]\d|-[A-Za-z])"
    # `32 percent` and `32 per cent` are percentages as `32%` is; `5 percentage points` is none,
    # nor a year before the word (`2023 percent of sales` heads a column)
    r"(?P<pct>\s?%|(?<!(?:19|20)\d\d)[ \u00a0]{1,2}" + PERCENT_WORD + r"\b)?"
    r"(?P<close>\))?"
    r"(?P<pct2>\s?%)?"
    r"(?:\s?(?P<scale>thousands?|millions?|billions?|trillion|mn|bn|mm)\b)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Amount:
    """A number found in text, with what surrounds it.

    `value` is the number as printed (sign applied, no scale); `scaled` applies
    a written scale word (`million`) when there is one.
    """

    raw: str
    value: float
    currency: str | None
    scale: float
    percent: bool
    start: int
    end: int

    @property
    def scaled(self) -> float:
        """The value multiplied by its written scale (1 when none is written)."""
        return self.value * self.scale

    @property
    def is_year(self) -> bool:
        """A bare whole number that reads as a year (`2023`), not a figure."""
        return (
            not self.currency
            and not self.percent
            and self.value.is_integer()
            and 1950 <= self.value <= 2100
            and "," not in self.raw
        )


def find_amounts(text: str) -> list[Amount]:
    """Return every number in `text`, left to right, with sign, currency and scale."""
    found: list[Amount] = []
    for m in NUMBER_PATTERN.finditer(text):
        amount = _amount_from_match(m, text)
        if amount is not None:
            found.append(_range_end(text, found[-1], amount) if found else amount)
    return found


def _range_end(text: str, before: Amount, amount: Amount) -> Amount:
    """`amount` without its minus when the dash is glued to the percent sign of the figure
    `before` and joins the two as a range (`5%–7%`); else `amount` (`12.3%-4.5%` is a drop)."""
    glued = amount.start == before.end and text[amount.start] in "-–"
    if not (before.percent and amount.value < 0 and glued):
        return amount
    plain = replace(amount, raw=amount.raw[1:], value=-amount.value, start=amount.start + 1)
    return plain if is_range(text, before, plain) else amount


def _amount_from_match(m: re.Match[str], text: str) -> Amount | None:
    """Build an Amount from a regex match, treating balanced parentheses as negative."""
    num = float(m.group("num").replace(",", ""))
    opened, closed = bool(m.group("open")), bool(m.group("close"))
    negative = opened and closed
    sign = m.group("sign") or m.group("sign2")
    if sign and sign in "-−–":
        # A dash glued to a preceding word or digit is a range or a hyphen, not a sign (`3-5`).
        before = text[m.start() - 1] if m.start() > 0 else " "
        if m.group("sign") and (before.isalnum()):
            sign = None
        else:
            negative = True
    start, end = m.start(), m.end()
    if opened and not closed:
        start = m.start("cur2") if m.group("cur2") else m.start("num")
        if m.group("sign2"):
            start = m.start("sign2")
    if closed and not opened:
        end = m.end("num") if not m.group("pct") else m.end("pct")
    if m.group("sign") and not sign:
        start = m.start("cur") if m.group("cur") else m.start("open") if opened else m.start("num")
    while start < end and text[start].isspace():
        start += 1
    raw = text[start:end].rstrip()
    end = start + len(raw)
    scale_word = (m.group("scale") or "").lower()
    currency = m.group("cur") or m.group("cur2")
    return Amount(
        raw=raw,
        value=-num if negative else num,
        currency=currency_code(currency) if currency else None,
        scale=_SCALE_WORDS.get(scale_word, 1.0),
        percent=bool(m.group("pct") or m.group("pct2")),
        start=start,
        end=end,
    )


def parse_number(text: str) -> float | None:
    """Parse a table cell or figure to a number, or None when it holds none.

    `(233)` gives -233, `1,272` gives 1272, `24.5%` gives 24.5, `+1.4` gives 1.4,
    `JPY1,272 million` gives 1272 (the scale stays with the unit); a footnote mark is no
    figure (`JPY 18.75 *2` gives 18.75). A cell holding
    a ratio and a value, such as `<i>21.4%</i> 4.1` or `2,771 (17.5%)`, gives
    the value (4.1, 2771).
    Text with words beyond a number and its unit (`December 1992`) gives None.
    """
    clean = strip_markup(text)
    if not clean or not any(ch.isdigit() for ch in clean):
        return None
    found = find_amounts(clean)
    # A mark is no figure beside one; a cell holding nothing else keeps a list number (`3.`),
    # never a footnote mark (`*1` in a notes column).
    amounts = [a for a in found if not is_mark(clean, a)] or [
        a for a in found if not _is_footnote_mark(clean, a)
    ]
    if not amounts or (len(amounts) == 2 and is_range(clean, *amounts)):
        return None  # no figure, or a range: neither end alone is the cell's figure
    leftover = clean
    for a in reversed(amounts):
        leftover = leftover[: a.start] + leftover[a.end :]
    if re.search(r"[A-Za-z]{2,}", _UNIT_WORDS.sub("", MENTION.sub("", leftover))):
        return None
    plain = [a for a in amounts if not a.percent]
    return (plain or amounts)[-1].value


# Between the two ends: `to`, an en dash or a tilde (`$1.00 to $1.13`, `¥1.2–1.5 billion`,
# `4,000～5,000`), or a hyphen glued to both ends or spaced on both sides (`5%-7%`, `$2.10 - $2.25`):
# one glued to the high end alone is its minus sign (`5% -7%` in a row of changes).
_BETWEEN = re.compile(r"\s*(?:to|[–~～〜])\s*|-| - ", re.I)
# `between 5% and 7%`: `and` joins the ends only after `between`, and not after `difference between`.
_AND = re.compile(r"\s*and\s*", re.I)
_BETWEEN_BEFORE = re.compile(r"(?<!difference )(?<!spread )(?<!gap )\bbetween\s*$", re.I)
# Words that call what follows a range (`awards range from $2 million to $10 million`, `in the
# range of`, `between`): the two ends are a range however far apart.
_RANGE_WORDS_BEFORE = re.compile(
    r"(?:(?<!difference )(?<!spread )(?<!gap )\bbetween|\bin\s+the\s+range\s+of"
    r"|\brang(?:e|es|ed|ing)\s+from)\s*$",
    re.I,
)
# How far back those words may start: `in the range of ` is 16 characters.
_RANGE_WORDS_REACH = 20
# Otherwise a stated range reaches at most this factor from its low end to its high end (guidance
# $1.00 to $1.13, a fee band of 4,000 to 5,000 yen); a change and its result (`raised $0.05 to
# $0.55`) or a ratio (`3.5 to 1.0`) seldom reads low to high within it.
RANGE_MAX_RATIO = 2.0


def is_range(text: str, low: Amount, high: Amount) -> bool:
    """Whether `low` and `high`, two neighbouring amounts read from `text`, are the ends of one
    range: joined by `to` or a range sign (or by `and` after `between`), both percentages or
    neither, in one currency (one end may leave the currency to the other, and the low end its
    scale or `%` to the high end: `$1.2–1.5 billion`, `5 to 7%`), not two years, and
    low < high, within `RANGE_MAX_RATIO` x low unless words before it call it a range."""
    if not _joined(text, low, high) or (low.is_year and high.is_year):
        return False  # not joined, or years (`2019–2020` is a span of time, not a figure)
    if low.percent != high.percent and (low.percent or low.currency or low.scale != 1):
        return False
    if (low.currency and high.currency and low.currency != high.currency) or (
        low.scale != 1 and high.scale == 1
    ):
        return False  # two currencies, or a scale the high end drops (`$1.2 billion to 1.5`)
    # Both ends scaled (`$900 million to $1.1 billion`) compare in base units; else as printed.
    x, y = (low.scaled, high.scaled) if low.scale != 1 and high.scale != 1 else (low.value, high.value)
    named = _RANGE_WORDS_BEFORE.search(text, max(0, low.start - _RANGE_WORDS_REACH), low.start)
    return 0 < x < y and (named is not None or y <= RANGE_MAX_RATIO * x)


def _joined(text: str, low: Amount, high: Amount) -> bool:
    """Whether only a range sign (or `and` after `between`) stands between the two amounts."""
    return bool(_BETWEEN.fullmatch(text, low.end, high.start)) or _between_start(text, low, high) is not None


def _between_start(text: str, low: Amount, high: Amount) -> int | None:
    """Where `between` starts when it and `and` join the two amounts (`between 5% and 7%`), else None."""
    if not _AND.fullmatch(text, low.end, high.start):
        return None
    word = _BETWEEN_BEFORE.search(text, 0, low.start)
    return word.start() if word else None


def range_start(text: str, low: Amount, high: Amount) -> int:
    """Where the range of `low` and `high` (`is_range`) starts as written: at its `between`
    when `and` joins the ends (`between 5% and 7%` reads as two figures without it), else at `low`."""
    start = _between_start(text, low, high)
    return low.start if start is None else start


@lru_cache(maxsize=4096)
def range_key(text: str) -> str | None:
    """A stated range written one way (`5 to 7%`, `5%–7%` and `between 5% and 7%` are all
    `5.0–7.0%`; `$1.2–1.5 billion` and `$1.2 billion to $1.5 billion` are one range), or None
    when `text` states no one range."""
    amounts = find_amounts(text)
    if len(amounts) != 2 or not is_range(text, *amounts):
        return None
    low, high = amounts
    scale = low.scale if low.scale != 1 else high.scale
    currency = low.currency or high.currency or ""
    return f"{currency}{low.value * scale!r}–{high.scaled!r}{'%' if high.percent else ''}"


# Words a cell may hold beside its number and still be that number (`JPY2,500 (Annual)`).
# Units a change or multiple is written in after its figure (`+1.2 ppts`, `(50) bps`, `3.5x`).
_MEASURE_UNITS = r"ppts?|pts?|bps|x"
_UNIT_WORDS = re.compile(rf"\b(?:annual|{_MEASURE_UNITS})\b", re.I)
# A list number or footnote mark has one or two digits (`2)`, `*3`); a list number ends in
# one of these (`-3. Cost ...`, `2) Net sales`), a footnote mark follows one of those signs.
_MARK_DIGITS = re.compile(r"[-+−–]?\d{1,2}")
_LIST_LEAD = re.compile(r"\W*")  # only bullets, dashes or spaces before a list number
_LIST_NUMBER_END = (".", ")")
# A list number in brackets opening a line before its words (`(1) Revenues and ...`, `(1) EBITDA
# is defined ...`): a bracketed figure (`(1)`, minus one) is followed by another figure, nothing,
# or its unit (`(50) bps`, `(12) days`, `(12) USD`, `(3) yen`).
_BRACKETED_LIST_NUMBER = re.compile(r"\(\d{1,2}\)")
_WORD_AFTER = re.compile(r"\s*[A-Za-z]")
_UNIT_AFTER = re.compile(rf"\s*(?:{_MEASURE_UNITS}|basis|times|days?|weeks?|months?|years?|hours?)\b", re.I)
_FOOTNOTE_SIGNS = ("*", "※")
_EMPHASIS_CLOSE = re.compile(r"\*+(?![\d*])")


def is_mark(line: str, a: Amount) -> bool:
    """Whether amount `a` of `line` is a list number (`-3. Cost ...`, `2) ...`) or a footnote
    mark (`JPY 18.75 *2`, `※1`), not a figure; a number in Markdown emphasis (`**12**`) is a
    figure."""
    return _is_list_number(line, a) or _is_footnote_mark(line, a)


def _mark_sized(a: Amount) -> bool:
    """Whether `a` could be a mark: one or two bare digits, no currency or percent."""
    return not (a.currency or a.percent) and bool(_MARK_DIGITS.fullmatch(a.raw))


def _is_list_number(line: str, a: Amount) -> bool:
    """Whether amount `a` opens `line` as a list number (`-3. Cost ...`, `2) ...`, `(1) Revenues`)."""
    if not _LIST_LEAD.fullmatch(line[: a.start]):
        return False
    if _BRACKETED_LIST_NUMBER.fullmatch(a.raw):
        after = line[a.end :]
        return bool(_WORD_AFTER.match(after)) and not (_UNIT_AFTER.match(after) or AFTER_FIGURE.match(after))
    return _mark_sized(a) and line[a.end :].startswith(_LIST_NUMBER_END)


def _is_footnote_mark(line: str, a: Amount) -> bool:
    """Whether amount `a` follows a footnote sign (`*2`, `※1`, `18.75 *1*2`) outside Markdown
    emphasis: bold opens with `**`, and a single `*` closed by a `*` run not followed by a
    digit is italics (`*9*`)."""
    if not _mark_sized(a):
        return False
    before, after = line[: a.start], line[a.end :]
    emphasis = before.endswith("**") or bool(_EMPHASIS_CLOSE.match(after))
    return before.endswith(_FOOTNOTE_SIGNS) and not emphasis


def scale_of_unit(unit: str | None) -> float:
    """Return the multiplier a unit text implies: `JPY million` gives 1e6."""
    if not unit:
        return 1.0
    for word in re.findall(r"[A-Za-z]+", unit.lower()):
        if word in _SCALE_WORDS and len(word) > 1:
            return _SCALE_WORDS[word]
    return 1.0
