"""What a search returns: ranked passages and table rows, each with its citation."""

from __future__ import annotations

from dataclasses import dataclass, field

from index.citations import Citation


@dataclass
class CellHit:
    """One cell of a returned row."""

    column: str
    text: str
    value: float | None
    start: int
    end: int

    def to_dict(self) -> dict:
        """JSON form: `{column, text, value}`."""
        return {"column": self.column, "text": self.text, "value": self.value}


@dataclass
class Passage:
    """A returned text or table chunk. `rank` is its place among all evidence (1 = best)."""

    rank: int
    score: float
    kind: str
    section: str
    citation: Citation
    unit_id: int

    @property
    def text(self) -> str:
        """The passage text (the cited quote)."""
        return self.citation.quote

    def to_dict(self) -> dict:
        """JSON form of a passage."""
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "text": self.text,
            "citation": self.citation.to_dict(),
        }


@dataclass
class RowHit:
    """A returned table row with its table's title, unit and columns."""

    rank: int
    score: float
    table: str
    unit: str | None
    columns: list[str]
    label: str
    cells: list[CellHit]
    matched_cell: CellHit | None
    citation: Citation
    unit_id: int
    table_id: int | None = None

    def to_dict(self) -> dict:
        """JSON form of a row."""
        return {
            "rank": self.rank,
            "score": round(self.score, 4),
            "table": self.table,
            "unit": self.unit,
            "columns": self.columns,
            "label": self.label,
            "cells": [c.to_dict() for c in self.cells],
            "matched_cell": self.matched_cell.to_dict() if self.matched_cell else None,
            "citation": self.citation.to_dict(),
        }


def as_printed(text: str, printed_in: str | None) -> str:
    """A figure with the scale its table prints it in, when stated apart (`69.7 [JPY billion]`)."""
    return f"{text} [{printed_in}]" if printed_in else text


@dataclass
class Alternative:
    """Another source that states a different value for the same metric and period."""

    text: str
    value: float | None
    confidence: float
    citation: Citation
    printed_in: str | None = None  # the scale its table states apart, as `Answer.printed_in`

    def to_dict(self) -> dict:
        """JSON form: `{text, value, printed_in, confidence, citation}`."""
        return {
            "text": self.text,
            "value": self.value,
            "printed_in": self.printed_in,
            "confidence": round(self.confidence, 3),
            "citation": self.citation.to_dict(),
        }


@dataclass
class Answer:
    """The extracted figure (filled by answer extraction)."""

    text: str
    value: float | None
    unit: str | None
    period: str | None
    confidence: float
    citation: Citation
    alternatives: list[Alternative] = field(default_factory=list)
    parts: list[Answer] = field(default_factory=list)
    # The currency and scale the source states apart from the figure (`JPY billion` for `69.7`
    # in a table in billions), so the text is never read as JPY 69.7; None when the text states
    # them itself (`JPY1,272 million`) or the source names none.
    printed_in: str | None = None
    # What kind of figure the source says it is (`target`, `revised target`, `forecast`), so a
    # plan is never read as a result; None for a plain figure.
    stated_as: str | None = None

    @property
    def when(self) -> str:
        """Its period with its kind when the source states one (`FY2012 target`, or `target,
        period n/a`)."""
        if not self.period:
            return f"{self.stated_as}, period n/a" if self.stated_as else "period n/a"
        return f"{self.period} {self.stated_as}" if self.stated_as else self.period

    def to_dict(self) -> dict:
        """JSON form of an answer (`parts` holds one answer per asked period)."""
        return {
            "text": self.text,
            "value": self.value,
            "unit": self.unit,
            "printed_in": self.printed_in,
            "period": self.period,
            "stated_as": self.stated_as,
            "confidence": round(self.confidence, 3),
            "citation": self.citation.to_dict(),
            "alternatives": [a.to_dict() for a in self.alternatives],
            "parts": [p.to_dict() for p in self.parts],
        }


@dataclass
class Result:
    """A question's evidence: passages and rows ranked together, plus timings."""

    query: str
    passages: list[Passage]
    rows: list[RowHit]
    answer: Answer | None = None
    no_answer_reason: str | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    id: str | None = None
    # What was done to the question before searching (`the question was cut to …`).
    notes: list[str] = field(default_factory=list)

    def evidence(self) -> list[Passage | RowHit]:
        """Passages and rows in one list, best first."""
        return sorted([*self.passages, *self.rows], key=lambda e: e.rank)

    def to_dict(self) -> dict:
        """The `docqa ask --json` object."""
        return {
            "id": self.id,
            "query": self.query,
            "answer": self.answer.to_dict() if self.answer else None,
            "no_answer_reason": self.no_answer_reason,
            "notes": list(self.notes),
            "passages": [p.to_dict() for p in self.passages],
            "rows": [r.to_dict() for r in self.rows],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
