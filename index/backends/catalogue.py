"""The catalogue half of a backend kept in the index folder's SQLite store: documents,
tables, units and short-text vectors. The local and Milvus backends share it; only
their search sides differ."""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from pathlib import Path

import numpy as np

from index.paths import STORE_FILE
from index.store import DocumentInfo, Store, TableInfo
from index.units import RetrievalUnit
from ingest.models import Document
from ingest.periods import FiscalCalendar, Period

# Document filters whose unit ids stay in memory (each is one array of the documents' ids).
REMEMBERED_FILTERS = 16


class StoreCatalogue:
    """Catalogue reads answered by `store.sqlite` in a live index folder."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder / STORE_FILE)
        self._doc_units: OrderedDict[frozenset[str], np.ndarray] = OrderedDict()
        self._doc_units_lock = threading.Lock()  # the app's sessions share one catalogue

    def units(self, ids: list[int]) -> dict[int, RetrievalUnit]:
        """Units by id (missing ids left out)."""
        return self.store.units(ids)

    def document(self, doc_id: str) -> Document:
        """A document with its text and page map."""
        return self.store.document(doc_id)

    def table(self, table_id: int) -> TableInfo:
        """A table's title, unit and columns."""
        return self.store.table(table_id)

    def table_rows(self, table_id: int) -> list[RetrievalUnit]:
        """A table's rows in document order."""
        return self.store.table_rows(table_id)

    def documents(self) -> list[DocumentInfo]:
        """Every document's catalogue entry, by name."""
        return self.store.documents()

    def doc_ids_by_name(self) -> dict[str, str]:
        """File name to doc id."""
        return self.store.doc_ids_by_name()

    def calendars(self) -> dict[str, FiscalCalendar]:
        """Each document's fiscal calendar, by doc id."""
        return self.store.calendars()

    def short_text_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of row labels, column headers and unit lines, by text."""
        return self.store.short_text_vectors(texts)

    def term_share(self, doc_id: str, term: str) -> float:
        """Share of a document's passages holding a term (stored at build time)."""
        return self.store.term_share(doc_id, term)

    def terms_in_documents(self, doc_ids: list[str], terms: list[str]) -> set[tuple[str, str]]:
        """The (document, term) pairs whose document's passages hold the term (one read)."""
        return self.store.terms_in_documents(doc_ids, terms)

    def document_periods(self, doc_id: str) -> Counter[Period]:
        """How often a document's text names each period (counted at build time)."""
        return self.store.document_periods(doc_id)

    def unit_ids_in(self, docs: frozenset[str]) -> np.ndarray:
        """The unit ids of these documents, ascending (read-only); the filters used last are
        remembered (a reader asks many questions of the same document)."""
        with self._doc_units_lock:
            ids = self._doc_units.get(docs)
            if ids is not None:
                self._doc_units.move_to_end(docs)
                return ids
        ids = self.store.unit_ids_in(docs)
        ids.setflags(write=False)
        with self._doc_units_lock:
            self._doc_units[docs] = ids
            while len(self._doc_units) > REMEMBERED_FILTERS:
                self._doc_units.popitem(last=False)
        return ids

    def close(self) -> None:
        """Close the store (again is a no-op)."""
        self.store.close()
