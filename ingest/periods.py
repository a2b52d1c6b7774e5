"""Parse the periods IR documents write: `FY08`, `1H FY2009`, `4Q08 (09/01 ~ 09/03)`, `As of March 31, 2009`.

Every parse takes a `FiscalCalendar`: the month a fiscal year starts in and
whether a fiscal year is named by the calendar year it starts in (the IIJ
convention: `FY2008` runs from April 2008 to March 2009) or ends in (the US
convention: Apple's `fiscal 2022` runs from October 2021 to September 2022).
Quarters and halves count from the fiscal year's start, so `Q4 2022` is
October-December 2022 for a calendar-year company and January-March 2023 under
the IIJ calendar. `ingest.fiscal_calendar` reads a document's own calendar.
"""

from __future__ import annotations

import bisect
import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ingest.markup import FORMATTING_TAG

PERIOD_KINDS = ("year", "half", "quarter", "quarters", "instant")


@dataclass(frozen=True)
class FiscalCalendar:
    """How a document's fiscal years run: the month they start in and how they are named.

    `named_by_end_year` only matters when the year does not start in January:
    `FiscalCalendar(10, True)` names October 2021 - September 2022 `FY2022`,
    `FiscalCalendar(4, False)` names April 2008 - March 2009 `FY2008`.
    """

    start_month: int = 1
    named_by_end_year: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.start_month <= 12:
            raise ValueError(f"start_month must be a month number 1-12, got {self.start_month}")
        if self.start_month == 1:  # a January year is both: one name, so equal calendars compare equal
            object.__setattr__(self, "named_by_end_year", False)

    @property
    def _shift(self) -> int:
        return int(self.named_by_end_year)

    def name_of(self, start_year: int) -> int:
        """The fiscal-year number of the fiscal year that starts in `start_year`."""
        return start_year + self._shift

    def start_year_of(self, name: int) -> int:
        """The calendar year in which fiscal year `name` starts."""
        return name - self._shift

    @property
    def code(self) -> str:
        """A short stored form: `4` (named by start year) or `10e` (named by end year)."""
        return f"{self.start_month}{'e' if self._shift else ''}"

    @classmethod
    def from_code(cls, code: str) -> FiscalCalendar:
        """Read `code` back; raises ValueError on anything else."""
        ending = code.endswith("e")
        return cls(int(code[:-1] if ending else code), ending)


# The calendar of a year that is the calendar year.
CALENDAR_YEAR = FiscalCalendar(1)
# The bundled corpus's calendar (IIJ: April to March, named by the starting year); the
# default where no document is in view. Documents carry their own (`Document.calendar`).
DEFAULT_CALENDAR = FiscalCalendar(4)


@dataclass(frozen=True)
class Period:
    """A span of time a figure refers to.

    `end` is the inclusive last day; an `instant` (a balance-sheet date) has
    `start == end`. Two periods are equal when kind, start and end are equal,
    however they were written: `label` is the canonical name (`FY2008`,
    `1H FY2009`, `2Q FY2010`, `1Q-3Q FY2012`, `2009-03-31`) and is not compared.
    """

    kind: str
    start: date
    end: date
    label: str = field(compare=False)

    def __post_init__(self) -> None:
        if self.kind not in PERIOD_KINDS:
            raise ValueError(f"kind must be one of {', '.join(PERIOD_KINDS)}, got {self.kind!r}")
        if self.start > self.end:
            raise ValueError(f"start {self.start} must not be after end {self.end}")
        if self.kind == "instant" and self.start != self.end:
            raise ValueError(f"an instant must start and end on the same day, got {self.start}~{self.end}")


# A period found in text with its character span: `text[start:end]` is the mention.
Mention = tuple[Period, int, int]


# --- regex building blocks -------------------------------------------------

_MONTH_NAMES = (
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)
_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NUMBERS = {name: i for i, name in enumerate(_MONTH_ABBREVIATIONS, start=1)}
# Four-digit years are 1900-2099, which also keeps every date constructible.
_YYYY = r"(?:19|20)\d\d"
_YY = rf"(?:{_YYYY}|\d{{2}})"
# A year must not run on into letters or into a bigger number (`FY2008a`, `1Q091`, `FY2009/3`).
_YEAR_END = r"(?![A-Za-z0-9]|[.,/]\d)"
# What may sit between `1Q`/`1H` and its year: `1Q09`, `1Q FY09`, `1Q FY2009`, `Q4 2022`, `1Q'09`.
_YEAR_TAIL = rf"(?:\s?FY\s?'?|\s?fiscal\s+(?:year\s+)?|\s(?=(?:19|20)\d\d)|')?(?P<year>{_YY}){_YEAR_END}"
_TO = r"(?:[~～〜\-–]|to\b|through\b)"
_INSTANT_PREFIX = r"(?:\bas\s+(?:of|at)\s+)?(?:\b(?:the\s+)?end\s+of\s+)?"


def _month(group: str) -> str:
    """A month name or abbreviation (`Sep`, `Sept.`, `September`) captured as `group`."""
    return rf"(?P<{group}>{_MONTH_NAMES})\b\.?"


# A day may be written as an ordinal: `June 1st 2007`, `the 3rd of March 2010` (`of` only
# after an ordinal: `5 of March 2010` is no date).
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DAY_BEFORE_MONTH = r"(?P<day>\d{1,2})(?:(?:st|nd|rd|th)(?:\s+of)?)?"
# `March 31, 2009`, `Sep. 30, 2010`, `Sept 2010`, `Sep.2010` (no day means the end of that month).
_MONTH_DAY_YEAR = rf"{_month('month')}\s*(?:{_DAY},?\s*)?(?P<dyear>{_YYYY})(?!\d)"
# `FY2009`, `fiscal 2009`, `2009`, `fiscal year ending March 31, 2010`: the year a quarter or half belongs to.
_YEAR_REF = (
    rf"(?:(?:FY\s?'?|fiscal\s+(?:year\s+)?)(?P<year>{_YY}){_YEAR_END}"
    r"|(?P<cyear>(?:19|20)\d\d)(?!\d)"
    rf"|(?:fiscal\s+)?year\s+end(?:ed|ing)\s+(?:on\s+)?{_MONTH_DAY_YEAR})"
)
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "latter": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}
_MONTH_COUNTS = {"three": 3, "six": 6, "nine": 9, "twelve": 12}
# Words allowed between a label and the month range that spells it out: `FY10 Initial Target (10/4~11/3)`.
_LABEL_RANGE_GAP = re.compile(r"(?: *[A-Za-z][A-Za-z.]*){0,3} *")
_BARE_YEAR = re.compile(r"(?<![\w.,/$¥€£+\-])(?P<cyear>(?:19|20)\d\d)(?![\w%]|[.,/\-]\d)")


# --- month arithmetic ------------------------------------------------------
# A month is an index `year * 12 + month - 1`, so spans of months are plain integer ranges.


def _month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def _first_day(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _last_day(index: int) -> date:
    year, month = index // 12, index % 12 + 1
    return date(year, month, monthrange(year, month)[1])


def _fiscal_year_of(index: int, calendar: FiscalCalendar) -> int:
    """The fiscal-year number (as the calendar names it) of the year that contains month `index`."""
    return calendar.name_of((index - (calendar.start_month - 1)) // 12)


def full_year(digits: str) -> int:
    """`2008` stays; two digits 00-69 mean 2000-2069 and 70-99 mean 1970-1999."""
    year = int(digits)
    if len(digits) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _month_number(text: str) -> int:
    """`3`, `03`, `Mar`, `Sept.` or `March` to 3."""
    return int(text) if text.isdigit() else _MONTH_NUMBERS[text[:3].title()]


# --- building periods ------------------------------------------------------


def _fiscal_name(first: int, last: int, calendar: FiscalCalendar) -> tuple[str, str] | None:
    """Kind and label when months `first..last` are whole fiscal quarters of one fiscal year."""
    offset, count = first - (calendar.start_month - 1), last - first + 1
    if offset % 3 or count % 3:
        return None
    start_year, q_first = divmod(offset // 3, 4)
    fiscal_year = calendar.name_of(start_year)
    q_first += 1
    q_last = q_first + count // 3 - 1
    if q_last > 4:
        return None
    if q_first == 1 and q_last == 4:
        return "year", f"FY{fiscal_year}"
    if q_last == q_first + 1 and q_first in (1, 3):
        return "half", f"{(q_first + 1) // 2}H FY{fiscal_year}"
    if q_first == q_last:
        return "quarter", f"{q_first}Q FY{fiscal_year}"
    return "quarters", f"{q_first}Q-{q_last}Q FY{fiscal_year}"


def _months_period(
    first: int, last: int, calendar: FiscalCalendar, start: date | None = None, end: date | None = None
) -> Period:
    """The period covering months `first..last`, named by fiscal quarters when it is made of them.

    `start`/`end` override the calendar dates for 52/53-week reporters whose
    quarters end near, not on, a month end. A span that is not whole quarters of
    one fiscal year is a `year` if twelve months long, else `quarters`, and is
    labelled by its dates (`2009-01-01~2009-06-30`).
    """
    start = start or _first_day(first)
    end = end or _last_day(last)
    named = _fiscal_name(first, last, calendar)
    if named is None:
        kind = "year" if last - first == 11 else "quarters"
        return Period(kind, start, end, f"{start.isoformat()}~{end.isoformat()}")
    return Period(named[0], start, end, named[1])


def _fiscal_quarters(fiscal_year: int, q_first: int, q_last: int, calendar: FiscalCalendar) -> Period:
    """Quarters `q_first..q_last` of `fiscal_year`: (1, 4) is the year, (1, 2) the first half."""
    first = _month_index(calendar.start_year_of(fiscal_year), calendar.start_month) + (q_first - 1) * 3
    return _months_period(first, first + (q_last - q_first + 1) * 3 - 1, calendar)


def _instant(day: date) -> Period:
    return Period("instant", day, day, day.isoformat())


def _date_of(m: re.Match[str]) -> date | None:
    """The date in groups `dyear`, `month` and optional `day`; no day means the month's last day."""
    month = _month_number(m["month"])
    if not 1 <= month <= 12:
        return None
    if m["day"] is None:
        return _last_day(_month_index(int(m["dyear"]), month))
    try:
        return date(int(m["dyear"]), month, int(m["day"]))
    except ValueError:
        return None


# --- one builder per pattern: match and fiscal start month to a Period, or None ---


def _build_fiscal_year(m: re.Match[str], calendar: FiscalCalendar) -> Period:
    """`FY08`, `FY 2008`, `fiscal 2008`, `fiscal year 2008`."""
    return _fiscal_quarters(full_year(m["year"]), 1, 4, calendar)


def _build_fiscal_year_ending(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`FY2009/3`: the twelve months ending March 2009."""
    month = int(m["month"])
    if not 1 <= month <= 12:
        return None
    last = _month_index(int(m["dyear"]), month)
    return _months_period(last - 11, last, calendar)


def _build_half(m: re.Match[str], calendar: FiscalCalendar) -> Period:
    """`1H09`, `1H FY2009`, `H2 2009`."""
    half = int(m["h"] or m["h2"])
    return _fiscal_quarters(full_year(m["year"]), 2 * half - 1, 2 * half, calendar)


def _build_quarter(m: re.Match[str], calendar: FiscalCalendar) -> Period:
    """`2Q10`, `2Q FY2010`, `Q4 2022`."""
    quarter = int(m["q"] or m["q2"])
    return _fiscal_quarters(full_year(m["year"]), quarter, quarter, calendar)


def _build_quarter_run(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`1Q-3Q FY12`, `Q1-Q3 2012`."""
    q_first, q_last = int(m["q"] or m["q2"]), int(m["q_last"] or m["q2_last"])
    if q_last < q_first:
        return None
    return _fiscal_quarters(full_year(m["year"]), q_first, q_last, calendar)


def _build_months_to_date(m: re.Match[str], calendar: FiscalCalendar) -> Period:
    """`9M FY12` (the first three quarters), `6M FY12` (the first half)."""
    return _fiscal_quarters(full_year(m["year"]), 1, int(m["n"]) // 3, calendar)


def _year_ref(m: re.Match[str], calendar: FiscalCalendar) -> int | None:
    """The fiscal-year number a `_YEAR_REF` match names (`FY2009`, `2009`, `year ending March 2010`)."""
    if m["year"]:
        return full_year(m["year"])
    if m["cyear"]:
        return int(m["cyear"])
    ending = _date_of(m)
    return None if ending is None else _fiscal_year_of(_month_index(ending.year, ending.month), calendar)


def _build_first_months(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`first nine months of fiscal 2023`, `first six months of 2023`: the year to date."""
    months = _MONTH_COUNTS.get(m["n"].lower()) or int(m["n"])
    fiscal_year = _year_ref(m, calendar)
    if fiscal_year is None:
        return None
    return _fiscal_quarters(fiscal_year, 1, months // 3, calendar)


def _build_ordinal(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`first half of FY2009`, `2nd Quarter FY2009`, `second quarter of fiscal year ending March 2010`."""
    number = _ORDINALS[m["ord"].lower()]
    fiscal_year = _year_ref(m, calendar)
    if fiscal_year is None:
        return None
    if m["unit"].lower() == "quarter":
        return _fiscal_quarters(fiscal_year, number, number, calendar)
    if number > 2:
        return None
    return _fiscal_quarters(fiscal_year, 2 * number - 1, 2 * number, calendar)


def _build_ended(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`Six Months Ended September 30, 2009`, `Year ended March 31, 2009`, `quarter ended June 24, 2023`."""
    if m["n"]:
        months = _MONTH_COUNTS.get(m["n"].lower()) or int(m["n"])
    else:
        months = 12 if m["fiscal_year"] else 3 if m["quarter"] else 6
    end = _date_of(m)
    if end is None:
        return None
    last = _month_index(end.year, end.month)
    if end == _last_day(last):
        return _months_period(last - months + 1, last, calendar)
    # 52/53-week reporters end a quarter on a weekday near the month end: name the nearest
    # month-end period but keep the real days (13 weeks a quarter).
    if end.day < 15:
        last -= 1
    start = end - timedelta(weeks=13 * months // 3) + timedelta(days=1)
    return _months_period(last - months + 1, last, calendar, start, end)


def _build_month_range(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`(08/4 ~ 09/03)` (YY/M~YY/M), `Apr-Dec 2012`, `(Apr. 2012 -Dec. 2012)`."""
    month_first, month_last = _month_number(m["m1"]), _month_number(m["m2"])
    if not (1 <= month_first <= 12 and 1 <= month_last <= 12):
        return None
    year_last = full_year(m["y2"])
    # `Apr-Dec 2012` writes the year once; `Oct-Mar 2013` starts in the year before.
    year_first = year_last if month_first <= month_last else year_last - 1
    if m["y1"]:
        year_first = full_year(m["y1"])
    first, last = _month_index(year_first, month_first), _month_index(year_last, month_last)
    if last < first:
        return None
    return _months_period(first, last, calendar)


def _build_months_of_year(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`(2007/4-9)`: months of one year, the year written once before them (April to September
    2007), in brackets (bare, `FY2009/3 -5.2%` is a year end and a negative figure). A range that
    runs into the next year (`2007/10-3`) names no year for its end: none."""
    month_first, month_last = _month_number(m["m1"]), _month_number(m["m2"])
    if not 1 <= month_first <= month_last <= 12:
        return None
    year = int(m["year4"])
    return _months_period(_month_index(year, month_first), _month_index(year, month_last), calendar)


def _build_date_range(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`2009-01-01~2009-06-30`, the label of a period that is not whole fiscal quarters."""
    try:
        start, end = date.fromisoformat(m["a"]), date.fromisoformat(m["b"])
    except ValueError:
        return None
    if end < start:
        return None
    first, last = _month_index(start.year, start.month), _month_index(end.year, end.month)
    return _months_period(first, last, calendar, start, end)


def _build_instant(m: re.Match[str], calendar: FiscalCalendar) -> Period | None:
    """`As of March 31, 2009`, `Sept 2010`, `end of March 2010`, `2008/3`, `2009-03-31`."""
    day = _date_of(m)
    return None if day is None else _instant(day)


_Builder = Callable[[re.Match[str], int], Period | None]


def _pattern(regex: str) -> re.Pattern[str]:
    return re.compile(regex, re.IGNORECASE)


# Order breaks ties between matches of equal length: more specific patterns first.
_PATTERNS: list[tuple[re.Pattern[str], _Builder]] = [
    (
        _pattern(
            r"\b(?:(?P<q>[1-4])Q\s?[-–~]\s?(?P<q_last>[1-4])Q|Q(?P<q2>[1-4])\s?[-–~]\s?Q(?P<q2_last>[1-4]))"
            + _YEAR_TAIL
        ),
        _build_quarter_run,
    ),
    (_pattern(rf"\b(?P<n>6|9)M{_YEAR_TAIL}"), _build_months_to_date),
    (_pattern(rf"\b(?:(?P<h>[12])H|H(?P<h2>[12])){_YEAR_TAIL}"), _build_half),
    (_pattern(rf"\b(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4])){_YEAR_TAIL}"), _build_quarter),
    (
        _pattern(
            rf"\b(?P<ord>{'|'.join(_ORDINALS)})\s+(?P<unit>half|quarter)\s+(?:of\s+)?(?:the\s+)?{_YEAR_REF}"
        ),
        _build_ordinal,
    ),
    (
        _pattern(rf"\bfirst\s+(?P<n>three|six|nine|3|6|9)\s+months\s+(?:of\s+)?(?:the\s+)?{_YEAR_REF}"),
        _build_first_months,
    ),
    (_pattern(rf"\bFY\s?(?P<dyear>{_YYYY})/(?P<month>\d{{1,2}})(?![\d/])"), _build_fiscal_year_ending),
    (_pattern(rf"\b(?:FY\s?'?|fiscal\s+(?:year\s+)?)(?P<year>{_YY}){_YEAR_END}"), _build_fiscal_year),
    (
        _pattern(
            r"\b(?:(?P<fiscal_year>(?:fiscal\s+)?years?)"
            r"|(?P<n>three|six|nine|twelve|3|6|9|12)[-\s]?months?(?:\s+periods?)?"
            r"|(?P<quarter>(?:fiscal\s+)?quarters?)|(?P<half>half[-\s]years?|(?:fiscal\s+)?half))"
            rf"\s+end(?:ed|ing)\s+(?:on\s+)?{_MONTH_DAY_YEAR}"
        ),
        _build_ended,
    ),
    (
        _pattern(
            rf"(?P<open>\(\s*)?(?<![\d/.])(?P<y1>{_YY})/(?P<m1>\d{{1,2}})\s*"
            rf"{_TO}\s*(?P<y2>{_YY})/(?P<m2>\d{{1,2}})(?![\d/])(?(open)\s*\))"
        ),
        _build_month_range,
    ),
    (
        _pattern(rf"\(\s*(?P<year4>{_YYYY})/(?P<m1>\d{{1,2}})\s*[~～〜\-–]\s*(?P<m2>\d{{1,2}})\s*\)"),
        _build_months_of_year,
    ),
    (
        _pattern(
            rf"(?P<open>\(\s*)?\b{_month('m1')}\s*(?:(?P<y1>{_YYYY})\s*)?{_TO}\s*{_month('m2')}"
            rf"\s*(?P<y2>{_YYYY})(?!\d)(?(open)\s*\))"
        ),
        _build_month_range,
    ),
    (
        _pattern(rf"(?<![\d-])(?P<a>{_YYYY}-\d\d-\d\d)\s*~\s*(?P<b>{_YYYY}-\d\d-\d\d)(?!\d)"),
        _build_date_range,
    ),
    (_pattern(rf"{_INSTANT_PREFIX}\b{_MONTH_DAY_YEAR}"), _build_instant),
    (
        _pattern(rf"{_INSTANT_PREFIX}\b{_DAY_BEFORE_MONTH}\s+{_month('month')},?\s+(?P<dyear>{_YYYY})(?!\d)"),
        _build_instant,
    ),
    (
        _pattern(
            rf"{_INSTANT_PREFIX}(?<![\d/.,])(?P<dyear>(?:19|20)\d\d)/(?P<month>\d{{1,2}})"
            r"(?:/(?P<day>\d{1,2}))?(?![\d/])"
        ),
        _build_instant,
    ),
    (
        _pattern(rf"{_INSTANT_PREFIX}(?<![\d-])(?P<dyear>{_YYYY})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?!\d)"),
        _build_instant,
    ),
]


# --- public API ------------------------------------------------------------


def _blank_tags(text: str) -> str:
    """Replace formatting tags (`<i>`, `</p>`) with spaces of the same length so offsets still hold."""
    return FORMATTING_TAG.sub(lambda m: " " * len(m.group()), text)


def _candidates(text: str, calendar: FiscalCalendar) -> list[Mention]:
    """Every match of every pattern, overlapping freely."""
    found = []
    for regex, build in _PATTERNS:
        for m in regex.finditer(text):
            period = build(m, calendar)
            if period is not None:
                found.append((period, m.start(), m.end()))
    return found


def _longest_first(candidates: list[Mention]) -> list[Mention]:
    """Keep the longest matches that do not overlap, in text order.

    The kept spans never overlap each other, so a candidate need only be checked against
    its neighbours in start order (a bisect), which keeps long documents linear-logarithmic.
    """
    starts: list[int] = []
    chosen: list[Mention] = []  # in start order, parallel to `starts`
    for cand in sorted(candidates, key=lambda c: (c[1] - c[2], c[1])):
        at = bisect.bisect_left(starts, cand[1])
        before_ok = at == 0 or chosen[at - 1][2] <= cand[1]
        after_ok = at == len(chosen) or cand[2] <= chosen[at][1]
        if before_ok and after_ok:
            starts.insert(at, cand[1])
            chosen.insert(at, cand)
    return chosen


def _join_label_and_range(text: str, mentions: list[Mention]) -> list[Mention]:
    """Join `FY07 Actual` and the `(08/4 ~ 09/3)` after it into one mention.

    The explicit month range wins when it contradicts the label: the corpus has
    `FY07 Actual (08/4 ~ 09/3)` where the range, not the label, is right.
    """
    joined: list[Mention] = []
    for period, start, end in mentions:
        if joined and text[start] == "(" and period.kind != "instant":
            previous, previous_start, previous_end = joined[-1]
            if previous.kind != "instant" and _LABEL_RANGE_GAP.fullmatch(text, previous_end, start):
                joined[-1] = (period, previous_start, end)
                continue
        joined.append((period, start, end))
    return joined


def labelled_ranges(text: str) -> list[tuple[Period, Period]]:
    """Each period label spelled out by the month range after it: `FY10 Target (10/4~11/3)`.

    Returns `(label, range)` pairs with the label read under `DEFAULT_CALENDAR`
    (only its kind and canonical name are meaningful) and the range's own dates,
    which say how the document's fiscal year runs.
    """
    blanked = _blank_tags(text)
    pairs = []
    mentions = _longest_first(_candidates(blanked, DEFAULT_CALENDAR))
    for (label, _, label_end), (span, start, _) in zip(mentions, mentions[1:], strict=False):
        if blanked[start] != "(" or "instant" in (label.kind, span.kind):
            continue
        if _LABEL_RANGE_GAP.fullmatch(blanked, label_end, start):
            pairs.append((label, span))
    return pairs


def find_periods(text: str, calendar: FiscalCalendar = DEFAULT_CALENDAR) -> list[Mention]:
    """Find every period mentioned in running text.

    Args:
        text: Text as stored; HTML formatting tags are skipped without shifting offsets.
        calendar: how the document's fiscal years run and are named.

    Returns:
        `(period, start, end)` for each mention, left to right and non-overlapping,
        preferring the longest; `text[start:end]` is the mention. A bare year
        (`2022`) is too ambiguous in prose and is not reported here.
    """
    blanked = _blank_tags(text)
    return _join_label_and_range(blanked, _longest_first(_candidates(blanked, calendar)))


def parse_period(text: str, calendar: FiscalCalendar = DEFAULT_CALENDAR) -> Period | None:
    """Parse one period label, such as a column header, ignoring the words around it.

    Args:
        text: A label like `FY08`, `1H FY2009`, `FY08 (08/4 ~ 09/03)`, `As of March 31, 2009`,
            or a bare year column header `2022` (the fiscal year ending in that calendar year;
            read only when it is the sole number in the text).
        calendar: how the document's fiscal years run and are named.

    Returns:
        The first period found, or None when the text names none (`1,272`, `100%`).
    """
    mentions = find_periods(text, calendar)
    if mentions:
        return mentions[0][0]
    blanked = _blank_tags(text)
    bare = _BARE_YEAR.search(blanked)
    # A year among other numbers (`February 30, 2009`) is part of something this module cannot read.
    if bare is None or any(ch.isdigit() for ch in blanked[: bare.start()] + blanked[bare.end() :]):
        return None
    year = int(bare["cyear"])
    start = calendar.start_month
    last = _month_index(year, start - 1) if start > 1 else _month_index(year, 12)
    return _fiscal_quarters(_fiscal_year_of(last, calendar), 1, 4, calendar)


def period_matches(query: Period, candidate: Period) -> bool:
    """Return True when `query` and `candidate` name the same period.

    They match when they cover the same days (so an instant matches an instant on
    the same date, and `FY08` never matches `FY07`, `1H09` or `1Q-3Q FY08`), or
    when they share kind and canonical label, so that a 52/53-week quarter
    (`Three Months Ended June 24, 2023`) matches the quarter it is reported as.
    """
    if (query.start, query.end) == (candidate.start, candidate.end):
        return True
    return query.kind == candidate.kind and query.label == candidate.label


_SPLIT_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*/\s*((?:19|20)\d\d)\b")
_GLUED_MONTH = re.compile(r"\b((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)(\d)")
_YEAR_IN_HEADER = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?![\d,])")


def _year_end(year: int, calendar: FiscalCalendar) -> date:
    """Last day of a fiscal year that ends in `year`."""
    if calendar.start_month == 1:
        return date(year, 12, 31)
    return date(year, calendar.start_month, 1) - timedelta(days=1)


def parse_column_period(column: str, calendar: FiscalCalendar = DEFAULT_CALENDAR) -> Period | None:
    """The period a table column header names, read leniently.

    Besides everything `parse_period` reads: `December31, 2019` (glued month),
    `2018/2019` (the year ending in 2019) and `2019 US$'000` (a year with unit words).
    """
    if not column:
        return None
    column = _GLUED_MONTH.sub(r"\1 \2", column)  # `December31, 2019`
    period = parse_period(column, calendar)
    if period is not None:
        return period
    m = _SPLIT_YEAR.search(column)
    if m:
        first, last = int(m.group(1)), int(m.group(2))
        return Period(
            "year", date(first, calendar.start_month, 1), _year_end(last, calendar), f"{first}/{last}"
        )
    years = _YEAR_IN_HEADER.findall(column)
    # `2019 US$'000`: a year with unit words is still that year's column.
    return parse_period(years[0], calendar) if len(years) == 1 else None
