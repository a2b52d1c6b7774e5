"""Build or update an index folder: incremental, atomic, with a per-file report.

Unchanged files (same bytes, same settings) are copied from the live index with
their vectors, so they are neither parsed nor embedded again. The new index is
written beside the live one and swapped in at the end: a crash or a bad file
never leaves a broken index and never loses what was indexed before.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from index.backends import backend_files, config_for, open_writer, retire
from index.backends.base import BackendConfig, BackendRecord
from index.dense_index import DEFAULT_HNSW_THRESHOLD
from index.embedder import MODEL_NAME, Embedder
from index.embedding_stage import EmbeddingJob, EmbeddingStage, InProcessEmbedding
from index.furniture import repeated_lines
from index.generations import recover, swap_in
from index.parse_pool import ParsePool
from index.paths import MANIFEST_FILE, STORE_FILE
from index.store import DocumentInfo, Store
from index.units import RetrievalUnit, short_texts, units_for
from index.writer_lock import IndexBusyError, writer_lock
from ingest.chunker import ChunkerSettings
from ingest.errors import IngestError
from ingest.loaders import size_problem
from ingest.models import Document
from ingest.pipeline import find_sources, source_problem

# 2: row labels and column headers carry their own vectors (`short_texts`).
# 3: so does every line of a unit (`unit_lines`), for ranking and passage answers.
# 4: each document stores its fiscal calendar (`documents.calendar`) and each unit its
#    page-furniture signals (`index.furniture`).
# 5: each unit stores its tokens and periods, each document its passages' term counts
#    (`doc_terms`), read at build time so that queries do not tokenize or parse units.
# 6: BM25 keeps its id map as `ids.npy` (its postings are memory-mapped when read).
# 7: each unit stores how many figures it states (`units.figures`, read by the reranker).
# 8: each document stores how often its text names each period (`doc_periods`, read by the
#    reranker; before, the mentions were read from every passage's embedded text, which
#    repeats the title and section heading).
FORMAT_VERSION = 8
# A build report names at most this many pages without text, then says "…".
MAX_PAGES_NAMED = 8


def _pipeline_version() -> str:
    """A hash of the code that shapes index entries (ingestion, retrieval units and the tokens
    stored for keyword search).

    Any change to it re-parses and re-embeds every document on the next build, so
    an index never mixes entries made by different versions of the parser.
    """
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256()
    shaping = ["units.py", "financial_tokenizer.py", "financial_synonyms.py"]
    for path in sorted([*(root / "ingest").rglob("*.py"), *(root / "index" / name for name in shaping)]):
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


PIPELINE_VERSION = _pipeline_version()

Progress = Callable[[int, int, str], None]


class BuildError(Exception):
    """The build could not produce an index; the previous one is untouched."""


@dataclass
class FileReport:
    """What happened to one file: added, updated, unchanged, removed or skipped (and why)."""

    name: str
    status: str
    reason: str = ""
    chunks: int = 0
    rows: int = 0


@dataclass
class BuildReport:
    """The outcome of one build."""

    index_dir: Path
    files: list[FileReport] = field(default_factory=list)
    documents: int = 0
    units: int = 0
    embedded: int = 0
    seconds: float = 0.0
    kept: int = 0  # indexed documents not under the paths given, kept as they were
    backend: str = "local"
    moved_to: str = ""  # the backend the whole index moved to in this build, if it did

    def count(self, status: str) -> int:
        """How many files ended with `status`."""
        return sum(1 for f in self.files if f.status == status)

    def changed(self) -> bool:
        """Whether the build added, updated or removed a document, or moved the index to another
        backend (else nothing is written)."""
        return bool(self.moved_to) or any(f.status in ("added", "updated", "removed") for f in self.files)


def fingerprint(data: bytes, settings: ChunkerSettings) -> str:
    """Identify a file's content together with everything that shapes its index entries."""
    h = hashlib.sha256(data)
    h.update(json.dumps([PIPELINE_VERSION, MODEL_NAME, settings.to_dict()], sort_keys=True).encode())
    return h.hexdigest()[:24]


def read_manifest(index_dir: Path) -> dict | None:
    """The manifest of an index folder, or None when there is no usable index."""
    path = index_dir / MANIFEST_FILE
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text())
    except (OSError, json.JSONDecodeError):
        return None


def build_index(
    paths: Iterable[Path],
    index_dir: Path,
    embedder: Embedder | None = None,
    settings: ChunkerSettings | None = None,
    progress: Progress | None = None,
    hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
    prune: bool = False,
    remove: Iterable[str] = (),
    backend: BackendConfig | None = None,
    stage: EmbeddingStage | None = None,
) -> BuildReport:
    """Index the files under `paths` into `index_dir`, reusing what has not changed.

    Documents already indexed stay unless their file vanished from a folder given in
    `paths` (the corpus folder they came from) or `prune` is set, which removes every
    document not found under `paths`, or they are named in `remove` (and their files are no
    longer found). A build that changes nothing writes nothing. `backend` names the engine
    for the search side (None: the one the index has, else local); moving an index to
    another backend copies its vectors, it does not embed again. `stage` embeds each new
    document (default: `InProcessEmbedding` with `embedder`).

    Raises:
        BuildError: no document could be indexed, or another build holds the index (the
            previous index stays).
    """
    paths = list(paths)
    try:
        with writer_lock(index_dir):
            removal = _Removal(prune, frozenset(remove))
            target = _Target(backend, hnsw_threshold)
            stage = stage or InProcessEmbedding(embedder)
            return _build_locked(paths, index_dir, stage, settings, progress, target, removal)
    except IndexBusyError as exc:
        raise BuildError(str(exc)) from None
    except (OSError, sqlite3.OperationalError) as exc:
        if isinstance(exc, OSError) and exc.errno not in _WRITE_ERRNOS:
            raise  # not a write failure (a model file, say): its own message says what is wrong
        raise BuildError(
            f"could not write the index in {index_dir} ({_write_failure(exc)}); free some disk space "
            "or choose a writable --index folder; the previous index was kept"
        ) from exc


# Errors of a full disk or of a folder that cannot be written (or is a file).
_WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOTDIR, errno.EEXIST}
)


def _write_failure(exc: Exception) -> str:
    """The operating system's words for a failed write (`No space left on device`)."""
    if isinstance(exc, (FileExistsError, NotADirectoryError)) and exc.filename:
        return f"{Path(exc.filename)} is a file, not a folder"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def _build_locked(
    paths: list[Path],
    index_dir: Path,
    stage: EmbeddingStage,
    settings: ChunkerSettings | None,
    progress: Progress | None,
    target: _Target,
    removal: _Removal,
) -> BuildReport:
    """`build_index` once this process holds the writer lock."""
    started = time.perf_counter()
    recover(index_dir)
    settings = settings or ChunkerSettings()
    sources = list(find_sources(paths))
    files = [path for path, _ in sources]
    report = BuildReport(index_dir=index_dir)
    old_store = _open_reusable(index_dir, settings)
    old_record = BackendRecord.from_json((read_manifest(index_dir) or {}).get("backend"))
    config = target.config or config_for(old_record)
    report.backend = config.name
    if old_store is not None and (config.name, config.milvus_uri) != (old_record.name, old_record.uri):
        report.moved_to = config.name
    old_prints = old_store.fingerprints() if old_store else {}
    # Links out of the corpus, pipes, devices and oversized files are never opened.
    problems = [source_problem(path, folder) or _too_large(path) for path, folder in sources]
    readable = [path for path, problem in zip(files, problems, strict=True) if not problem]
    may_skip = old_store is not None and not report.moved_to and not any(problems)
    if may_skip and _all_unchanged(
        readable, old_store, old_prints, settings, paths, removal, report, progress
    ):
        old_store.close()
        shutil.rmtree(_resume_dir(index_dir), ignore_errors=True)  # nothing left to resume
        if progress:
            progress(len(files), len(files), "")
        report.seconds = time.perf_counter() - started
        return report
    resume = _open_resume_store(index_dir)
    staging = index_dir.parent / f".{index_dir.name}.building-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    store = Store(staging / STORE_FILE)
    parser = ParsePool(_to_parse(readable, settings, old_prints, resume.fingerprints()), settings)
    try:
        seen: set[str] = set()
        for done, (path, problem) in enumerate(zip(files, problems, strict=True)):
            if progress:
                progress(done, len(files), path.name)
            if problem:
                report.files.append(_refused(path.name, problem, store, old_store, old_prints, seen))
                continue
            report.files.append(
                _index_file(path, store, old_store, old_prints, seen, settings, stage, report, resume, parser)
            )
        _unseen_documents(old_store, seen, paths, removal, store, report)
        if progress:
            progress(len(files), len(files), "")
        report.documents = len(store.documents())
        if report.documents == 0:
            raise BuildError("no document could be indexed; the previous index was kept")
        if old_store is not None and not report.changed():
            raise _NothingChanged
        store.db.commit()
        report.units, record = _write_search_side(store, staging, config, target.hnsw_threshold)
        _write_manifest(staging, store, settings, report, record)
    except _NothingChanged:
        store.close()
        shutil.rmtree(staging, ignore_errors=True)
        resume.close()
        shutil.rmtree(_resume_dir(index_dir), ignore_errors=True)  # nothing was embedded
        report.units = old_store.unit_count() if old_store else 0
        report.seconds = time.perf_counter() - started
        return report
    except BaseException:
        store.close()
        shutil.rmtree(staging, ignore_errors=True)
        if not resume.fingerprints():  # nothing was embedded: nothing to resume
            resume.close()
            shutil.rmtree(_resume_dir(index_dir), ignore_errors=True)
        raise
    finally:
        parser.close()
        if old_store:
            old_store.close()
        resume.close()
    store.close()
    swap_in(staging, index_dir)
    if old_store is not None and old_record.collection and old_record.collection != record.collection:
        retire(target.config, old_record)  # the replaced generation's collection on a server
    shutil.rmtree(_resume_dir(index_dir), ignore_errors=True)  # the build finished: nothing to resume
    report.seconds = time.perf_counter() - started
    return report


def _too_large(path: Path) -> str | None:
    """The size problem of a file as a sentence naming it."""
    reason = size_problem(path)
    return f"{path.name}: {reason}" if reason else None


@dataclass(frozen=True)
class _Removal:
    """What a build may remove besides files gone from a folder it was given."""

    prune: bool  # every indexed document not under the paths given
    names: frozenset[str]  # these documents, named by the user


@dataclass(frozen=True)
class _Target:
    """The search side a build writes: which backend (None: the index's own) and, for the
    local one, above how many units FAISS turns to HNSW."""

    config: BackendConfig | None
    hnsw_threshold: int


class _NothingChanged(Exception):
    """Every document is as indexed: the live index stays as it is, untouched."""


def _refused(
    name: str, problem: str, store: Store, old_store: Store | None, old_prints: dict[str, str], seen: set[str]
) -> FileReport:
    """A file that must not be read: reported, and its indexed version (if any) kept."""
    if old_store and name in old_prints and name not in seen:
        seen.add(name)
        store.copy_document(old_store, name)
        return FileReport(name, "skipped", f"{problem}; kept the previously indexed version")
    return FileReport(name, "skipped", problem)


def _unseen_documents(
    old_store: Store | None,
    seen: set[str],
    paths: list[Path],
    removal: _Removal,
    store: Store,
    report: BuildReport,
) -> None:
    """Indexed documents this build did not meet: removed when their file vanished from a
    folder given, when named or with `prune`, else kept as they are."""
    if old_store is None:
        return
    for doc in sorted(old_store.documents(), key=lambda d: d.name):
        if doc.name in seen:
            continue
        reason = _removal_reason(doc, paths, removal)
        if reason:
            report.files.append(FileReport(doc.name, "removed", reason))
        else:
            store.copy_document(old_store, doc.name)
            report.kept += 1


def _removal_reason(doc: DocumentInfo, paths: list[Path], removal: _Removal) -> str | None:
    """Why an indexed document this build did not meet goes, or None when it is kept."""
    folders = [p.resolve() for p in paths if p.is_dir()]
    source = Path(doc.path).resolve() if doc.path else None
    if source is not None and any(f == source.parent or f in source.parents for f in folders):
        return "no longer in the corpus"
    if doc.name in removal.names:
        return "removed as asked"
    if removal.prune:
        return "not under the paths given (--prune)"
    return None


def _all_unchanged(
    files: list[Path],
    old_store: Store,
    old_prints: dict[str, str],
    settings: ChunkerSettings,
    paths: list[Path],
    removal: _Removal,
    report: BuildReport,
    progress: Progress | None = None,
) -> bool:
    """Whether every file is indexed as it is and no indexed document goes; if so, fill the
    report as a build that changed nothing would. Checked before anything is copied, so a
    rebuild of an unchanged corpus reads its files, not its whole index."""
    names = [path.name for path in files]
    named = set(names)
    if len(named) != len(names):
        return False  # two files of one name: the full build reports which one was skipped
    for done, path in enumerate(files):
        if progress:
            progress(done, len(files), path.name)
        try:
            if old_prints.get(path.name) != fingerprint(path.read_bytes(), settings):
                return False
        except OSError:
            return False  # reported by the full build
    unseen = [doc for doc in old_store.documents() if doc.name not in named]
    if any(_removal_reason(doc, paths, removal) for doc in unseen):
        return False
    report.files = [FileReport(name, "unchanged") for name in names]
    report.kept = len(unseen)
    report.documents = len(old_prints)
    report.units = old_store.unit_count()
    return True


def _index_file(
    path: Path,
    store: Store,
    old_store: Store | None,
    old_prints: dict[str, str],
    seen: set[str],
    settings: ChunkerSettings,
    stage: EmbeddingStage,
    report: BuildReport,
    resume: Store,
    parser: ParsePool,
) -> FileReport:
    """Add one file to the new store: copy it if unchanged (or embedded by an interrupted
    build), else parse and embed it, and keep a durable copy in the resume store."""
    name = path.name
    if name in seen:
        return FileReport(name, "skipped", f"{path} has the same file name as another document")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return _refused(name, f"{name}: cannot be read ({exc.strerror})", store, old_store, old_prints, seen)
    print_ = fingerprint(data, settings)
    if old_store and old_prints.get(name) == print_:
        seen.add(name)
        store.copy_document(old_store, name)
        return FileReport(name, "unchanged")
    resumed = _resumed(resume, store, name, print_)
    if resumed is not None:
        seen.add(name)
        status = "updated" if name in old_prints else "added"
        return FileReport(name, status, "embedded by the interrupted build before", *resumed)
    try:
        ingested = parser.parse(path)
    except IngestError as exc:
        return _refused(name, str(exc), store, old_store, old_prints, seen)
    if ingested.document.doc_id in set(store.doc_ids_by_name().values()):
        return FileReport(name, "skipped", f"{name} has the same content as another document")
    units = units_for(ingested)
    # Labels and headers the previous index already embedded are copied, not embedded again.
    new_texts = store.missing_short_texts(short_texts(units))
    if old_store and new_texts:
        new_texts = store.copy_short_texts(old_store, new_texts)
    (embedded,) = stage.embed([EmbeddingJob(name, [u.embed_text for u in units], new_texts)])
    vectors = embedded.unit_vectors
    report.embedded += len(units)
    _mark_furniture(units, embedded.furniture_similarity, ingested.document)
    if new_texts:
        store.add_short_texts(new_texts, embedded.short_vectors)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    store.add_document(ingested, units, vectors, print_, stamp)
    _keep_for_resume(resume, store, name)
    seen.add(name)
    status = "updated" if name in old_prints else "added"
    rows = sum(len(t.rows) for t in ingested.tables)
    return FileReport(name, status, _reading_note(ingested.document), len(ingested.chunks), rows)


def _to_parse(files: list[Path], settings: ChunkerSettings, *known: dict[str, str]) -> list[Path]:
    """The files whose content no store already holds (they are parsed ahead, in workers)."""
    wanted = []
    for path in files:
        try:
            print_ = fingerprint(path.read_bytes(), settings)
        except OSError:
            continue  # reported when the build reaches it
        if not any(prints.get(path.name) == print_ for prints in known):
            wanted.append(path)
    return wanted


def _resume_dir(index_dir: Path) -> Path:
    """Where a build keeps each document it embedded until the build has swapped in."""
    return index_dir.parent / f".{index_dir.name}.resume"


def _open_resume_store(index_dir: Path) -> Store:
    """The store of documents an interrupted build embedded (emptied when its format is old).

    Fingerprints cover the parser, model and chunker settings, so a document found
    here with the same fingerprint is exactly what parsing and embedding would give."""
    folder = _resume_dir(index_dir)
    stamp = folder / "format_version"
    if folder.exists() and (not stamp.is_file() or stamp.read_text().strip() != str(FORMAT_VERSION)):
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stamp.write_text(str(FORMAT_VERSION))
    return Store(folder / STORE_FILE)


def _resumed(resume: Store, store: Store, name: str, print_: str) -> tuple[int, int] | None:
    """Copy a document the interrupted build already embedded; its (chunks, rows), or None."""
    if resume.fingerprints().get(name) != print_:
        return None
    if resume.doc_ids_by_name()[name] in set(store.doc_ids_by_name().values()):
        return None  # the same content under another name: parse it and report that
    store.copy_document(resume, name)
    info = next(d for d in resume.documents() if d.name == name)
    return info.chunks, info.rows


def _keep_for_resume(resume: Store, store: Store, name: str) -> None:
    """Commit a copy of a freshly embedded document, so an interruption does not lose it."""
    resume.remove_document(name)
    resume.copy_document(store, name)
    resume.db.commit()


def _reading_note(document: Document) -> str:
    """What a reviewer should know of how the file was read (a legacy encoding, pages with
    no text layer), or ""."""
    notes = [_no_text_note(document)]
    if document.encoding not in ("UTF-8", "UTF-16"):
        notes.append(f"read as {document.encoding}, as it is not UTF-8")
    return "; ".join(n for n in notes if n)


def _no_text_note(document: Document) -> str:
    """One sentence naming the pages that have no text layer, or ""."""
    blank = document.pages_without_text()
    if not blank:
        return ""
    shown = ", ".join(map(str, blank[:MAX_PAGES_NAMED])) + (" …" if len(blank) > MAX_PAGES_NAMED else "")
    return (
        f"{len(blank)} of {len(document.pages)} pages have no text layer (scanned images?) and "
        f"cannot be searched, as there is no OCR: page {shown}"
    )


def _mark_furniture(units: list[RetrievalUnit], similarity: np.ndarray, document: Document) -> None:
    """Set each unit's page-furniture signals (`similarity`: its closest furniture prototype)."""
    for unit, sim, share in zip(units, similarity, repeated_lines(units, document), strict=True):
        unit.furniture_similarity, unit.repeated_lines = float(sim), share


def _open_reusable(index_dir: Path, settings: ChunkerSettings) -> Store | None:
    """The live store when its format, model and settings match; else None (full rebuild)."""
    manifest = read_manifest(index_dir)
    store_file = index_dir / STORE_FILE
    record = BackendRecord.from_json((manifest or {}).get("backend"))
    complete = (
        store_file.is_file()
        and store_file.stat().st_size > 0
        and all((index_dir / name).exists() for name in backend_files(record))
    )
    if not manifest or not complete:
        return None  # a damaged index is rebuilt, never opened for writing
    compatible = (
        manifest.get("format_version") == FORMAT_VERSION
        and manifest.get("model") == MODEL_NAME
        and manifest.get("chunker") == settings.to_dict()
    )
    return Store(index_dir / STORE_FILE) if compatible else None


def outdated_sources(index_dir: Path) -> list[Path] | None:
    """The source files of an index written in an older format (to rebuild it from), else None."""
    manifest = read_manifest(index_dir)
    if not manifest or manifest.get("format_version") == FORMAT_VERSION:
        return None
    if not (index_dir / STORE_FILE).is_file():
        return []
    store = Store(index_dir / STORE_FILE)
    try:
        return [Path(path) for (path,) in store.db.execute("SELECT path FROM documents ORDER BY name")]
    finally:
        store.close()


def _write_search_side(
    store: Store, folder: Path, config: BackendConfig, hnsw_threshold: int
) -> tuple[int, BackendRecord]:
    """Load every stored unit with its vector into the backend's search side, one document
    at a time; the unit count and what the manifest records of the backend."""
    dimension = _dimension(store)
    writer = open_writer(config, folder, dimension, hnsw_threshold)
    count = 0
    try:
        for doc in store.documents():
            units, vectors = store.units_with_vectors(doc.name)
            writer.put_document(doc.doc_id, units, vectors)
            count += len(units)
        return count, writer.finish()
    except BaseException:
        writer.abandon()
        raise


def _dimension(store: Store) -> int:
    """The length of the stored unit vectors (0 for an index without units)."""
    row = store.db.execute("SELECT length(vector) FROM units LIMIT 1").fetchone()
    return int(row[0]) // np.dtype(np.float32).itemsize if row else 0


def _write_manifest(
    folder: Path, store: Store, settings: ChunkerSettings, report: BuildReport, record: BackendRecord
) -> None:
    docs = store.documents()
    manifest = {
        "format_version": FORMAT_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "model": MODEL_NAME,
        "backend": record.to_json(),
        "dimension": _dimension(store),
        "chunker": settings.to_dict(),
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "units": report.units,
        "documents": {d.name: d.fingerprint for d in docs},
    }
    (folder / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1))
