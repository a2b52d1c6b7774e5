"""`docqa bench`: speed and memory figures (median of repeated runs), printed, never asserted."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from app.commands import DEFAULT_CORPUS, ensure_index
from index.benchmarks.backend_bench import (
    BackendRun,
    bench_index_dir,
    measure,
    p95,
    peak_rss_mb,
    query_latencies,
    stage_medians,
)
from index.benchmarks.cold_start import cold_ask_seconds
from index.benchmarks.scaled_corpus import write_scaled_corpus
from index.builder import build_index
from index.evaluation import load_gold
from index.onnx_model import PRECISIONS
from index.paths import default_index_dir
from index.search import QUERY_STAGES, Searcher

# Runs of the measurements that take seconds each (rebuilds, cold starts, encoders, backend
# rows, PDF parsing): their median is printed; queries take `--repeat` runs.
SLOW_REPEATS = 3
# Texts the encoders are timed on: enough for a stable rate, few enough for torch's ~60/s.
ENCODER_TEXTS = 512


def add_bench_command(sub: argparse._SubParsersAction) -> None:
    """Register `bench` on the CLI parser."""
    cmd = sub.add_parser("bench", help="measure query latency, rebuild time and memory")
    cmd.add_argument(
        "questions", type=Path, help="JSONL with a `question` per line to time (not the dev set's)"
    )
    cmd.add_argument(
        "--recall",
        type=Path,
        action="append",
        default=[],
        help="gold JSONL whose evidence recall@5 is compared between embedding precisions (repeatable)",
    )
    cmd.add_argument("--repeat", type=int, default=5, help="runs per question (default 5)")
    cmd.add_argument("--index", type=Path, default=None)
    cmd.add_argument(
        "--pdfs", type=Path, default=None, help="also time parsing every PDF in this folder (pages/s)"
    )
    cmd.add_argument(
        "--backends",
        default="local,milvus",
        help="backends to compare on the default and the scaled corpus (comma-separated; '' for none)",
    )
    cmd.add_argument(
        "--scale",
        type=int,
        default=100,
        help="copies of the default corpus in the scaled corpus (default 100; 0 for none)",
    )
    cmd.add_argument("--work", type=Path, default=Path(".docqa/bench"), help="folder for benchmark indexes")
    cmd.set_defaults(run=run_bench)


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run_bench(args: argparse.Namespace) -> int:
    """Print load time, warm query latency (median, p95), unchanged-rebuild time and peak memory."""
    if args.repeat <= 0:
        raise SystemExit("--repeat must be > 0")
    index_dir = args.index or default_index_dir()
    ensure_index(index_dir)
    started = time.perf_counter()
    searcher = Searcher(index_dir)
    searcher.search("warm up the model")
    load_s = time.perf_counter() - started
    questions = [q["question"] for q in load_gold(args.questions)]
    per_query = query_latencies(searcher, questions, args.repeat)
    rebuilds = []
    for _ in range(SLOW_REPEATS):
        t = time.perf_counter()
        build_index([DEFAULT_CORPUS], index_dir)
        rebuilds.append(time.perf_counter() - t)
    peak_mb = peak_rss_mb()
    stages = stage_medians(searcher, questions)
    print(f"index {index_dir}: {searcher.backend.unit_count()} units, {_folder_mb(index_dir):.1f} MB on disk")
    print(f"load model and index, first query: {load_s:.1f} s")
    print(
        f"warm query latency over {len(questions)} questions x {args.repeat} runs: "
        f"median {statistics.median(per_query):.0f} ms, p95 {p95(per_query):.0f} ms"
    )
    split = ", ".join(f"{stage} {stages[stage]:.1f}" for stage in QUERY_STAGES)
    print(f"  median ms per stage: {split} (total {stages['total']:.1f})")
    print(f"rebuild with nothing changed (median of {SLOW_REPEATS}): {statistics.median(rebuilds):.2f} s")
    print(f"peak memory (RSS) of the bench process so far: {peak_mb:.0f} MB")
    cold = cold_ask_seconds(index_dir, questions[0], repeat=SLOW_REPEATS)
    print(f"cold start, a new `docqa ask` process to its answer (median of {SLOW_REPEATS}): {cold:.1f} s")
    _bench_encoders(index_dir, args)
    if args.pdfs:
        _bench_pdf_parsing(args.pdfs, args.repeat)
    backends = [b for b in args.backends.split(",") if b.strip()]
    if backends:
        _bench_backends(backends, questions, args)
    return 0


def _bench_backends(backends: list[str], questions: list[str], args: argparse.Namespace) -> None:
    """Print build time, warm query p50/p95 and peak RSS per backend, on the default corpus
    (MiniLM) and on the scaled corpus (the hashing stand-in), each in a fresh process."""
    runs = [(DEFAULT_CORPUS, "minilm")]
    if args.scale > 0:
        sources = sorted(DEFAULT_CORPUS.glob("*.txt"))
        scaled = args.work / f"corpus-x{args.scale}"
        write_scaled_corpus(sources, scaled, args.scale)
        runs.append((scaled, "hashing"))
    head = f"{'backend':<9} {'encoder':<40} {'units':>7}  {'build':>9}  {'query p50':>9}  {'p95':>6}"
    print(f"{head}  peak RSS (build and queries)")
    for corpus, encoder in runs:
        for backend in backends:
            repeat = min(args.repeat, SLOW_REPEATS)
            f = measure(BackendRun(backend, corpus, args.work, encoder, tuple(questions), repeat))
            print(
                f"{f.backend:<9} {f.encoder:<40} {f.units:>7,}  {f.build_seconds:>7.1f} s  "
                f"{f.query_p50_ms:>6.0f} ms  {f.query_p95_ms:>3.0f} ms  {f.peak_rss_mb:>5.0f} MB",
                flush=True,
            )
    if args.scale > 0 and "local" in backends:
        _bench_ann(bench_index_dir(args.work, "local", "hashing"), questions)


def _live_store(index_dir: Path):
    """The store of an index folder's live generation."""
    from index.paths import STORE_FILE
    from index.search import open_live_folder
    from index.store import Store

    return Store(open_live_folder(index_dir) / STORE_FILE)


def _bench_ann(index_dir: Path, questions: list[str]) -> None:
    """Print HNSW's recall@10 against exact search, and both per-query times, over the vectors
    of the scaled index (the hashing stand-in's, queried with the same questions)."""
    from index.benchmarks.ann_recall import RECALL_K, ann_recall
    from index.benchmarks.scaled_corpus import HashingEncoder
    from index.dense_index import DEFAULT_HNSW_THRESHOLD

    store = _live_store(index_dir)
    _, vectors = store.vectors()
    store.close()
    f = ann_recall(vectors, HashingEncoder().encode(questions))
    print(
        f"dense search over {f.vectors:,} units ({f.queries} questions): HNSW recall@{RECALL_K} against "
        f"exact {f.recall_at_k:.3f}, median {f.hnsw_ms:.2f} ms per query against {f.exact_ms:.1f} ms "
        f"exact (HNSW built in {f.hnsw_build_s:.0f} s); the local backend uses HNSW past "
        f"{DEFAULT_HNSW_THRESHOLD:,} units"
    )


def _bench_encoders(index_dir: Path, args: argparse.Namespace) -> None:
    """Print the encoders side by side on the index's own texts, then each precision's
    evidence recall@5 on the `--recall` sets (an index over the default corpus per precision)."""
    from index.benchmarks.embedding_bench import compare_encoders, passage_recall

    store = _live_store(index_dir)
    texts = store.embed_texts()[1][:ENCODER_TEXTS]
    store.close()
    print(f"embedding {len(texts)} of the index's texts (median of {SLOW_REPEATS}):")
    for row in compare_encoders(texts, repeat=SLOW_REPEATS):
        print(
            f"  {row.name:<30} {row.units_per_second:>7.1f} units/s  {row.speedup:>4.2f}x  "
            f"min cosine to torch {row.min_cosine:.6f}"
        )
    if args.recall:
        recalls = {p: passage_recall(args.recall, DEFAULT_CORPUS, args.work, p) for p in PRECISIONS}
        for i, path in enumerate(args.recall):
            figures = ", ".join(f"{p} passages {recalls[p][i]:.3f}" for p in PRECISIONS)
            print(f"  evidence recall@5 on {path.name}: {figures}")


def _bench_pdf_parsing(folder: Path, repeat: int) -> None:
    """Print the median wall time to parse (load, tables, chunks; no embedding) a folder of PDFs."""
    from ingest.pipeline import ingest_file

    paths = sorted(folder.glob("*.pdf"))
    runs, pages = [], 0
    for _ in range(max(1, min(repeat, SLOW_REPEATS))):
        t = time.perf_counter()
        pages = sum(len(ingest_file(path).document.pages) for path in paths)
        runs.append(time.perf_counter() - t)
    seconds = statistics.median(runs)
    print(
        f"parse {len(paths)} PDFs ({pages} pages, no embedding; median of {len(runs)}): "
        f"{seconds:.1f} s, {pages / seconds:.1f} pages/s"
    )
