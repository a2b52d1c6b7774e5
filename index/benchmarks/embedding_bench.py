"""Encoders side by side on the same texts: throughput and closeness to the torch model.

The reference is plain sentence-transformers on torch; the others are the onnxruntime
encoder at each precision. Each figure is the median of repeated runs in one process, so
the machine's load touches them alike.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.embedder import Embedder, SentenceTransformerEmbedder, load_embedder
from index.onnx_model import PRECISIONS


@dataclass(frozen=True)
class EncoderFigures:
    """One encoder's row: texts per second, its speed-up over torch and its worst cosine to it."""

    name: str
    units_per_second: float
    speedup: float
    min_cosine: float


def compare_encoders(texts: list[str], repeat: int = 3) -> list[EncoderFigures]:
    """Time the torch reference and every onnxruntime precision on the same texts."""
    reference = SentenceTransformerEmbedder()
    ref_seconds, ref_vectors = _timed(reference, texts, repeat)
    rows = [EncoderFigures("sentence-transformers (torch)", len(texts) / ref_seconds, 1.0, 1.0)]
    for precision in PRECISIONS:
        encoder = load_embedder(precision)
        seconds, vectors = _timed(encoder, texts, repeat)
        cosine = float(np.min(np.sum(vectors * ref_vectors, axis=1)))
        rows.append(
            EncoderFigures(f"onnxruntime {precision}", len(texts) / seconds, ref_seconds / seconds, cosine)
        )
    return rows


def _timed(encoder: Embedder | SentenceTransformerEmbedder, texts: list[str], repeat: int):
    """Median seconds to encode all texts, and the vectors of the last run."""
    runs, vectors = [], None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        vectors = encoder.encode(texts)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), vectors


def passage_recall(golds: list[Path], corpus: Path, work: Path, precision: str) -> list[float]:
    """Evidence recall@5 of each gold file on an index of `corpus` whose passages are embedded
    at `precision`. The build runs in a fresh process started with `DOCQA_PASSAGE_PRECISION`
    set, so its index records the precision as a real build would."""
    context = multiprocessing.get_context("spawn")
    saved = os.environ.get("DOCQA_PASSAGE_PRECISION")
    os.environ["DOCQA_PASSAGE_PRECISION"] = precision
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
            return pool.submit(_recall_here, golds, corpus, work / f"corpus-{precision}-passages").result()
    finally:
        if saved is None:
            os.environ.pop("DOCQA_PASSAGE_PRECISION")
        else:
            os.environ["DOCQA_PASSAGE_PRECISION"] = saved


def _recall_here(golds: list[Path], corpus: Path, index_dir: Path) -> list[float]:
    """Build (or bring up to date) the index, then each gold file's recall@5."""
    from app.commands import evaluate
    from index.builder import build_index
    from index.evaluation import load_gold
    from index.search import Searcher

    build_index([corpus], index_dir)
    searcher = Searcher(index_dir)
    return [evaluate(searcher, load_gold(gold), k=5).recall_at(5) for gold in golds]
