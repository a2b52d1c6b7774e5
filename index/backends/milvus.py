"""The Milvus backend: the search side in one Milvus collection, the catalogue in the
index folder's SQLite store.

The collection holds one entity per unit: `unit_id` (primary key), `doc_id` and `kind`
scalars (document filters run inside Milvus), `dense` (the MiniLM vector; HNSW, cosine)
and `sparse`, filled by Milvus's own BM25 function from `text`. `text` is the project's
financial tokenizer output (stems, `1q09`, `3.5%`), each token written in word characters
only, so Milvus's analyzer (which has no English stemming and splits on punctuation)
indexes exactly the tokens the local backend's bm25s indexes.

Locally this is Milvus Lite (`milvus.db` in the generation folder: in-process, no server);
with a URI it is a Milvus server or cluster, one collection per index generation (the
manifest names it), so a build never changes what a running reader searches.

Milvus Lite quirks handled here: BM25 distances come back negative (more negative is
better; they are negated), BM25 statistics are per segment (units are loaded in a few large
batches and flushed once; a segment holds up to 100,000 units, so on a larger index scores
differ a little from one global BM25), and a Lite database is one process's: a second
process opening the same generation is told so in one sentence.
"""

from __future__ import annotations

import json
import logging
import os
import re
import time
from collections import Counter
from pathlib import Path

import numpy as np

from index.backends.base import BackendConfig, BackendRecord, Scored
from index.backends.catalogue import StoreCatalogue
from index.financial_tokenizer import tokenize
from index.units import RetrievalUnit

NAME = "milvus"
LITE_FILE = "milvus.db"
TERMS_FILE = "terms.json"
# The files this backend keeps in an index folder (Milvus Lite only).
LITE_FILES = (LITE_FILE, TERMS_FILE)
LITE_COLLECTION = "docqa_units"
# Units sent per insert: large batches keep Milvus Lite's BM25 statistics in few segments,
# and stay far below gRPC's 64 MB message limit (2,000 x 384 floats is 3 MB).
INSERT_BATCH = 2000
# Milvus caps VARCHAR fields at 65,535 bytes; a longer token text is cut (a huge table row).
MAX_TEXT_BYTES = 65535
# bm25s's defaults, so both backends score alike.
BM25_K1, BM25_B = 1.5, 0.75
# HNSW graph degree and build/search breadth: at these sizes HNSW is all but exact.
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF = 16, 200, 256
# A vector field needs a length even in an index without units: MiniLM's.
DEFAULT_DIMENSION = 384
# Milvus's largest `limit` for one search.
MAX_LIMIT = 16384

# Milvus Lite logs a traceback when a database is locked; the error sentence says it instead.
logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)
logging.getLogger("pymilvus").setLevel(logging.ERROR)


# Open clients per Milvus Lite database in this process: they share one server, stopped when
# the last of them closes.
_LITE_CLIENTS: Counter = Counter()


class MilvusUnavailableError(Exception):
    """Milvus could not be opened (a server that does not answer, a Lite database another
    process holds); the message says which and what to do."""


def encode_tokens(tokens: list[str]) -> str:
    """Tokens as one space-separated text in word characters only (`3.5%` -> `3_2e_5_25_`),
    cut below Milvus's VARCHAR limit."""
    words = [re.sub(r"[^a-z0-9]", lambda m: f"_{ord(m.group()):x}_", t) for t in tokens]
    text = " ".join(words)
    if len(text.encode()) > MAX_TEXT_BYTES:
        text = text.encode()[:MAX_TEXT_BYTES].decode(errors="ignore").rsplit(" ", 1)[0]
    return text


def connect(config: BackendConfig, folder: Path):
    """A `MilvusClient` for the configured server, or Milvus Lite in `folder`."""
    try:
        from pymilvus import MilvusClient
    except ImportError as exc:
        raise MilvusUnavailableError(
            "the Milvus backend needs pymilvus and milvus-lite; run 'make setup'"
        ) from exc
    uri = config.milvus_uri or str(folder / LITE_FILE)
    try:
        if config.milvus_token:
            return MilvusClient(uri=uri, token=config.milvus_token)
        client = MilvusClient(uri=uri)
        _LITE_CLIENTS[os.path.abspath(uri)] += 1
        return client
    except Exception as exc:  # pymilvus raises its own exception types per failure
        if config.milvus_uri:
            message = f"could not reach the Milvus server at {uri} ({exc}); check that it runs and the URI"
        else:
            message = (
                f"could not open the Milvus Lite database {uri}: Milvus Lite lets one process open a "
                "database at a time; close the other docqa (the app, say) or ask and build through the app"
            )
        raise MilvusUnavailableError(message) from exc


def disconnect(client, config: BackendConfig, folder: Path) -> None:
    """Close a client; for Milvus Lite also stop this process's server of the database, which
    holds its lock (the folder is renamed or removed after a build)."""
    try:
        client.close()
    finally:
        path = os.path.abspath(folder / LITE_FILE)
        if not config.milvus_uri:
            _LITE_CLIENTS[path] -= 1
        if not config.milvus_uri and _LITE_CLIENTS[path] <= 0:
            from milvus_lite.server_manager import server_manager_instance

            del _LITE_CLIENTS[path]
            server_manager_instance.release_server(path)


class MilvusBackend(StoreCatalogue):
    """Candidates and scores from a Milvus collection; catalogue reads from SQLite."""

    name = NAME

    def __init__(self, folder: Path, record: BackendRecord, config: BackendConfig) -> None:
        super().__init__(folder)
        uri = config.milvus_uri or record.uri
        self.config, self.folder = BackendConfig(NAME, uri, config.milvus_token), folder
        self.client = connect(self.config, folder)
        self.collection = record.collection or LITE_COLLECTION
        terms = json.loads((folder / TERMS_FILE).read_text())
        self._units: int = terms["units"]
        self._df: dict[str, int] = terms["df"]
        self.client.load_collection(self.collection)

    def dense_candidates(self, vector: np.ndarray, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` nearest units by HNSW (cosine)."""
        hits = self.client.search(
            self.collection,
            data=[np.asarray(vector, dtype=np.float32).tolist()],
            anns_field="dense",
            limit=min(k, MAX_LIMIT),
            filter=_doc_filter(docs),
            search_params={"metric_type": "COSINE", "params": {"ef": max(HNSW_EF, k)}},
            output_fields=["unit_id"],
        )[0]
        return [(int(h["unit_id"]), float(h["distance"])) for h in hits]

    def lexical_candidates(self, query: str, k: int, docs: frozenset[str] | None) -> Scored:
        """The `k` best units by Milvus's BM25 (its negative distances negated)."""
        return self._bm25(query, min(k, MAX_LIMIT), _doc_filter(docs))

    def dense_scores(self, vector: np.ndarray, ids: list[int]) -> dict[int, float]:
        """Cosines with the units' stored vectors (fetched by id)."""
        if not ids:
            return {}
        rows = self.client.get(self.collection, ids=[int(i) for i in ids], output_fields=["dense"])
        query = np.asarray(vector, dtype=np.float32)
        found = {
            int(r["unit_id"]): float(np.dot(np.asarray(r["dense"], dtype=np.float32), query)) for r in rows
        }
        return {i: found.get(i, 0.0) for i in ids}

    def lexical_scores(self, query: str, ids: list[int]) -> dict[int, float]:
        """BM25 scores of these units: a BM25 search restricted to their ids."""
        if not ids:
            return {}
        found = dict(self._bm25(query, len(ids), f"unit_id in {json.dumps([int(i) for i in ids])}"))
        return {i: found.get(i, 0.0) for i in ids}

    def document_frequency(self, token: str) -> int:
        """Units holding the term (counted at build time: Milvus does not expose it)."""
        return self._df.get(token, 0)

    def unit_count(self) -> int:
        """Units in the collection."""
        return self._units

    def stored_ids(self) -> list[int]:
        """Every unit id the collection holds, sorted (for `docqa check`)."""
        ids: list[int] = []
        while True:  # pages of ids above the last one seen
            last = ids[-1] if ids else -1
            page = self.client.query(
                self.collection, filter=f"unit_id > {last}", output_fields=["unit_id"], limit=MAX_LIMIT
            )
            if not page:
                return ids
            ids.extend(sorted(int(r["unit_id"]) for r in page))

    def _bm25(self, query: str, limit: int, expression: str) -> Scored:
        text = encode_tokens([t for t in tokenize(query) if t in self._df])
        if not text or limit <= 0:
            return []
        hits = self.client.search(
            self.collection,
            data=[text],
            anns_field="sparse",
            limit=limit,
            filter=expression,
            search_params={"metric_type": "BM25"},
            output_fields=["unit_id"],
        )[0]
        scored = [(int(h["unit_id"]), -float(h["distance"])) for h in hits]
        return [(i, s) for i, s in sorted(scored, key=lambda x: -x[1]) if s > 0]

    def close(self) -> None:
        """Close the Milvus connection and the store (again is a no-op)."""
        if self.client is None:
            return
        client, self.client = self.client, None
        try:
            disconnect(client, self.config, self.folder)
        finally:
            super().close()


def _doc_filter(docs: frozenset[str] | None) -> str:
    return "" if docs is None else f"doc_id in {json.dumps(sorted(docs))}"


class MilvusWriter:
    """Loads a new generation's units into a fresh collection (Milvus Lite in the staging
    folder, or a new collection on a server) and counts term statistics."""

    def __init__(self, folder: Path, config: BackendConfig, dimension: int) -> None:
        self.folder = folder
        self.config = config
        self.client = connect(config, folder)
        self.collection = (
            f"{LITE_COLLECTION}_{time.time_ns()}_{os.getpid()}" if config.milvus_uri else LITE_COLLECTION
        )
        self.dimension = dimension or DEFAULT_DIMENSION
        self._df: Counter = Counter()
        self._units = 0
        self._pending: list[dict] = []
        self._create()

    def _create(self) -> None:
        from pymilvus import DataType, Function, FunctionType

        if self.client.has_collection(self.collection):
            self.client.drop_collection(self.collection)
        schema = self.client.create_schema(auto_id=False)
        schema.add_field("unit_id", DataType.INT64, is_primary=True)
        schema.add_field("doc_id", DataType.VARCHAR, max_length=64)
        schema.add_field("kind", DataType.VARCHAR, max_length=16)
        schema.add_field("text", DataType.VARCHAR, max_length=MAX_TEXT_BYTES, enable_analyzer=True)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=self.dimension)
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(
            Function(
                name="bm25",
                function_type=FunctionType.BM25,
                input_field_names=["text"],
                output_field_names=["sparse"],
            )
        )
        params = self.client.prepare_index_params()
        params.add_index(
            "dense",
            index_type="HNSW",
            metric_type="COSINE",
            params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION},
        )
        params.add_index(
            "sparse",
            index_type="SPARSE_INVERTED_INDEX",
            metric_type="BM25",
            params={"bm25_k1": BM25_K1, "bm25_b": BM25_B},
        )
        self.client.create_collection(self.collection, schema=schema, index_params=params)

    def put_document(self, doc_id: str, units: list[RetrievalUnit], vectors: np.ndarray) -> None:
        """Queue a document's units for insertion (sent in batches of `INSERT_BATCH`)."""
        for unit, vector in zip(units, vectors, strict=True):
            tokens = list(unit.tokens)
            self._df.update(set(tokens or [""]))
            self._units += 1
            self._pending.append(
                {
                    "unit_id": unit.unit_id,
                    "doc_id": doc_id,
                    "kind": unit.kind,
                    "text": encode_tokens(tokens),
                    "dense": np.asarray(vector, dtype=np.float32).tolist(),
                }
            )
        if len(self._pending) >= INSERT_BATCH:
            self._send()

    def remove_document(self, doc_id: str) -> None:
        """Delete a document's units from the collection."""
        self._send()
        self.client.delete(self.collection, filter=f"doc_id == {json.dumps(doc_id)}")

    def _send(self) -> None:
        if self._pending:
            self.client.insert(self.collection, self._pending)
            self._pending = []

    def finish(self) -> BackendRecord:
        """Insert what is queued, flush, write the term statistics, close the client."""
        self._send()
        self.client.flush(self.collection)
        self._df.pop("", None)
        (self.folder / TERMS_FILE).write_text(json.dumps({"units": self._units, "df": self._df}))
        disconnect(self.client, self.config, self.folder)
        return BackendRecord(
            NAME, self.config.milvus_uri, self.collection if self.config.milvus_uri else None
        )

    def abandon(self) -> None:
        """Drop the half-loaded collection on a server (a Lite database goes with its folder)."""
        try:
            if self.config.milvus_uri and self.client.has_collection(self.collection):
                self.client.drop_collection(self.collection)
        finally:
            disconnect(self.client, self.config, self.folder)


def drop_collection(config: BackendConfig, record: BackendRecord) -> None:
    """Drop a retired generation's collection on a Milvus server (Lite's goes with its folder)."""
    if not record.uri or not record.collection:
        return
    client = connect(BackendConfig(NAME, record.uri, config.milvus_token), Path("."))
    try:
        if client.has_collection(record.collection):
            client.drop_collection(record.collection)
    finally:
        client.close()
