"""`docqa check`: is an index whole and true to its documents?

Checks, each reported as one finding naming what is wrong:
- SQLite's own `integrity_check` on the store;
- the manifest, the store and the search side (FAISS and BM25, or the Milvus collection)
  hold the same units (counts and ids);
- every unit's text, and every table cell's text, is exactly its span of the stored
  document text (so every citation quote equals the document), and spans lie inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.backends import open_backend
from index.builder import read_manifest
from index.dense_index import DenseIndex
from index.lexical_index import LexicalIndex
from index.paths import BM25_DIR, DENSE_FILE, STORE_FILE
from index.search import live_record, open_live_folder
from index.store import Store

# Findings listed per kind before the rest are only counted.
MAX_LISTED = 10


@dataclass
class CheckReport:
    """What a check found: counts, and one sentence per problem (empty when all is well)."""

    documents: int = 0
    units: int = 0
    cells: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether nothing is wrong."""
        return not self.problems


def check_index(index_dir: Path) -> CheckReport:
    """Check the live index at `index_dir` (see the module docstring).

    Raises:
        IndexMissingError: there is no index, or one of its files is missing or empty.
    """
    live = open_live_folder(index_dir)
    report = CheckReport()
    store = Store(live / STORE_FILE)
    try:
        (verdict,) = store.db.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            report.problems.append(f"SQLite integrity check of {STORE_FILE} failed: {verdict}")
        ids = sorted(store.unit_doc_ids())
        report.units, report.documents = len(ids), len(store.documents())
        _check_counts(live, ids, report)
        _check_spans(store, report)
    finally:
        store.close()
    return report


def _check_counts(live: Path, ids: list[int], report: CheckReport) -> None:
    """The manifest, FAISS and BM25 against the store's units."""
    manifest = read_manifest(live) or {}
    if manifest.get("units") != len(ids):
        report.problems.append(f"the manifest counts {manifest.get('units')} units, the store {len(ids)}")
    record = live_record(live)
    if record.name != "local":
        backend = open_backend(live, record)
        try:
            held = backend.stored_ids()
        finally:
            backend.close()
        if held != ids:
            report.problems.append(
                f"the {record.name} collection holds {len(held)} units, not the store's {len(ids)}"
            )
        return
    dense = DenseIndex.load(live / DENSE_FILE)
    if dense.size != len(ids):
        report.problems.append(f"FAISS holds {dense.size} vectors for {len(ids)} units")
    lexical = LexicalIndex.load(live / BM25_DIR)
    if sorted(lexical.ids) != ids:
        report.problems.append(f"BM25 holds {len(lexical.ids)} units, not the store's {len(ids)}")


def _check_spans(store: Store, report: CheckReport) -> None:
    """Every unit's and cell's text against its span of the document text."""
    listed = 0
    for doc in store.documents():
        text = store.document(store.doc_ids_by_name()[doc.name]).text
        for unit in store.units_of(doc.name):
            spans = [(unit.start, unit.end, unit.text, f"unit {unit.unit_id}")]
            spans += [(c.start, c.end, c.text, f"a cell of unit {unit.unit_id}") for c in unit.cells]
            report.cells += len(unit.cells)
            for start, end, quoted, what in spans:
                if 0 <= start <= end <= len(text) and text[start:end] == quoted:
                    continue
                listed += 1
                if listed <= MAX_LISTED:
                    report.problems.append(
                        f"{doc.name}: {what} quotes text that is not the document's characters {start}-{end}"
                    )
    if listed > MAX_LISTED:
        report.problems.append(f"... and {listed - MAX_LISTED} more spans that do not match their document")
