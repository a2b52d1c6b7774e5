"""Sentence embeddings from the bundled all-MiniLM-L6-v2, run on onnxruntime.

The encoder tokenizes with the model's own `tokenizer.json` (the `tokenizers` library),
runs the exported graph (`index/onnx_model.py`) and mean-pools and normalises in numpy, as
sentence-transformers does. Loading it imports neither torch nor sentence-transformers, which
is most of a cold start. `SentenceTransformerEmbedder` is the plain torch model, kept as the
reference the benchmark compares against.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from index.onnx_model import PRECISIONS, model_files, quiet_offline_transformers, weights_dir

BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"


# Queries, row labels and column headers are always fp32: the torch model's vectors (cosine
# >= 0.9999998) at about 3x its query speed, and short texts cost little to embed exactly.
# Passages, the bulk of a build, are int8 by default: 3.6-3.9x torch's speed against 1.6-1.8x
# for fp32 (`make bench`), at a cosine of about 0.99 to the exact vectors. With the models
# fitted on exact vectors, int8 passages gave the same evidence and answers within a question
# or two on every set (2026-12-05; blind2 recall@5 0.900 against 0.887, blind 0.773 against
# 0.784, answers 0.150 / 0.193 / 0.362 / 0.658 against 0.150 / 0.193 / 0.328 / 0.671 on
# blind2, blind, PDF blind and statement lines, wrong answers equal).
# `DOCQA_PASSAGE_PRECISION=fp32` embeds passages exactly; `docqa train` always fits on exact ones.
DEFAULT_PASSAGE_PRECISION = "int8"


def _passage_precision() -> str:
    """`$DOCQA_PASSAGE_PRECISION` (default `DEFAULT_PASSAGE_PRECISION`), checked."""
    value = os.environ.get("DOCQA_PASSAGE_PRECISION") or DEFAULT_PASSAGE_PRECISION
    if value not in PRECISIONS:
        raise ValueError(f"DOCQA_PASSAGE_PRECISION must be one of {', '.join(PRECISIONS)}, not {value!r}")
    return value


PASSAGE_PRECISION = _passage_precision()
# Texts per runtime call. Measured on 512 of the corpus's passages, 2 cores: 8 gives 109
# passages/s, 32 gives 94 and 128 gives 66 (onnxruntime runs small batches better), 1 gives 91.
BATCH_SIZE = 8
# The torch reference runs at sentence-transformers' own default batch size.
TORCH_BATCH_SIZE = 32


# Many batches (a build's passages) run side by side, one batch per core on a session of one
# thread, instead of each batch spread over the cores: on the default corpus's 1,455 texts,
# 2 cores, 93 texts/s against 82 (1.72x torch against 1.50x), the same vectors. One batch (a
# question) keeps the session that spreads it: 4.6 ms against 6.1 ms on one thread.
def _usable_cores() -> int:
    """Cores this process may run on (the affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


BULK_WORKERS = _usable_cores()


def model_name(passage_precision: str) -> str:
    """The name an index records for its vectors (all fp32 is the torch model's own)."""
    return BASE_MODEL if passage_precision == "fp32" else f"{BASE_MODEL} ({passage_precision} passages)"


MODEL_NAME = model_name(PASSAGE_PRECISION)


class Embedder:
    """Normalised 384-d MiniLM embeddings on the CPU; nothing is fetched."""

    def __init__(self, precision: str = "fp32", batch_size: int = BATCH_SIZE) -> None:
        from tokenizers import Tokenizer

        files = model_files(precision)
        self.name = BASE_MODEL if precision == "fp32" else f"{BASE_MODEL} ({precision})"
        self.batch_size = batch_size
        self.dimension = files.dimension
        self.tokenizer = Tokenizer.from_file(str(files.tokenizer))
        self.tokenizer.enable_truncation(max_length=files.max_tokens)
        # The file asks for padding to a fixed 128; batches are padded here to their longest text.
        self.tokenizer.no_padding()
        self.graph = str(files.graph)
        self.session = self._session(threads=0)
        self._bulk_session = None
        self._bulk_lock = threading.Lock()
        self.calls = 0
        self.encoded = 0

    def _session(self, threads: int):
        """An onnxruntime session over the graph; `threads` 0 lets it use every core."""
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        # Busy-waiting threads fight whatever else runs on a loaded machine; idle ones cost nothing.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return onnxruntime.InferenceSession(self.graph, options, providers=["CPUExecutionProvider"])

    def _bulk(self):
        """The one-thread session that `BULK_WORKERS` threads share (made on first bulk encode)."""
        with self._bulk_lock:
            if self._bulk_session is None:
                self._bulk_session = self._session(threads=1)
            return self._bulk_session

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as float32 unit vectors, shape (len(texts), dimension).

        Texts run in batches of similar length (longest first) and come back in input order.
        """
        self.calls += 1
        self.encoded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return vectors
        tokens = [e.ids for e in self.tokenizer.encode_batch(texts)]
        order = np.argsort([-len(t) for t in tokens], kind="stable")
        batches = [order[start : start + self.batch_size] for start in range(0, len(texts), self.batch_size)]
        if len(batches) == 1 or BULK_WORKERS == 1:
            for rows in batches:
                vectors[rows] = self._encode_batch(self.session, [tokens[i] for i in rows])
            return vectors
        session = self._bulk()

        def encode_rows(rows: np.ndarray) -> None:
            vectors[rows] = self._encode_batch(session, [tokens[i] for i in rows])

        with ThreadPoolExecutor(max_workers=BULK_WORKERS) as pool:
            list(pool.map(encode_rows, batches))
        return vectors

    @staticmethod
    def _encode_batch(session, tokens: list[list[int]]) -> np.ndarray:
        """One runtime call over texts' token ids: padded with 0, mean over real tokens, unit length."""
        width = max(len(t) for t in tokens)
        ids = np.zeros((len(tokens), width), dtype=np.int64)
        mask = np.zeros((len(tokens), width), dtype=np.int64)
        for row, t in enumerate(tokens):
            ids[row, : len(t)] = t
            mask[row, : len(t)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        states = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (states * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        return pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)


class SentenceTransformerEmbedder:
    """The same model on torch through sentence-transformers: the reference for the benchmark."""

    name = BASE_MODEL

    def __init__(self, batch_size: int = TORCH_BATCH_SIZE) -> None:
        quiet_offline_transformers()
        from sentence_transformers import SentenceTransformer

        self.batch_size = batch_size
        self.model = SentenceTransformer(str(weights_dir()), device="cpu")
        self.dimension = int(self.model.get_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts as float32 unit vectors, shape (len(texts), dimension)."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_embedder(precision: str = "fp32") -> Embedder:
    """The process-wide embedder at this precision (loading takes a fraction of a second once the
    graph is cached, and seconds the first time on a machine: do it once)."""
    return _shared_embedder(precision)


@lru_cache(maxsize=len(PRECISIONS))
def _shared_embedder(precision: str) -> Embedder:
    """One encoder per precision, however the precision was passed."""
    return Embedder(precision)
