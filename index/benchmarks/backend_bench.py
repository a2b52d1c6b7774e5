"""One backend on one corpus: build and rebuild times, size on disk, first answer, warm
query latency and peak memory.

Building and serving each run in a fresh process, so each peak RSS is that work's own (a
model or an index loaded by an earlier measurement does not count against the next one).
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
    """What to measure: a backend over a corpus folder, with the model or the stand-in.

    The corpus folder must be the benchmark's own copy: one of its files is changed (and put
    back) to time a one-document rebuild."""

    backend: str  # local or milvus
    corpus: Path
    work: Path  # the index is built from scratch under here
    encoder: str  # "minilm" or "hashing"
    questions: tuple[str, ...]
    repeat: int = 3  # runs per question
    rebuild_repeat: int = 3  # runs of each rebuild


@dataclass(frozen=True)
class Spread:
    """The median of repeated runs with the lowest and highest."""

    median: float
    low: float
    high: float
    runs: int

    @classmethod
    def of(cls, values: list[float]) -> Spread:
        """The spread of a non-empty list of runs."""
        return cls(statistics.median(values), min(values), max(values), len(values))

    def text(self, unit: str = "s", digits: int = 1) -> str:
        """`2.3 s (2.1-2.6, 3 runs)`, or `2.3 s (1 run)`."""
        figure = f"{self.median:.{digits}f} {unit}"
        if self.runs == 1:
            return f"{figure} (1 run)"
        return f"{figure} ({self.low:.{digits}f}-{self.high:.{digits}f}, {self.runs} runs)"


@dataclass(frozen=True)
class BuildFigures:
    """Building one corpus from nothing, then rebuilding it, in one process."""

    units: int
    documents: int
    build_seconds: float
    unchanged_rebuild: Spread
    one_changed_rebuild: Spread
    disk_mb: float
    peak_rss_mb: float

    @property
    def disk_mb_per_1000_units(self) -> float:
        """Index size on disk per thousand units."""
        return self.disk_mb / max(self.units, 1) * 1000


@dataclass(frozen=True)
class ServeFigures:
    """Serving the built index from a fresh process: first answer, warm queries, memory."""

    first_answer_seconds: float  # encoder and index loaded, first question answered
    query_p50_ms: float
    query_p95_ms: float
    stages_ms: dict[str, float]  # median per stage of the warm queries
    peak_rss_mb: float  # with the MiniLM query encoder loaded, also beside the stand-in


@dataclass(frozen=True)
class BackendFigures:
    """One row of the backend table."""

    backend: str
    encoder: str
    build: BuildFigures
    serve: ServeFigures


def measure(run: BackendRun) -> BackendFigures:
    """Build (and rebuild) in one fresh process, then serve from another, so each peak RSS is
    that work's own."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        encoder, build = pool.submit(_build_here, run).result()
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        serve = pool.submit(_serve_here, run).result()
    return BackendFigures(run.backend, encoder, build, serve)


def bench_index_dir(work: Path, backend: str, encoder: str) -> Path:
    """Where a measurement builds its index (kept after it, for other measurements to read)."""
    return work / f"index-{backend}-{encoder}"


def _encoder(kind: str):
    if kind == "hashing":
        from index.benchmarks.scaled_corpus import HashingEncoder

        return HashingEncoder()
    from index.embedder import load_embedder

    return load_embedder()


def _build_here(run: BackendRun) -> tuple[str, BuildFigures]:
    """Build from nothing, rebuild with nothing changed, rebuild after one document changed."""
    from index.backends.base import BackendConfig
    from index.builder import build_index
    from index.generations import delete_index

    encoder = _encoder(run.encoder)
    index_dir = bench_index_dir(run.work, run.backend, run.encoder)
    delete_index(index_dir)  # a build from nothing: no generation or resume store to reuse

    def build() -> tuple[float, int, int]:
        started = time.perf_counter()
        report = build_index([run.corpus], index_dir, embedder=encoder, backend=BackendConfig(run.backend))
        return time.perf_counter() - started, report.units, report.documents

    build_seconds, units, documents = build()
    unchanged = [build()[0] for _ in range(run.rebuild_repeat)]
    changed_file = sorted(run.corpus.glob("*.txt"))[0]
    original = changed_file.read_text(encoding="utf-8")
    changed = []
    try:
        for i in range(run.rebuild_repeat):
            remark = f"\nA closing remark added by the benchmark, run {i}.\n"
            changed_file.write_text(original + remark, encoding="utf-8")
            changed.append(build()[0])
    finally:
        changed_file.write_text(original, encoding="utf-8")
    disk = sum(p.stat().st_size for p in index_dir.resolve().rglob("*") if p.is_file()) / 1e6
    figures = BuildFigures(
        units=units,
        documents=documents,
        build_seconds=build_seconds,
        unchanged_rebuild=Spread.of(unchanged),
        one_changed_rebuild=Spread.of(changed),
        disk_mb=disk,
        peak_rss_mb=peak_rss_mb(),
    )
    return encoder.name, figures


def _serve_here(run: BackendRun) -> ServeFigures:
    """Load the encoder and the index, answer the first question, then time the rest warm."""
    from index.search import Searcher

    started = time.perf_counter()
    encoder = _encoder(run.encoder)
    searcher = Searcher(bench_index_dir(run.work, run.backend, run.encoder), embedder=encoder)
    searcher.search(run.questions[0], k=5)
    first = time.perf_counter() - started
    if run.encoder != "minilm":
        # Serving memory counts the real query encoder even where the stand-in encodes.
        _encoder("minilm").encode(list(run.questions[:1]))
    per_question = query_latencies(searcher, run.questions, run.repeat)
    stages = stage_medians(searcher, run.questions)
    searcher.close()
    return ServeFigures(
        first_answer_seconds=first,
        query_p50_ms=statistics.median(per_question),
        query_p95_ms=p95(per_question),
        stages_ms=stages,
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
    """Per question, the median wall time in ms of `repeat` searches (k=5) on a warm searcher.
    The list is run `repeat` times over, so a search never follows one of the same question
    (the lexical index keeps the last question's scores, and that reuse is no warm query)."""
    runs: list[list[float]] = [[] for _ in questions]
    for _ in range(repeat):
        for i, question in enumerate(questions):
            t = time.perf_counter()
            searcher.search(question, k=5)
            runs[i].append((time.perf_counter() - t) * 1000)
    return [statistics.median(r) for r in runs]


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
