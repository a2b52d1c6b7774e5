"""The retrieval contract every engine fills: `RetrievalBackend` (reading) and
`BackendWriter` (loading a new index generation), with nothing engine-specific in them.

A backend holds two things. The *catalogue* is documents, tables, units (text, spans,
cells) and the vectors of row labels and column headers: what citations and answers
are built from. The *search side* is the dense vectors and the lexical postings of the
units: what finds candidates. The searcher asks for candidates and scores by unit id and
fetches what it cites from the catalogue; it never opens an engine's files itself.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from index.store import DocumentInfo, TableInfo
from index.units import RetrievalUnit
from ingest.models import Document
from ingest.periods import FiscalCalendar, Period

# `(unit id, score)` pairs, best first: cosine on the dense side, BM25 (positive, higher is
# better) on the lexical side, whatever the engine's own sign convention.
Scored = list[tuple[int, float]]


def bm25_idf(units: int, document_frequency: int) -> float:
    """BM25's inverse document frequency (Lucene's form, as bm25s and Milvus use it)."""
    df = document_frequency
    return float(math.log(1 + (units - df + 0.5) / (df + 0.5)))


@dataclass(frozen=True)
class BackendConfig:
    """Which engine holds the search side, and where.

    `milvus_uri` None is Milvus Lite in the index folder; a URI (`http://host:19530`) is
    a Milvus server or cluster."""

    name: str = "local"
    milvus_uri: str | None = None
    milvus_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class BackendRecord:
    """What an index manifest records of its search side, to open it again."""

    name: str
    uri: str | None = None  # a Milvus server; None for files in the index folder
    collection: str | None = None

    def to_json(self) -> dict:
        """The manifest's `backend` entry."""
        return {"name": self.name, "uri": self.uri, "collection": self.collection}

    @classmethod
    def from_json(cls, data: dict | None) -> BackendRecord:
        """Read a manifest's `backend` entry (an index from before backends is local)."""
        data = data or {}
        return cls(data.get("name", "local"), data.get("uri"), data.get("collection"))


class RetrievalBackend(Protocol):
    """What retrieval and answering read from an index. Document filters (`docs`: doc ids)
    are applied inside the engine, so a filtered query still gets `k` candidates."""

    name: str

    def dense_candidates(self, vector: np.ndarray, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` units closest to a (unit-length) query vector."""
        ...

    def lexical_candidates(self, query: str, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` best BM25 units for a question (tokenized by the financial tokenizer);
        only units sharing a term with it."""
        ...

    def dense_scores(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """The cosine of the query vector with each of these units."""
        ...

    def lexical_scores(self, query: str, ids: list[int]) -> dict[int, float]:
        """The BM25 score of each of these units for the question (0 without a shared term)."""
        ...

    def document_frequency(self, token: str) -> int:
        """How many units contain a (tokenized) term."""
        ...

    def unit_count(self) -> int:
        """How many units the search side holds."""
        ...

    def units(self, ids: list[int]) -> dict[int, RetrievalUnit]:
        """Units by id (missing ids left out)."""
        ...

    def document(self, doc_id: str) -> Document:
        """A document with its text and page map."""
        ...

    def table(self, table_id: int) -> TableInfo:
        """A table's title, unit and columns."""
        ...

    def table_rows(self, table_id: int) -> list[RetrievalUnit]:
        """A table's rows in document order."""
        ...

    def documents(self) -> list[DocumentInfo]:
        """Every document's catalogue entry, by name."""
        ...

    def doc_ids_by_name(self) -> dict[str, str]:
        """File name to doc id."""
        ...

    def calendars(self) -> dict[str, FiscalCalendar]:
        """Each document's fiscal calendar, by doc id (read once when a searcher opens)."""
        ...

    def short_text_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of row labels, column headers and unit lines, by text."""
        ...

    def term_share(self, doc_id: str, term: str) -> float:
        """Share of a document's chunks (passages and table chunks, not row units) holding a
        (tokenized) term, from the counts made at build time."""
        ...

    def document_periods(self, doc_id: str) -> Counter[Period]:
        """How often a document's text names each period (counted at build time)."""
        ...

    def terms_in_documents(self, doc_ids: list[str], terms: list[str]) -> set[tuple[str, str]]:
        """The (document, term) pairs whose document's passages hold the (tokenized) term."""
        ...

    def close(self) -> None:
        """Release the engine (again is a no-op)."""
        ...


class BackendWriter(Protocol):
    """Loads the search side of a new index generation, one document at a time; the
    builder writes the catalogue and swaps the generation in when `finish` returns."""

    def put_document(self, doc_id: str, units: list[RetrievalUnit], vectors: np.ndarray) -> None:
        """Add a document's units (with their vectors), replacing any it had."""
        ...

    def remove_document(self, doc_id: str) -> None:
        """Remove a document's units."""
        ...

    def finish(self) -> BackendRecord:
        """Make everything put durable and searchable; what the manifest records of it."""
        ...

    def abandon(self) -> None:
        """Drop what was loaded: the build failed (files in the staging folder go with it)."""
        ...
