"""The catalogue half of a backend kept in the index folder's SQLite store: documents,
tables, units and short-text vectors. The local and Milvus backends share it; only
their search sides differ."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from index.paths import STORE_FILE
from index.store import DocumentInfo, Store, TableInfo
from index.units import RetrievalUnit
from ingest.models import Document


class StoreCatalogue:
    """Catalogue reads answered by `store.sqlite` in a live index folder."""

    def __init__(self, folder: Path) -> None:
        self.store = Store(folder / STORE_FILE)
        self._unit_docs: dict[int, str] | None = None

    def units(self, ids: list[int]) -> dict[int, RetrievalUnit]:
        """Units by id (missing ids left out)."""
        return self.store.units(ids)

    def document(self, doc_id: str) -> Document:
        """A document with its text and page map."""
        return self.store.document(doc_id)

    def table(self, table_id: int) -> TableInfo:
        """A table's title, unit and columns."""
        return self.store.table(table_id)

    def documents(self) -> list[DocumentInfo]:
        """Every document's catalogue entry, by name."""
        return self.store.documents()

    def doc_ids_by_name(self) -> dict[str, str]:
        """File name to doc id."""
        return self.store.doc_ids_by_name()

    def short_text_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of row labels, column headers and unit lines, by text."""
        return self.store.short_text_vectors(texts)

    def passage_texts(self, doc_id: str) -> list[str]:
        """The text of a document's passages (not its rows), in order."""
        return self.store.unit_texts(doc_id)

    def unit_docs(self) -> dict[int, str]:
        """Unit id to doc id (read once)."""
        if self._unit_docs is None:
            self._unit_docs = self.store.unit_doc_ids()
        return self._unit_docs

    def close(self) -> None:
        """Close the store (again is a no-op)."""
        self.store.close()
