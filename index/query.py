"""Query analysis: periods, metric terms, qualifiers and document hints of a question."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from index.change_words import basis, direction
from index.financial_tokenizer import STOPWORDS, tokenize
from ingest.currencies import currencies_in
from ingest.numbers import find_amounts
from ingest.periods import DEFAULT_CALENDAR, FiscalCalendar, Period, find_periods, full_year, period_matches

QUESTION_WORDS = frozenset(
    tokenize(
        "tell me show give find list number count amount figure value per according as of end at "
        "get got out does did can much many deck presentation slides document filing company companys "
        "respectively respective compared compare versus vs between against"
    )
)
# Words that say which column or which kind of figure, not which metric.
QUALIFIERS: dict[str, frozenset[str]] = {
    "target": frozenset(
        tokenize("target targets forecast forecasts plan planned guidance outlook expected goal goals")
    ),
    "actual": frozenset(tokenize("actual actuals result results")),
    "revised": frozenset(tokenize("revised revision")),
    "initial": frozenset(tokenize("initial original")),
    "change": frozenset(tokenize("yoy qoq growth change increase decrease")),
    "percent": frozenset(tokenize("percent percentage ratio rate")),
    "per_share": frozenset(),
}
_UNIT_WORDS = frozenset(
    tokenize("jpy yen usd dollars mn bn million millions billion billions thousand thousands")
)
# Words that say what kind of figure or which unit is asked, not which metric.
_QUALIFIER_AND_UNIT_WORDS = frozenset().union(*QUALIFIERS.values()) | _UNIT_WORDS
_PER_SHARE = re.compile(r"\bper\s+(?:share|ads)\b", re.I)
# A change named in words the tokens split: `year over year`, `year-on-year`, `y/y`.
CHANGE_PHRASE = re.compile(r"\byear[\s-]+(?:over|on)[\s-]+year\b|\by/y\b", re.I)
# A change asked with grow, rise, fall or decline in any form (`how much did sales grow`,
# `revenue fell`); other verbs (`drop`, `shrink`) are not read. Not when the verb names a level
# or a line item: `grow to`, `decline to hire`, `falling due`, `give rise to`, `decline in
# value`, the `fall/winter` season.
# The verbs of a change in every form, as an alternation (a passage figure right after one is a
# change too: `index.answering.candidates`).
CHANGE_VERB_FORMS = (
    "grow|grows|grew|grown|growing|rise|rises|rose|risen|rising|fall|falls|fell|fallen|falling"
    "|decline|declines|declined|declining"
)
_CHANGE_VERB = re.compile(
    r"(?<!\bgive\s)(?<!\bgives\s)(?<!\bgiven\s)(?<!\bgiving\s)"
    rf"\b(?:{CHANGE_VERB_FORMS})\b"
    r"(?!\s*/|\s+(?:to|due|within|under|short|in\s+value|and\s+winter|season)\b)",
    re.I,
)
_BARE_YEAR = re.compile(r"(?<![\d,.])(?:19|20)\d\d(?!\d|,\d)")
# A year in a debt instrument's name (`Notes due 2029`, `bonds maturing in 2031`, `the 2029
# Notes`) names the instrument, not a period asked about; `payments due in 2024` asks for 2024.
_INSTRUMENT_YEAR = re.compile(
    r"\b(?:notes?|bonds?|debentures?|loans?)\s+(?:due|maturing)\s+(?:in\s+)?(?P<a>(?:19|20)\d\d)\b"
    r"|\b(?P<b>(?:19|20)\d\d)\s+(?:senior\s+)?(?:notes?|bonds?|debentures?)\b",
    re.I,
)
# `in the July 2009 deck`: a period that names a document, not the figure's period.
_DOC_HINT = re.compile(
    r"\b(?:in|per|from|according to)\s+the\s+(?P<when>[\w.,\s]{3,30}?)\s+"
    r"(?:deck|presentation|release|report|filing|document|slides)\b",
    re.I,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
_MONTH = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?![a-z])", re.I)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d])")
_NUMERIC_DATE = re.compile(r"\b((?:19|20)\d\d)[./-](\d{1,2})[./-]\d{1,2}\b")
_WHICH_PERIOD = re.compile(
    r"\b(?:which|what)\s+(?:fiscal\s+|financial\s+)?(?:year|period|fy|quarter)s?\b", re.I
)
_WHICH_PERIODS = re.compile(r"\b(?:which|what)\s+(?:fiscal\s+|financial\s+)?(?:years|periods)\b", re.I)
_YEARS_IN_TABLE = re.compile(
    r"\b(?:years|periods)\b.*\b(?:included|shown|reported|listed|provided?|covered)\b", re.I
)
_NEGATIVE = re.compile(r"\bnegative\b", re.I)
_MOST = re.compile(
    r"\b(?:larger|largest|higher|highest|greater|greatest|more|most|bigger|biggest|maximum)\b", re.I
)
_LEAST = re.compile(r"\b(?:lower|lowest|smaller|smallest|less|least|fewer|minimum)\b", re.I)
_THRESHOLD = re.compile(
    r"\b(?P<op>less than|lower than|below|under|more than|greater than|higher than|above|over"
    r"|exceed(?:ed|s)?)\s*"
    r"(?P<num>[$€£¥]?\s?[-−(]?\s?[$€£¥]?\s?[-−]?\d[\d,]*(?:\.\d+)?)",
    re.I,
)
_COMPARISON_WORDS = frozenset(
    tokenize(
        "year years fy period quarter financial than larger largest higher "
        "highest greater greatest more most bigger biggest maximum lower lowest "
        "smaller smallest less least fewer minimum below under above over "
        "exceed exceeded exceeds amount calculated recorded reported shown included listed provide "
        "provided information table negative"
    )
)
# Two periods set against each other, each written where `_PERIOD_MARK` stands: `2019 vs 2018`,
# `FY08 compared with FY07`, `in 2019 from 2018`, `from 2018 to 2019`, `between March 31 and
# September 30, 2009`. A change asked so is one figure (the change into the later period), not a
# figure per period; `in 2018 and 2019` and `from 2017 to 2019 respectively` ask a figure per period.
_PERIOD_MARK = "§"
# The words that set a period against the one before them (`2019 vs 2018`, `Change vs FY22`); the
# answer layer reads the same words in a change column's header (`index.answering.candidates`).
PERIOD_COMPARED_BY = r"vs\.?|versus|compared\s+(?:to|with)|against|relative\s+to|over|from"
_THE_PERIOD = rf"(?:the\s+)?(?:same\s+period\s+(?:of|in)\s+)?(?:fiscal\s+(?:year\s+)?)?{_PERIOD_MARK}"
_COMPARED = re.compile(
    rf"{_PERIOD_MARK}\s*,?\s*(?:{PERIOD_COMPARED_BY})\s*"
    rf"{_THE_PERIOD}"
    rf"|\bfrom\s+{_THE_PERIOD}\s*(?:to|until|through)\s+{_THE_PERIOD}(?!\s*,?\s*respectively)"
    rf"|\bbetween\s+{_THE_PERIOD}\s*and\s+{_THE_PERIOD}",
    re.I,
)
# A range of years (`2017 to 2019`, `FY2017-FY2019`, `FY19 to FY21`, `fiscal 2019 through 2017`)
# asks each year it passes; not a fiscal year written across two years (`2019-20`), nor a
# plan, programme or award named by its years (`the 2018-2020 LTIP`, `2019-2021 strategic plan`).
_RANGE_END = r"(?:FY\s?'?(?P<{y}s>\d\d)|(?:FY\s?|fiscal\s+(?:year\s+)?)?(?P<{y}>(?:19|20)\d\d))"
_YEAR_RANGE = re.compile(
    rf"(?<![\w.,/$])(?P<a>{_RANGE_END.format(y='y1')})\s*(?:to|through|thru|until|[-–~])\s*"
    rf"(?P<b>{_RANGE_END.format(y='y2')})(?![\w%]|[.,/]\d)"
    r"(?!\s+(?:(?:LTIP|STIP|LTI|PSP|ESPP|RSU|PSU)s?\b|long[\s-]term\s+incentive\b"
    r"|(?:strategic\s+|business\s+|incentive\s+)?plans?\b|programmes?\b|programs?\b"
    r"|cycles?\b|performance\b|awards?\b|grants?\b))",
    re.I,
)
# The most years a range is read as, one by one: a five-year summary table's.
MAX_RANGE_YEARS = 5
_WHEN = re.compile(r"^\s*(?:when|what date|on what date|which date)\b", re.I)
# Where a question names the date it asks for. A date asked through a preposition anywhere
# (`by what date must …`, `as of which date`); after the question word, within a few words
# (`What is the maturity date of …`, `What's the date the merger closed`); or, in a query
# written as keywords, wherever `date` heads the asked phrase (`interim dividend payment start
# date`, `record date for the special dividend`). A sentence question asks what its question
# word asks (`How many shares … as of the record date?` asks a count).
_DATE_ASKED_AFTER_PREPOSITION = re.compile(
    r"\b(?:by|from|until|till|up\s+to|as\s+of|at|on|since|before|after)\s+(?:what|which)\s+"
    r"(?:[\w'-]+\s+){0,2}dates?\b",
    re.I,
)
# What may follow `date` when it heads the asked phrase: the end, a preposition, a verb or a
# relative clause, not a word it modifies (`grant date fair value`).
_AFTER_HEAD = (
    r"(?=\s*(?:[?.!]|$)|\s+(?:of|for|on|at|in|by|did|does|do|was|is|were|will|would|be|has|had|must|can"
    r"|should|when|that|which|the|and|or)\b|\s*,)"
)
# Between the question word or request (`What is`, `Tell me`, `State`) and `date`: up to five
# words naming it, none a preposition (`What was revenue to date?`, `What is the fair value at
# grant date?` ask figures), two names joined by `and` before `dates` (`the record and payment dates`).
_NAMING_WORD = (
    r"(?!(?:on|at|as|of|to|from|since|by|in|between|and|until|after|before|through|with|upon|following"
    r"|during|under|prior|due|per|for)\b)(?:[\w'.-]+\s+and\s+(?=[\w'.-]+\s+dates\b))?[\w'.-]+\s+"
)
_DATE_AFTER_QUESTION_WORD = re.compile(
    r"^\s*(?:(?:what|which)(?:'s|\s+(?:is|was|are|were|will|would|has\s+been|had\s+been))?"
    r"|(?:please\s+)?(?:(?:could|can|would)\s+you\s+)?(?:tell\s+me|give|state|provide|list|show|report)(?:\s+me)?)\s+"
    rf"(?:(?:the|its|their|this|that)\s+)?(?:{_NAMING_WORD}){{0,5}}?dates?\b{_AFTER_HEAD}",
    re.I,
)
_DATE_HEAD = re.compile(rf"\bdates?\b{_AFTER_HEAD}", re.I)
# A sentence question opens with a question word or a verb; a keyword query does not.
_SENTENCE_QUESTION = re.compile(
    r"^\s*(?:what|which|who|whom|whose|where|why|how|when|did|does|do|is|was|were|are|can|could|will|would"
    r"|should|has|have|had|(?:state|report|provide|give|list|show|tell)\s+(?:me|us|the|all|a|an)\b)\b",
    re.I,
)
# A date a keyword query is set at is when, not what: `share price on the record date`,
# `cash as of the date of the report`, `revenue to date`, `year-to-date`.
_DATE_SET = re.compile(
    r"\b(?:on|as\s+of|at|since|until|through|by|after|before|from|up\s+to)\s+"
    r"(?:(?:the|its|their|this|that|each|an?)\s+)?(?:(?!what\b|which\b)[\w'-]+\s+){0,2}dates?\b"
    r"|\bto[\s-]dates?\b",
    re.I,
)


@dataclass(frozen=True)
class QueryAnalysis:
    """What a question asks for.

    `terms` are all content tokens; `metric_terms` drop qualifier and unit words
    (`target`, `JPY`, `mn`) and name the metric or entity alone.
    """

    text: str
    periods: tuple[Period, ...]
    terms: tuple[str, ...]
    metric_terms: tuple[str, ...] = ()
    qualifiers: frozenset[str] = frozenset()
    asks_date: bool = False
    percent: bool = False
    doc_hints: frozenset[tuple[int, int]] = frozenset()
    which_period: tuple[str, float | None] | None = None
    metric_text: str = ""
    # Periods are read under `calendar`; `period_text` is what they were read from, so that
    # `in_calendar` can read them again as a document's own calendar names them.
    calendar: FiscalCalendar = DEFAULT_CALENDAR
    period_text: str = ""
    period_choice: int | None = None  # set by `only_period`: which of the read periods is kept
    # The figures the question itself writes (`of its EUR 12.4 million of deferred costs`), as printed and
    # unsigned; periods and years are not figures.
    figures: tuple[float, ...] = ()
    # A change asked between two periods (`growth in FY08 vs FY07`): one figure, not one per period.
    compares_periods: bool = False
    # How an asked change is said: against a year before or the quarter before (`year` or
    # `quarter`, `index.change_words.basis`), and its direction (+1 a rise, -1 a fall, 0 either).
    change_basis: str | None = None
    change_direction: int = 0

    @property
    def currencies(self) -> frozenset[str]:
        """The codes of the currencies the question names, read once per question text (every
        candidate is checked against them, and each document's calendar makes a new analysis)."""
        return _currencies_of(self.text)

    def in_calendar(self, calendar: FiscalCalendar) -> QueryAnalysis:
        """The same question with its periods read under a document's calendar.

        `Q1 2023` is January-March 2023 for a calendar-year company and
        October-December 2022 for one whose fiscal year ends in September.
        """
        if calendar == self.calendar:
            return self
        periods = _query_periods(self.period_text, calendar)
        if self.period_choice is not None:
            periods = periods[self.period_choice : self.period_choice + 1]
        return replace(self, periods=periods, calendar=calendar)

    def only_period(self, index: int) -> QueryAnalysis:
        """The question asking for its `index`-th period alone (one part of a multi-period answer)."""
        return replace(self, periods=(self.periods[index],), period_choice=index)


# Period labels that reports also write compactly, as the label tokenizes: a fiscal year, half or
# quarter, or the quarters of a year to date (`FY16`, `2H16`, `3Q16`, `1Q-3Q FY16`). Dates and
# spans named otherwise (`2016-01-01~2016-06-30`, `2Q-3Q FY2016`) are not words a report uses.
# A year to date tokenizes into `1`, `q` and its last quarter's token, which also matches that
# quarter alone; kept, because held out it helped (reranker recall@1 / @5 on the training
# questions 0.644 / 0.850 without it, 0.648 / 0.857 with it, 2026-12-05), and the period features
# of the reranker tell the two apart. (`ingest.fiscal_calendar` reads such labels for another
# purpose: how a document names its years.)
_COMPACT_LABEL = re.compile(r"^(?:[1-4][QH] |1Q-[2-4]Q )?FY\d{4}$")


def period_spellings(q: QueryAnalysis, calendars: Iterable[FiscalCalendar]) -> list[str]:
    """The question's periods as each calendar names them compactly, each once, for the lexical
    search: a report writes `FY16` or `2H16` where a question writes `the fiscal year ended June
    30, 2016` or `January-June 2016`, and BM25 matches words, not periods. Spellings whose words
    the question already has are left out."""
    have = set(tokenize(q.text))
    out: list[str] = []
    for calendar in calendars:
        for period in q.in_calendar(calendar).periods:
            words = tokenize(period.label)
            if _COMPACT_LABEL.match(period.label) and not have.issuperset(words):
                have.update(words)
                out.append(period.label)
    return out


def analyse_query(text: str, calendar: FiscalCalendar = DEFAULT_CALENDAR) -> QueryAnalysis:
    """Find the periods a question names (read under `calendar`), its metric words and qualifiers."""
    hints: set[tuple[int, int]] = set()
    hint = _DOC_HINT.search(text)
    if hint:
        hints = month_years(hint.group("when"))
        if hints:
            text_for_periods = (
                text[: hint.start("when")] + " " * len(hint.group("when")) + text[hint.end("when") :]
            )
        else:
            text_for_periods = text
    else:
        text_for_periods = text
    periods = _query_periods(text_for_periods, calendar)
    rest = _without_periods(text_for_periods)
    terms = [t for t in tokenize(rest) if t not in STOPWORDS and t not in QUESTION_WORDS]
    terms = list(dict.fromkeys(terms))
    qualifiers = {name for name, words in QUALIFIERS.items() if words & set(terms)}
    if _PER_SHARE.search(text):
        qualifiers.add("per_share")
    change_words = _change_said(rest)
    if change_words:
        qualifiers.add("change")
    percent = "%" in text or bool(QUALIFIERS["percent"] & set(terms))
    which = _which_period(text)
    if which:
        terms = [t for t in terms if t not in _COMPARISON_WORDS and not re.fullmatch(r"[\d.,]+%?", t)]
    not_metric = _QUALIFIER_AND_UNIT_WORDS | change_words
    metric = [t for t in terms if t not in not_metric] or terms
    return QueryAnalysis(
        text=text,
        periods=tuple(dict.fromkeys(periods)),
        terms=tuple(terms),
        metric_terms=tuple(metric),
        qualifiers=frozenset(qualifiers),
        asks_date=asks_date(text),
        percent=percent,
        doc_hints=frozenset(hints),
        which_period=which,
        metric_text=" ".join(rest.split()) or text,
        calendar=calendar,
        period_text=text_for_periods,
        figures=tuple(dict.fromkeys(abs(a.value) for a in find_amounts(rest) if not a.is_year)),
        compares_periods=len(periods) == 2 and "change" in qualifiers and _compares_periods(text_for_periods),
        change_basis=basis(rest),
        change_direction=direction(rest),
    )


def asks_date(text: str) -> bool:
    """Whether the question asks for a date: it opens so (`When did …`, `On what date …`),
    asks one through a preposition (`by what date`), names one right after its question word or
    request (`What is the maturity date of …`, `Tell me the record date`) or, written as
    keywords, is headed by a `date` it is not set at (`dividend payment start date`)."""
    if (
        _WHEN.match(text)
        or _DATE_ASKED_AFTER_PREPOSITION.search(text)
        or _DATE_AFTER_QUESTION_WORD.match(text)
    ):
        return True
    if _SENTENCE_QUESTION.match(text):
        return False
    set_at = [m.span() for m in _DATE_SET.finditer(text)]
    return any(not any(s <= m.start() < e for s, e in set_at) for m in _DATE_HEAD.finditer(text))


@lru_cache(maxsize=1024)
def _currencies_of(text: str) -> frozenset[str]:
    """`currencies_in` of a question, remembered."""
    return frozenset(currencies_in(text))


@lru_cache(maxsize=1024)
def _query_periods(text: str, calendar: FiscalCalendar) -> tuple[Period, ...]:
    """The periods `text` names under `calendar`, bare years (`in 2019`) last, and the years
    inside a range of years it names (`fiscal 2017 to 2019`)."""
    mentions = find_periods(text, calendar)
    periods = list(dict.fromkeys(p for p, _, _ in mentions))
    rest = text
    for _, start, end in sorted(mentions, key=lambda m: -m[1]):
        rest = rest[:start] + " " + rest[end:]
    periods.extend(_bare_years(_without_instrument_years(rest), periods))
    if not _asks_change(text):  # `growth 2017 to 2019` is one change, not a level per year
        periods = _with_years_between(text, periods, calendar)
    return tuple(dict.fromkeys(periods))


def _change_said(text: str) -> set[str]:
    """The words of the changes `text` says in phrases or verbs (`year over year`, `fell`)."""
    said = [m.group(0) for pattern in (CHANGE_PHRASE, _CHANGE_VERB) for m in pattern.finditer(text)]
    return set(tokenize(" ".join(said)))


def _asks_change(text: str) -> bool:
    """Whether `text` asks for a change as `analyse_query` reads one: a change word (`growth`)
    or a change said in a phrase or a verb (`how much did sales fall`, `year over year`)."""
    return bool(QUALIFIERS["change"] & set(tokenize(text)) or _change_said(text))


def _with_years_between(text: str, periods: list[Period], calendar: FiscalCalendar) -> list[Period]:
    """`periods` with the years a range of years in `text` passes through put between its ends,
    in the order it is written (`2019 to 2017` asks 2019, 2018 and 2017). Every year of the
    range is read as its first end is written (`fiscal 2017 to 2019` asks FY2017, FY2018 and FY2019)."""
    for m in _YEAR_RANGE.finditer(text):
        first, last = (_range_year(m, y) for y in ("y1", "y2"))
        if not 3 <= abs(last - first) + 1 <= MAX_RANGE_YEARS:
            continue
        ends = [_query_periods(m[g], calendar) for g in ("a", "b")]
        if not all(len(e) == 1 and e[0] in periods for e in ends):
            continue
        written = m["y1"] or m["y1s"]
        step = 1 if last > first else -1
        years = [
            p
            for y in range(first + step, last + step, step)
            for p in _query_periods(m["a"].replace(written, str(y)[-len(written) :]), calendar)
        ]
        periods = [p for p in periods if p != ends[1][0]]
        at = periods.index(ends[0][0]) + 1
        periods = periods[:at] + years + periods[at:]
    return periods


def _range_year(m: re.Match[str], end: str) -> int:
    """The year of a range's end `end` (`y1` or `y2`), two digits read as periods read them (`FY19`)."""
    return full_year(m[end] or m[f"{end}s"])


def _without_periods(text: str, mark: str = " ") -> str:
    """`text` with its period mentions and bare years blanked (what is left names the metric),
    or each replaced by `mark`."""
    rest = text
    for _, start, end in sorted(find_periods(text), key=lambda m: -m[1]):
        rest = rest[:start] + mark + rest[end:]
    kept = {m.start(g) for m in _INSTRUMENT_YEAR.finditer(rest) for g in ("a", "b") if m.group(g)}
    return _BARE_YEAR.sub(lambda m: m.group(0) if m.start() in kept else mark, rest)


def _without_instrument_years(text: str) -> str:
    """`text` with the years of debt instruments' names blanked (`Notes due 2029`)."""
    for m in _INSTRUMENT_YEAR.finditer(text):
        g = "a" if m.group("a") else "b"
        text = text[: m.start(g)] + "    " + text[m.end(g) :]
    return text


def _compares_periods(text: str) -> bool:
    """Whether `text` sets two periods against each other (`FY08 vs FY07`, `from 2018 to 2019`)."""
    return bool(_COMPARED.search(_without_periods(text, f" {_PERIOD_MARK} ")))


def _bare_years(text: str, periods: list[Period]) -> list[Period]:
    """Years written alone: `revenue in 2019` is the year 2019 (labelled `2019`), and in
    `as of October 31, 2019 and 2018` the 2018 is October 31, 2018."""
    instant = next((p for p in periods if p.kind == "instant"), None)
    found = []
    for m in _BARE_YEAR.finditer(text):
        year = int(m.group(0))
        if instant is not None:
            try:
                day = instant.start.replace(year=year)
            except ValueError:  # 29 February
                day = instant.start.replace(year=year, day=28)
            found.append(Period("instant", day, day, day.isoformat()))
        else:
            found.append(Period("year", date(year, 1, 1), date(year, 12, 31), m.group(0)))
    return found


def _which_period(text: str) -> tuple[str, float | None] | None:
    """`In which year was X larger?` gives ("max", None); `... less than 100` gives ("lt", 100)."""
    if not (_WHICH_PERIOD.search(text) or _YEARS_IN_TABLE.search(text)):
        return None
    threshold = _THRESHOLD.search(text)
    if threshold:
        written = threshold.group("num")
        number = float(re.sub(r"[^\d.]", "", written)) * (-1 if re.search(r"[-−(]", written) else 1)
        op = threshold.group("op").lower()
        return ("lt" if op.startswith(("less", "lower", "below", "under")) else "gt", number)
    op = superlative(text)
    if op:
        return (op, None)
    if _NEGATIVE.search(text):
        return ("neg", None)
    if _WHICH_PERIODS.search(text) or _YEARS_IN_TABLE.search(text):
        return ("all", None)
    return None


def compares_with_figure(text: str) -> bool:
    """Whether the question compares with a figure it writes (`less than 100`, `over $5`)."""
    return bool(_THRESHOLD.search(text))


def superlative(text: str) -> str | None:
    """`max` for a question after the largest of something (`highest`, `most`), `min` for the
    smallest, else None."""
    if _LEAST.search(text):
        return "min"
    if _MOST.search(text):
        return "max"
    return None


def period_fits(asked: Period, candidate: Period) -> bool:
    """Whether a figure's period is the asked one.

    A bare year in a question (`revenue in 2019`, labelled `2019`) fits the
    period a `2019` column header means, a fiscal year ending in 2019, and any
    date within 2019; every other period must match exactly.
    """
    if period_matches(asked, candidate):
        return True
    if asked.label.isdigit():
        year = int(asked.label)
        if candidate.kind == "instant":
            return candidate.start.year == year
        return candidate.kind == "year" and candidate.end.year == year
    return False


def asked_share(mentions: Counter[Period], asked: tuple[Period, ...]) -> float:
    """The share of period mentions (each period with how often it is named) that fit an
    asked period; 0 when there are none."""
    total = sum(mentions.values())
    fitting = sum(n for p, n in mentions.items() if any(period_fits(a, p) for a in asked))
    return fitting / total if total else 0.0


def fiscal_year_alias(asked: Period, candidate: Period) -> bool:
    """`FY2019` against a year that ends in 2019: the same year under the other naming
    convention (companies name fiscal years by their start or by their end year)."""
    digits = re.findall(r"\d{4}", asked.label)
    if asked.kind != "year" or candidate.kind != "year" or not digits:
        return False
    return candidate.end.year == int(digits[0]) and candidate.end < asked.end


def month_years(text: str) -> set[tuple[int, int]]:
    """The (month, year) pairs a date text names; month 0 when only a year is named.

    `July 8-9, 2009` gives {(7, 2009)}, `February and March 2013` gives
    {(2, 2013), (3, 2013)}, `2007.11.12` gives {(11, 2007)}.
    """
    found: set[tuple[int, int]] = set()
    for m in _NUMERIC_DATE.finditer(text):
        found.add((int(m.group(2)), int(m.group(1))))
    years = [int(y) for y in _YEAR.findall(text)]
    months = [_MONTHS[m.group(0)[:3].lower()] for m in _MONTH.finditer(text)]
    for year in years:
        found.update((month, year) for month in months) if months else found.add((0, year))
    return found


def hint_fits(hints: frozenset[tuple[int, int]], date_text: str) -> bool:
    """Whether a document's date text falls in a hinted month (or year)."""
    named = month_years(date_text)
    return any(h == n or (h[0] == 0 and h[1] == n[1]) for h in hints for n in named)
