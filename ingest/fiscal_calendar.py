"""Read how a document's fiscal year runs from what the document says about itself.

Two kinds of evidence, both common in filings and IR material:
- a year-end statement: `fiscal year ends on the last Saturday of September`,
  `Years ended September 24, 2022`, `Twelve Months Ended Dec 31, 2022`,
  `fiscal year ending March 31, 2010`; it gives the month the year starts in;
- a label spelled out by its months: `FY10 Target (10/4~11/3)`; it also says
  whether a fiscal year is named by the calendar year it starts or ends in.

A document that says neither (a quarterly release) is read as reporting by
calendar year, the most common case.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.periods import CALENDAR_YEAR, FiscalCalendar, Period, labelled_ranges

# Where no label says how years are named: Japanese April-to-March reporters name a
# fiscal year by the year it starts in (IIJ's FY2008 ends in March 2009); US filers
# name it by the year it ends in (Apple's fiscal 2022 ends in September 2022).
NAMED_BY_START_YEAR_MONTHS = frozenset({4})
# A 52/53-week year ending on this day of a month or earlier ends the month before
# (`Year ended October 1, 2022` closes a September year).
EARLY_YEAR_END_DAY = 14

_MONTHS = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
_YEAR_END = re.compile(
    r"\b(?:fiscal\s+years?|years?|twelve\s+months|12\s+months)\s+(?:\w+\s+){0,2}?"
    r"end(?:s|ed|ing)?\s+(?:on\s+|in\s+)?(?:the\s+last\s+\w+\s+(?:of|in)\s+)?"
    rf"{_MONTHS}(?:\s*(?P<day>\d{{1,2}})\b)?",
    re.IGNORECASE,
)
_FISCAL_LABEL = re.compile(r"^(?:(?P<n>[1-4])(?P<unit>[QH])(?:-[1-4]Q)? )?FY(?P<year>\d{4})$")


def detect_calendar(text: str) -> FiscalCalendar:
    """The fiscal calendar `text` states, or `CALENDAR_YEAR` when it states none."""
    starts: Counter[int] = Counter(_year_end_starts(text))
    namings: Counter[tuple[int, bool]] = Counter()
    for label, span in labelled_ranges(text):
        found = _calendar_of_label(label, span)
        if found is not None:
            starts[found.start_month] += 1
            namings[(found.start_month, found.named_by_end_year)] += 1
    if not starts:
        return CALENDAR_YEAR
    start_month = max(starts, key=lambda m: (starts[m], -m))
    by_end = namings[(start_month, True)]
    by_start = namings[(start_month, False)]
    if by_end == by_start:
        return FiscalCalendar(start_month, start_month not in NAMED_BY_START_YEAR_MONTHS)
    return FiscalCalendar(start_month, by_end > by_start)


def _year_end_starts(text: str) -> list[int]:
    """The start month implied by each year-end statement in `text`."""
    found = []
    for m in _YEAR_END.finditer(text):
        month = _month_number(m["month"])
        if m["day"] and int(m["day"]) <= EARLY_YEAR_END_DAY:
            month = 12 if month == 1 else month - 1
        found.append(month % 12 + 1)
    return found


def _month_number(name: str) -> int:
    abbreviations = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
    return abbreviations.index(name[:3].lower()) + 1


def _calendar_of_label(label: Period, span: Period) -> FiscalCalendar | None:
    """The calendar under which `label` (`1H FY2010`) names the months of `span`."""
    m = _FISCAL_LABEL.match(label.label)
    if m is None or label.kind != span.kind:
        return None
    position = int(m["n"] or 1) - 1
    months_in = position * (6 if m["unit"] == "H" else 3)
    first = span.start.year * 12 + span.start.month - 1 - months_in
    start_year, start_month = divmod(first, 12)
    name = int(m["year"])
    if name == start_year:
        return FiscalCalendar(start_month + 1, named_by_end_year=False)
    if name == start_year + 1 and start_month != 0:
        return FiscalCalendar(start_month + 1, named_by_end_year=True)
    return None
