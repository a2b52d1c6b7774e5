"""The times a corpus reports on: the fiscal years, halves and quarters its documents name,
merged per fiscal calendar, and the dates they name.

A question about a period no document reports on any part of (`FY2031` over filings of
2008-2013) is told so, with the nearest periods the corpus does report, instead of being
offered a figure of another period at some confidence. Coverage is generous on purpose: a
date covers its whole calendar year (a release may write its year only in dates, `December 31,
2022`, and bare years, which are not read as periods in a document's text), and a year's
target named in an older deck covers that year, so only periods the corpus never touches are
refused here; the rest is the scorer's to judge. (A bond's maturity, `July 15, 2042`, thus
covers 2042: refusing less is the side to err on.) A year written bare in a passage (`in 2021`)
is no period to the parser; the searcher checks those words before refusing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from index.query import QueryAnalysis
from ingest.periods import FiscalCalendar, Period

Span = tuple[date, date]


@dataclass(frozen=True)
class PeriodCoverage:
    """The merged spans the documents of each fiscal calendar report on."""

    spans: dict[FiscalCalendar, tuple[Span, ...]]

    @classmethod
    def of(cls, documents: Iterable[tuple[FiscalCalendar, Iterable[Period]]]) -> PeriodCoverage:
        """The coverage of documents given as (calendar, periods named)."""
        found: dict[FiscalCalendar, list[Span]] = {}
        for calendar, periods in documents:
            found.setdefault(calendar, []).extend(_reported(p) for p in periods)
        return cls({calendar: _merged(spans) for calendar, spans in found.items()})

    def uncovered(self, q: QueryAnalysis) -> list[Period]:
        """The asked periods (as the question reads them) that no document reports on any part
        of, each read under every document calendar."""
        if not any(self.spans.values()):
            return []
        missing = []
        for i, asked in enumerate(q.periods):
            readings = ((q.in_calendar(c).periods, spans) for c, spans in self.spans.items())
            if not any(i < len(ps) and _overlaps(ps[i], spans) for ps, spans in readings):
                missing.append(asked)
        return missing

    def nearest(self, period: Period) -> tuple[date | None, date | None]:
        """The last day reported on before the period and the first after it (None: none)."""
        spans = [s for per_calendar in self.spans.values() for s in per_calendar]
        before = max((end for _, end in spans if end < period.start), default=None)
        after = min((start for start, _ in spans if start > period.end), default=None)
        return before, after


def year_words(period: Period) -> list[str]:
    """The words a passage may write the period's years in, as tokenized (`2015`, `fy15`)."""
    years = range(period.start.year, period.end.year + 1)
    return [w for y in years for w in (str(y), f"fy{y % 100:02d}")]


def _reported(period: Period) -> Span:
    """The span a named period says a document reports on: itself, or a date's calendar year."""
    if period.kind == "instant":
        return date(period.start.year, 1, 1), date(period.start.year, 12, 31)
    return period.start, period.end


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Spans joined where they overlap or touch, in order."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1] + timedelta(days=1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _overlaps(period: Period, spans: tuple[Span, ...]) -> bool:
    return any(start <= period.end and period.start <= end for start, end in spans)
