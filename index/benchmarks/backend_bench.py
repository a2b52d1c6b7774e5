"""One backend on one corpus: build time, warm query latency and peak memory.

Each measurement runs in a fresh process, so its peak RSS is its own (a model or an
index loaded by an earlier measurement does not count against the next one).
"""

from __future__ import annotations

import multiprocessing
import resource
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BackendRun:
    """What to measure: a backend over a corpus folder, with the model or the stand-in."""

    backend: str  # local or milvus
    corpus: Path
    work: Path  # the index is built from scratch under here
    encoder: str  # "minilm" or "hashing"
    questions: tuple[str, ...]
    repeat: int = 3


@dataclass(frozen=True)
class BackendFigures:
    """One row of the backend table."""

    backend: str
    encoder: str
    units: int
    build_seconds: float
    query_p50_ms: float
    query_p95_ms: float
    peak_rss_mb: float


def measure(run: BackendRun) -> BackendFigures:
    """Run one measurement in a fresh (spawned) process and return its figures."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_measure_here, run).result()


def bench_index_dir(work: Path, backend: str, encoder: str) -> Path:
    """Where a measurement builds its index (kept after it, for other measurements to read)."""
    return work / f"index-{backend}-{encoder}"


def _encoder(kind: str):
    if kind == "hashing":
        from index.benchmarks.scaled_corpus import HashingEncoder

        return HashingEncoder()
    from index.embedder import load_embedder

    return load_embedder()


def _measure_here(run: BackendRun) -> BackendFigures:
    """Build from scratch, then time each question (median of `repeat` runs) and read the
    process's peak RSS."""
    from index.backends.base import BackendConfig
    from index.builder import build_index
    from index.generations import delete_index
    from index.search import Searcher

    encoder = _encoder(run.encoder)
    index_dir = bench_index_dir(run.work, run.backend, run.encoder)
    delete_index(index_dir)  # a build from nothing: no generation or resume store to reuse
    started = time.perf_counter()
    build_index([run.corpus], index_dir, embedder=encoder, backend=BackendConfig(run.backend))
    build_seconds = time.perf_counter() - started
    searcher = Searcher(index_dir, embedder=encoder)
    searcher.search("warm up")
    per_question = query_latencies(searcher, run.questions, run.repeat)
    units = searcher.backend.unit_count()
    searcher.close()
    return BackendFigures(
        backend=run.backend,
        encoder=encoder.name,
        units=units,
        build_seconds=build_seconds,
        query_p50_ms=statistics.median(per_question),
        query_p95_ms=p95(per_question),
        peak_rss_mb=peak_rss_mb(),
    )


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB. On Linux from `VmHWM`, the peak of the
    process's own memory: `ru_maxrss` also counts the parent's memory a spawned process
    was forked with before it ran Python afresh (the whole bench process, torch included)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def query_latencies(searcher, questions, repeat: int) -> list[float]:
    """Per question, the median wall time in ms of `repeat` searches (k=5) on a warm searcher."""
    per_question = []
    for question in questions:
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            searcher.search(question, k=5)
            runs.append((time.perf_counter() - t) * 1000)
        per_question.append(statistics.median(runs))
    return per_question


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank) of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def stage_medians(searcher, questions) -> dict[str, float]:
    """Per stage of a warm search (k=5), the median ms over the questions, and the total's."""
    from index.search import QUERY_STAGES

    laps: dict[str, list[float]] = {stage: [] for stage in (*QUERY_STAGES, "total")}
    for question in questions:
        timings = searcher.search(question, k=5).timings_ms
        for stage, values in laps.items():
            values.append(timings.get(stage, 0.0))
    return {stage: statistics.median(values) for stage, values in laps.items() if values}
