"""SQLite store of documents, tables and retrieval units (with their vectors)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import Counter, OrderedDict
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np

from index.units import RetrievalUnit, document_period_counts, passage_term_counts, short_texts
from ingest.models import Cell, Document, IngestedDocument, Page
from ingest.periods import FiscalCalendar, Period

SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY, name TEXT UNIQUE, path TEXT, title TEXT, kind TEXT, date TEXT,
    text TEXT, pages TEXT, fingerprint TEXT, indexed_at TEXT,
    n_tables INTEGER, n_rows INTEGER, n_chunks INTEGER, calendar TEXT
);
CREATE TABLE IF NOT EXISTS tables (
    table_id INTEGER PRIMARY KEY, doc_id TEXT, position INTEGER, title TEXT, unit TEXT, columns TEXT,
    kind TEXT, start INTEGER, "end" INTEGER, section TEXT, page INTEGER, header_text TEXT
);
CREATE TABLE IF NOT EXISTS units (
    unit_id INTEGER PRIMARY KEY, doc_id TEXT, kind TEXT, start INTEGER, "end" INTEGER, pages TEXT,
    section TEXT, text TEXT, embed_text TEXT, table_id INTEGER, label TEXT, cells TEXT,
    furniture_similarity REAL, repeated_lines REAL, tokens TEXT, periods TEXT, figures INTEGER,
    vector BLOB
);
CREATE TABLE IF NOT EXISTS doc_terms (
    doc_id TEXT, term TEXT, passages INTEGER, PRIMARY KEY (doc_id, term)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS doc_periods (
    doc_id TEXT, period TEXT, mentions INTEGER, PRIMARY KEY (doc_id, period)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS short_texts (text TEXT PRIMARY KEY, vector BLOB);
CREATE INDEX IF NOT EXISTS units_doc ON units(doc_id);
CREATE INDEX IF NOT EXISTS tables_doc ON tables(doc_id);
"""


TABLE_COLUMNS = 'doc_id, position, title, unit, columns, kind, start, "end", section, page, header_text'
UNIT_COLUMNS = (
    'doc_id, kind, start, "end", pages, section, text, embed_text, table_id, label, cells, '
    "furniture_similarity, repeated_lines, tokens, periods, figures"
)
INSERT_TABLE = f"INSERT INTO tables ({TABLE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
INSERT_UNIT = f"INSERT INTO units ({UNIT_COLUMNS}, vector) VALUES ({','.join('?' * 17)})"


# How a text document's title joins a short first line (its company, `Acme Inc.`) and the line
# under it (an event or a date), as `ingest.loaders.text_loader.guess_title_and_date` writes it.
TITLE_JOIN = " — "


@dataclass
class DocumentInfo:
    """A document's catalogue entry (no text)."""

    doc_id: str
    name: str
    path: str
    title: str
    kind: str
    date: str | None
    pages: int
    fingerprint: str
    indexed_at: str
    tables: int
    rows: int
    chunks: int


@dataclass
class TableInfo:
    """A stored table's header data, for showing rows as tables."""

    table_id: int
    doc_id: str
    title: str
    unit: str | None
    columns: list[str]
    section: str
    page: int | None


# Documents kept in memory after a read (text and page map): twice the most documents one
# query's candidate pool can span (60 dense and 60 lexical units), so a query does not read a
# document twice, while a large corpus does not fill memory with every document ever hit.
DOCUMENTS_KEPT = 256


class Store:
    """One SQLite file; read-only use is safe from several threads after opening."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(str(path), check_same_thread=False)
        self.db.executescript(SCHEMA)
        self._documents: OrderedDict[str, Document] = OrderedDict()
        self._documents_lock = threading.Lock()  # the app's sessions share one store
        self._open = True

    def close(self) -> None:
        """Commit and close the database (again is a no-op)."""
        if self._open:
            self._open = False
            self.db.commit()
            self.db.close()

    # -- writing -------------------------------------------------------------------------

    def add_document(
        self,
        ingested: IngestedDocument,
        units: list[RetrievalUnit],
        vectors: np.ndarray,
        fingerprint: str,
        indexed_at: str,
    ) -> None:
        """Store a parsed document with its tables and its embedded units."""
        doc = ingested.document
        rows = sum(len(t.rows) for t in ingested.tables)
        self.db.execute(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                doc.doc_id, doc.name, doc.path, doc.title, doc.kind, doc.date, doc.text,
                json.dumps([[p.number, p.start, p.end] for p in doc.pages]),
                fingerprint, indexed_at, len(ingested.tables), rows, len(ingested.chunks),
                doc.calendar.code,
            ),
        )  # fmt: skip
        table_ids = []
        for position, t in enumerate(ingested.tables):
            cur = self.db.execute(
                INSERT_TABLE,
                (
                    doc.doc_id, position, t.title, t.unit, json.dumps(t.columns), t.kind,
                    t.start, t.end, t.section, t.page, t.header_text,
                ),
            )  # fmt: skip
            table_ids.append(cur.lastrowid)
        for unit, vector in zip(units, vectors, strict=True):
            table_id = table_ids[unit.table_index] if unit.table_index is not None else None
            self._insert_unit(unit, table_id, np.asarray(vector, dtype=np.float32).tobytes())
        self.db.executemany(
            "INSERT INTO doc_terms VALUES (?,?,?)",
            [(doc.doc_id, term, n) for term, n in passage_term_counts(units).items()],
        )
        self.db.executemany(
            "INSERT INTO doc_periods VALUES (?,?,?)",
            [(doc.doc_id, _periods_json((p,)), n) for p, n in document_period_counts(doc).items()],
        )

    def _insert_unit(self, unit: RetrievalUnit, table_id: int | None, vector: bytes) -> None:
        cells = json.dumps([asdict(c) for c in unit.cells])
        self.db.execute(
            INSERT_UNIT,
            (
                unit.doc_id, unit.kind, unit.start, unit.end, json.dumps(unit.pages), unit.section,
                unit.text, unit.embed_text, table_id, unit.label, cells,
                unit.furniture_similarity, unit.repeated_lines, " ".join(unit.tokens),
                _periods_json(unit.periods), unit.figures, vector,
            ),
        )  # fmt: skip

    def remove_document(self, name: str) -> None:
        """Delete a document, its tables and its units (short-text vectors stay: they are shared)."""
        row = self.db.execute("SELECT doc_id FROM documents WHERE name = ?", (name,)).fetchone()
        if row is None:
            return
        for table in ("units", "tables", "doc_terms", "doc_periods", "documents"):
            self.db.execute(f"DELETE FROM {table} WHERE doc_id = ?", row)

    def copy_document(self, other: Store, name: str) -> None:
        """Copy a document, its tables and its units (vectors included) from another store."""
        doc_row = other.db.execute("SELECT * FROM documents WHERE name = ?", (name,)).fetchone()
        doc_id = doc_row[0]
        self.db.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", doc_row)
        id_map: dict[int, int] = {}
        for row in other.db.execute("SELECT * FROM tables WHERE doc_id = ? ORDER BY table_id", (doc_id,)):
            cur = self.db.execute(INSERT_TABLE, row[1:])
            id_map[row[0]] = cur.lastrowid
        for row in other.db.execute("SELECT * FROM units WHERE doc_id = ? ORDER BY unit_id", (doc_id,)):
            values = list(row[1:])
            values[8] = id_map.get(values[8]) if values[8] is not None else None
            self.db.execute(INSERT_UNIT, values)
        for table in ("doc_terms", "doc_periods"):
            rows = other.db.execute(f"SELECT * FROM {table} WHERE doc_id = ?", (doc_id,))
            self.db.executemany(f"INSERT INTO {table} VALUES (?,?,?)", rows.fetchall())
        self.copy_short_texts(other, short_texts(self.units_of(name)))

    def add_short_texts(self, texts: list[str], vectors: np.ndarray) -> None:
        """Store the vectors of row labels and column headers (shared by all documents)."""
        self.db.executemany(
            "INSERT OR IGNORE INTO short_texts VALUES (?, ?)",
            [(t, np.asarray(v, dtype=np.float32).tobytes()) for t, v in zip(texts, vectors, strict=True)],
        )

    def missing_short_texts(self, texts: list[str]) -> list[str]:
        """Which of these texts have no stored vector yet."""
        known = set(self.short_text_vectors(texts))
        return [t for t in texts if t not in known]

    def copy_short_texts(self, other: Store, texts: list[str]) -> list[str]:
        """Copy the stored vectors of these texts from another store; return those it lacks."""
        vectors = other.short_text_vectors(texts)
        if vectors:
            names = list(vectors)
            self.add_short_texts(names, np.vstack([vectors[t] for t in names]))
        return [t for t in texts if t not in vectors]

    # -- reading -------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        """Every stored document, by name."""
        rows = self.db.execute(
            "SELECT doc_id, name, path, title, kind, date, pages, fingerprint, indexed_at,"
            " n_tables, n_rows, n_chunks FROM documents ORDER BY name"
        ).fetchall()
        return [
            DocumentInfo(
                r[0], r[1], r[2], r[3], r[4], r[5], len(json.loads(r[6])), r[7], r[8], r[9], r[10], r[11]
            )
            for r in rows
        ]

    def fingerprints(self) -> dict[str, str]:
        """File name to fingerprint of every stored document."""
        return dict(self.db.execute("SELECT name, fingerprint FROM documents").fetchall())

    def document(self, doc_id: str) -> Document:
        """The full Document (text and page map); the last `DOCUMENTS_KEPT` read are kept."""
        with self._documents_lock:
            if doc_id in self._documents:
                self._documents.move_to_end(doc_id)
                return self._documents[doc_id]
        r = self.db.execute(
            "SELECT doc_id, path, name, title, kind, text, pages, date, calendar FROM documents"
            " WHERE doc_id = ?",
            (doc_id,),
        ).fetchone()
        if r is None:
            raise KeyError(doc_id)
        pages = [Page(*p) for p in json.loads(r[6])]
        document = Document(r[0], r[1], r[2], r[3], r[4], r[5], pages, r[7], FiscalCalendar.from_code(r[8]))
        with self._documents_lock:
            self._documents[doc_id] = document
            while len(self._documents) > DOCUMENTS_KEPT:
                self._documents.popitem(last=False)
        return document

    def units(self, ids: list[int]) -> dict[int, RetrievalUnit]:
        """Units by id (without vectors)."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT unit_id, {UNIT_COLUMNS} FROM units WHERE unit_id IN ({marks})",
            ids,
        ).fetchall()
        return {r[0]: _unit_from_row(r) for r in rows}

    def table_rows(self, table_id: int) -> list[RetrievalUnit]:
        """A table's rows in document order (read through its document's units, which are indexed)."""
        rows = self.db.execute(
            f"SELECT unit_id, {UNIT_COLUMNS} FROM units WHERE kind = 'row' AND table_id = ? "
            "AND doc_id = (SELECT doc_id FROM tables WHERE table_id = ?) ORDER BY start",
            (table_id, table_id),
        ).fetchall()
        return [_unit_from_row(r) for r in rows]

    def short_text_vectors(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of row labels and column headers, by text (missing ones left out)."""
        found: dict[str, np.ndarray] = {}
        for batch in _batches(list(dict.fromkeys(texts))):
            marks = ",".join("?" * len(batch))
            rows = self.db.execute(f"SELECT text, vector FROM short_texts WHERE text IN ({marks})", batch)
            found.update((t, np.frombuffer(v, dtype=np.float32)) for t, v in rows)
        return found

    def table(self, table_id: int) -> TableInfo:
        """A stored table's title, unit and columns."""
        r = self.db.execute(
            "SELECT table_id, doc_id, title, unit, columns, section, page FROM tables WHERE table_id = ?",
            (table_id,),
        ).fetchone()
        return TableInfo(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6])

    def vectors_of(self, ids: list[int]) -> tuple[list[int], np.ndarray]:
        """The ids the store holds among these, and their exact vectors (row i is found[i]'s;
        in the store's order)."""
        found: list[int] = []
        rows: list[np.ndarray] = []
        for batch in _batches([int(x) for x in ids]):
            marks = ",".join("?" * len(batch))
            for unit_id, vector in self.db.execute(
                f"SELECT unit_id, vector FROM units WHERE unit_id IN ({marks})", batch
            ):
                found.append(unit_id)
                rows.append(np.frombuffer(vector, dtype=np.float32))
        return found, (np.vstack(rows) if rows else np.zeros((0, 0), dtype=np.float32))

    def all_short_text_vectors(self) -> np.ndarray:
        """Every stored row-label, column-header and line vector (n x d; benchmarks)."""
        rows = self.db.execute("SELECT vector FROM short_texts").fetchall()
        return np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in rows]) if rows else np.zeros((0, 0))

    def vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """All unit ids and their vectors, in id order."""
        rows = self.db.execute("SELECT unit_id, vector FROM units ORDER BY unit_id").fetchall()
        ids = np.array([r[0] for r in rows], dtype=np.int64)
        if not rows:
            return ids, np.zeros((0, 0), dtype=np.float32)
        return ids, np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])

    def embed_texts(self) -> tuple[list[int], list[str]]:
        """All unit ids and the text BM25 indexes for each, in id order."""
        rows = self.db.execute("SELECT unit_id, embed_text FROM units ORDER BY unit_id").fetchall()
        return [r[0] for r in rows], [r[1] for r in rows]

    def units_of(self, name: str) -> list[RetrievalUnit]:
        """Every unit of the document with this file name."""
        rows = self.db.execute(
            f"SELECT unit_id, {UNIT_COLUMNS} FROM units WHERE doc_id = "
            "(SELECT doc_id FROM documents WHERE name = ?) ORDER BY unit_id",
            (name,),
        ).fetchall()
        return [_unit_from_row(r) for r in rows]

    def units_with_vectors(self, name: str) -> tuple[list[RetrievalUnit], np.ndarray]:
        """Every unit of a document (by file name) and its vector, in id order."""
        rows = self.db.execute(
            f"SELECT unit_id, {UNIT_COLUMNS}, vector FROM units WHERE doc_id = "
            "(SELECT doc_id FROM documents WHERE name = ?) ORDER BY unit_id",
            (name,),
        ).fetchall()
        vectors = [np.frombuffer(r[-1], dtype=np.float32) for r in rows]
        return [_unit_from_row(r) for r in rows], (np.vstack(vectors) if vectors else np.zeros((0, 0)))

    def term_share(self, doc_id: str, term: str) -> float:
        """Share of a document's chunks (passages and table chunks, not row units) whose text
        holds a (tokenized) term, from the counts stored at build time."""
        row = self.db.execute(
            "SELECT t.passages, d.n_chunks FROM doc_terms t JOIN documents d ON d.doc_id = t.doc_id"
            " WHERE t.doc_id = ? AND t.term = ?",
            (doc_id, term),
        ).fetchone()
        return row[0] / max(row[1], 1) if row else 0.0

    def terms_in_documents(self, doc_ids: list[str], terms: list[str]) -> set[tuple[str, str]]:
        """The (document, term) pairs whose document's passages hold the term: one read for a
        whole candidate pool, not one per unit and term."""
        found: set[tuple[str, str]] = set()
        terms = list(dict.fromkeys(terms))[: PARAMETERS_PER_QUERY // 2]
        if not terms:
            return found
        term_marks = ",".join("?" * len(terms))
        for batch in _batches(list(dict.fromkeys(doc_ids)), PARAMETERS_PER_QUERY // 2):
            rows = self.db.execute(
                f"SELECT doc_id, term FROM doc_terms WHERE doc_id IN ({','.join('?' * len(batch))})"
                f" AND term IN ({term_marks})",
                [*batch, *terms],
            ).fetchall()
            found.update((d, t) for d, t in rows)
        return found

    def doc_ids_by_name(self) -> dict[str, str]:
        """File name to doc id."""
        return dict(self.db.execute("SELECT name, doc_id FROM documents").fetchall())

    def calendars(self) -> dict[str, FiscalCalendar]:
        """Each document's fiscal calendar, by doc id."""
        rows = self.db.execute("SELECT doc_id, calendar FROM documents").fetchall()
        return {doc_id: FiscalCalendar.from_code(code) for doc_id, code in rows}

    def unit_count(self) -> int:
        """How many units are stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM units").fetchone()[0])

    def unit_doc_ids(self) -> dict[int, str]:
        """Unit id to doc id, for filtering by document."""
        return dict(self.db.execute("SELECT unit_id, doc_id FROM units").fetchall())

    def document_periods(self, doc_id: str) -> Counter[Period]:
        """How often a document's text names each period (counted at build time)."""
        rows = self.db.execute("SELECT period, mentions FROM doc_periods WHERE doc_id = ?", (doc_id,))
        counts: Counter[Period] = Counter()
        for text, mentions in rows:
            counts[_periods_from_json(text)[0]] += mentions
        return counts

    def unit_ids_in(self, doc_ids: frozenset[str]) -> np.ndarray:
        """The ids of these documents' units, ascending (read through the doc_id index)."""
        marks = ",".join("?" * len(doc_ids))
        query = f"SELECT unit_id FROM units WHERE doc_id IN ({marks}) ORDER BY unit_id"
        return np.array([r[0] for r in self.db.execute(query, sorted(doc_ids))], dtype=np.int64)


# Values bound in one SQLite statement at most (SQLite caps the number of bound parameters).
PARAMETERS_PER_QUERY = 500


def _batches(values: list, size: int = PARAMETERS_PER_QUERY) -> list[list]:
    """`values` cut into lists of at most `size` (one query's parameters)."""
    return [values[i : i + size] for i in range(0, len(values), size)]


def _unit_from_row(r: tuple) -> RetrievalUnit:
    return RetrievalUnit(
        doc_id=r[1],
        kind=r[2],
        start=r[3],
        end=r[4],
        pages=json.loads(r[5]),
        section=r[6],
        text=r[7],
        embed_text=r[8],
        label=r[10] or "",
        cells=[Cell(**c) for c in json.loads(r[11])] if r[11] else [],
        unit_id=r[0],
        table_id=r[9],
        furniture_similarity=r[12] or 0.0,
        repeated_lines=r[13] or 0.0,
        tokens=tuple(r[14].split()) if r[14] else (),
        periods=_periods_from_json(r[15]),
        figures=r[16] or 0,
    )


def _periods_json(periods: tuple[Period, ...]) -> str:
    return json.dumps([[p.kind, p.start.isoformat(), p.end.isoformat(), p.label] for p in periods])


def _periods_from_json(text: str | None) -> tuple[Period, ...]:
    if not text:
        return ()
    return tuple(
        Period(kind, date.fromisoformat(start), date.fromisoformat(end), label)
        for kind, start, end, label in json.loads(text)
    )
