"""An in-memory backend for tests: the whole search-and-answer path without FAISS, bm25s,
SQLite or Milvus. Brute-force cosine and a plain BM25 (bm25s's formula and defaults) over
what was added; document filters applied before ranking."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from index.backends.base import BackendRecord, Scored, bm25_idf
from index.backends.milvus import BM25_B, BM25_K1
from index.financial_tokenizer import tokenize
from index.store import DocumentInfo, TableInfo
from index.units import RetrievalUnit, document_period_counts, passage_term_counts, short_texts
from ingest.models import Document, IngestedDocument
from ingest.periods import FiscalCalendar, Period

NAME = "fake"


@dataclass
class _Entry:
    unit: RetrievalUnit
    vector: np.ndarray
    terms: Counter = field(default_factory=Counter)


class FakeBackend:
    """Documents, tables and units held in dicts; fills both `RetrievalBackend` and
    `BackendWriter`."""

    name = NAME

    def __init__(self, embedder) -> None:
        """`embedder` encodes row labels, headers and unit lines as `add` meets them."""
        self.embedder = embedder
        self._documents: dict[str, Document] = {}
        self._infos: dict[str, DocumentInfo] = {}
        self._tables: dict[int, TableInfo] = {}
        self._entries: dict[int, _Entry] = {}
        self._short: dict[str, np.ndarray] = {}
        self._doc_terms: dict[str, Counter] = {}

    # -- loading -------------------------------------------------------------------------

    def add(self, ingested: IngestedDocument, units: list[RetrievalUnit]) -> None:
        """Catalogue a parsed document and put its units (embedded here)."""
        doc = ingested.document
        self.remove_document(doc.doc_id)
        self._documents[doc.doc_id] = doc
        self._infos[doc.doc_id] = DocumentInfo(
            doc.doc_id, doc.name, doc.path, doc.title, doc.kind, doc.date, len(doc.pages), "", "",
            len(ingested.tables), sum(len(t.rows) for t in ingested.tables), len(ingested.chunks),
        )  # fmt: skip
        table_ids = []
        for t in ingested.tables:
            table_id = max(self._tables, default=0) + 1
            self._tables[table_id] = TableInfo(
                table_id, doc.doc_id, t.title, t.unit, t.columns, t.section, t.page
            )
            table_ids.append(table_id)
        next_id = max(self._entries, default=0) + 1
        for offset, unit in enumerate(units):
            unit.unit_id = next_id + offset
            unit.table_id = table_ids[unit.table_index] if unit.table_index is not None else None
        texts = [t for t in short_texts(units) if t not in self._short]
        if texts:
            self._short.update(zip(texts, self.embedder.encode(texts), strict=True))
        self._doc_terms[doc.doc_id] = passage_term_counts(units)
        self.put_document(doc.doc_id, units, self.embedder.encode([u.embed_text for u in units]))

    def put_document(self, doc_id: str, units: list[RetrievalUnit], vectors: np.ndarray) -> None:
        """Hold a document's units and vectors, replacing any it had."""
        for entry_id in [i for i, e in self._entries.items() if e.unit.doc_id == doc_id]:
            del self._entries[entry_id]
        for unit, vector in zip(units, vectors, strict=True):
            terms = Counter(unit.tokens)
            self._entries[unit.unit_id] = _Entry(unit, np.asarray(vector, dtype=np.float32), terms)

    def remove_document(self, doc_id: str) -> None:
        """Forget a document and its units."""
        self.put_document(doc_id, [], np.zeros((0, 0)))
        self._documents.pop(doc_id, None)
        self._infos.pop(doc_id, None)
        self._doc_terms.pop(doc_id, None)

    def finish(self) -> BackendRecord:
        """Nothing to make durable."""
        return BackendRecord(NAME)

    def abandon(self) -> None:
        """Nothing to drop."""

    # -- searching -----------------------------------------------------------------------

    def dense_candidates(self, vector: np.ndarray, k: int, docs: frozenset[str] | None) -> Scored:
        """Every allowed unit's cosine, best first."""
        scored = [(i, float(e.vector @ vector)) for i, e in self._entries.items() if _allowed(e, docs)]
        return sorted(scored, key=lambda x: (-x[1], x[0]))[:k]

    def lexical_candidates(self, query: str, k: int, docs: frozenset[str] | None) -> Scored:
        """Every allowed unit's BM25 score above 0, best first."""
        ids = [i for i, e in self._entries.items() if _allowed(e, docs)]
        scored = [(i, s) for i, s in self.lexical_scores(query, ids).items() if s > 0]
        return sorted(scored, key=lambda x: (-x[1], x[0]))[:k]

    def dense_scores(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Cosines of these units."""
        return {i: float(self._entries[i].vector @ vector) if i in self._entries else 0.0 for i in ids}

    def lexical_scores(self, query: str, ids: list[int]) -> dict[int, float]:
        """BM25 (Lucene form, k1 1.5, b 0.75) of these units."""
        tokens = tokenize(query)
        n = len(self._entries)
        average = sum(sum(e.terms.values()) for e in self._entries.values()) / max(n, 1) or 1.0
        out = {}
        for i in ids:
            entry = self._entries.get(i)
            score = 0.0
            if entry is not None:
                length = sum(entry.terms.values())
                for t in tokens:
                    tf = entry.terms.get(t, 0)
                    if tf:
                        norm = tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length / average))
                        score += bm25_idf(n, self.document_frequency(t)) * norm
            out[i] = score
        return out

    def document_frequency(self, token: str) -> int:
        """Units holding the term."""
        return sum(1 for e in self._entries.values() if token in e.terms)

    def unit_count(self) -> int:
        """Units held."""
        return len(self._entries)

    # -- catalogue -----------------------------------------------------------------------

    def units(self, ids: list[int]) -> dict[int, RetrievalUnit]:
        """Units by id."""
        return {i: self._entries[i].unit for i in ids if i in self._entries}

    def document(self, doc_id: str) -> Document:
        """A held document."""
        return self._documents[doc_id]

    def table(self, table_id: int) -> TableInfo:
        """A held table."""
        return self._tables[table_id]

    def table_rows(self, table_id: int) -> list[RetrievalUnit]:
        """A held table's rows in document order."""
        units = (e.unit for e in self._entries.values())
        return sorted((u for u in units if u.kind == "row" and u.table_id == table_id), key=lambda u: u.start)

    def documents(self) -> list[DocumentInfo]:
        """Every held document, by name."""
        return sorted(self._infos.values(), key=lambda d: d.name)

    def doc_ids_by_name(self) -> dict[str, str]:
        """File name to doc id."""
        return {d.name: d.doc_id for d in self._infos.values()}

    def calendars(self) -> dict[str, FiscalCalendar]:
        """Each document's fiscal calendar, by doc id."""
        return {doc_id: doc.calendar for doc_id, doc in self._documents.items()}

    def short_text_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Vectors of the short texts met in `add`."""
        return {t: self._short[t] for t in texts if t in self._short}

    def term_share(self, doc_id: str, term: str) -> float:
        """Share of a document's passages holding a term (counted in `add`)."""
        info = self._infos.get(doc_id)
        return self._doc_terms.get(doc_id, Counter())[term] / max(info.chunks, 1) if info else 0.0

    def terms_in_documents(self, doc_ids: list[str], terms: list[str]) -> set[tuple[str, str]]:
        """The (document, term) pairs whose document's passages hold the term."""
        return {(d, t) for d in doc_ids for t in terms if self._doc_terms.get(d, Counter())[t] > 0}

    def document_periods(self, doc_id: str) -> Counter[Period]:
        """How often a held document's text names each period."""
        document = self._documents.get(doc_id)
        return document_period_counts(document) if document else Counter()

    def close(self) -> None:
        """Nothing to release."""


def _allowed(entry: _Entry, docs: frozenset[str] | None) -> bool:
    return docs is None or entry.unit.doc_id in docs
