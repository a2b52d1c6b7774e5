"""The times a corpus speaks of: every period its documents name, merged per fiscal calendar.

A question about a period no document reaches (`FY2031` over filings of 2008-2013) is told so,
with the years the corpus does cover, instead of being offered a figure of a near period at
some confidence. Overlap is generous on purpose: a year named anywhere (a debt maturity, a
target) counts as covered, so only periods the corpus never touches are refused here; the
rest is the scorer's to judge.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from index.query import QueryAnalysis
from ingest.periods import FiscalCalendar, Period

Span = tuple[date, date]


@dataclass(frozen=True)
class PeriodCoverage:
    """The merged spans of time the documents of each fiscal calendar name."""

    spans: dict[FiscalCalendar, tuple[Span, ...]]

    @classmethod
    def of(cls, documents: Iterable[tuple[FiscalCalendar, Iterable[Period]]]) -> PeriodCoverage:
        """The coverage of documents given as (calendar, periods named)."""
        found: dict[FiscalCalendar, list[Span]] = {}
        for calendar, periods in documents:
            found.setdefault(calendar, []).extend((p.start, p.end) for p in periods)
        return cls({calendar: _merged(spans) for calendar, spans in found.items()})

    def uncovered(self, q: QueryAnalysis) -> list[Period]:
        """The asked periods (as the question reads them) that no document names any part of,
        each read under every document calendar."""
        if not self.spans:
            return []
        missing = []
        for i, asked in enumerate(q.periods):
            readings = ((q.in_calendar(c).periods, spans) for c, spans in self.spans.items())
            if not any(i < len(ps) and _overlaps(ps[i], spans) for ps, spans in readings):
                missing.append(asked)
        return missing

    def reach(self) -> Span | None:
        """The first day and the last any document names, or None for an empty corpus."""
        spans = [s for per_calendar in self.spans.values() for s in per_calendar]
        if not spans:
            return None
        return min(s for s, _ in spans), max(e for _, e in spans)


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Spans joined where they overlap or touch, in order."""
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= date.fromordinal(out[-1][1].toordinal() + 1):
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return tuple(out)


def _overlaps(period: Period, spans: tuple[Span, ...]) -> bool:
    return any(start <= period.end and period.start <= end for start, end in spans)
