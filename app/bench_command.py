"""`docqa bench`: speed and memory figures (median of repeated runs), printed, never asserted."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from app.commands import DEFAULT_CORPUS, ensure_index
from index.benchmarks.backend_bench import (
    BackendRun,
    Spread,
    bench_index_dir,
    measure,
    p95,
    peak_rss_mb,
    query_latencies,
    stage_medians,
)
from index.benchmarks.cold_start import cold_app_runs, cold_ask_runs
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
# Milvus Lite runs in-process for development; past this many copies of the corpus only the
# local backend is measured (a Milvus server is what a corpus that large would use).
MILVUS_LITE_MAX_SCALE = 100
# Past this many copies a one-document rebuild rewrites over a million units' search side
# (minutes each), so the rebuilds run once instead of `SLOW_REPEATS` times.
REPEATED_REBUILD_MAX_SCALE = 100
# Every figure of a run, as JSON, in the benchmark's work folder.
REPORT_FILE = "bench.json"


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
        "--scales",
        type=_scales,
        default=[100],
        help="copies of the default corpus in each scaled corpus, comma-separated (default 100; '' for none)",
    )
    cmd.add_argument(
        "--ann-index",
        type=Path,
        action="append",
        default=[],
        help="also compare HNSW with exact search on this index's real model vectors (repeatable)",
    )
    cmd.add_argument("--work", type=Path, default=Path(".docqa/bench"), help="folder for benchmark indexes")
    cmd.set_defaults(run=run_bench, input_files=("questions",))


def _scales(text: str) -> list[int]:
    """`100,1000` as a list of positive copy counts."""
    try:
        scales = [int(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--scales takes numbers separated by commas, not {text!r}") from exc
    if any(x <= 0 for x in scales):
        raise argparse.ArgumentTypeError("--scales takes positive numbers of copies")
    return sorted(set(scales))


def _folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run_bench(args: argparse.Namespace) -> int:
    """Print (and write as JSON) speed and memory figures: the default corpus's queries, rebuild
    and cold starts, the encoders, PDF parsing, then each backend at each corpus size."""
    if args.repeat <= 0:
        raise SystemExit("--repeat must be > 0")
    today = datetime.now(UTC).isoformat(timespec="seconds")
    _write_report(args, "started", {"date": today, "cpus": os.cpu_count()})
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
    units = searcher.backend.unit_count()
    print(f"index {index_dir}: {units} units, {_folder_mb(index_dir):.1f} MB on disk")
    print(f"load model and index, first query: {load_s:.1f} s")
    print(
        f"warm query latency over {len(questions)} questions x {args.repeat} runs: "
        f"median {statistics.median(per_query):.0f} ms, p95 {p95(per_query):.0f} ms"
    )
    split = ", ".join(f"{stage} {stages[stage]:.1f}" for stage in QUERY_STAGES)
    print(f"  median ms per stage: {split} (total {stages['total']:.1f})")
    unchanged = Spread.of(rebuilds)
    print(f"rebuild with nothing changed: {unchanged.text(digits=3)}")
    print(f"peak memory (RSS) of the bench process so far: {peak_mb:.0f} MB")
    cold_cli = Spread.of(cold_ask_runs(index_dir, questions[0], repeat=SLOW_REPEATS))
    print(f"cold start, a new `docqa ask` process to its answer: {cold_cli.text()}")
    cold_app = Spread.of(cold_app_runs(index_dir, questions[0], repeat=SLOW_REPEATS))
    print(f"cold start, a new process running the app's page to its first answer: {cold_app.text()}")
    _write_report(
        args,
        "default_corpus",
        {
            "units": units,
            "load_and_first_query_s": load_s,
            "query_p50_ms": statistics.median(per_query),
            "query_p95_ms": p95(per_query),
            "stages_ms": stages,
            "unchanged_rebuild_s": asdict(unchanged),
            "cold_cli_s": asdict(cold_cli),
            "cold_app_s": asdict(cold_app),
            "peak_rss_mb": peak_mb,
        },
    )
    searcher.close()
    _bench_encoders(index_dir, args)
    if args.ann_index:
        _bench_ann_real(args.ann_index, questions, args)
    if args.pdfs:
        _bench_pdf_parsing(args.pdfs, args)
    backends = [b for b in args.backends.split(",") if b.strip()]
    if backends:
        _bench_backends(backends, questions, args)
    print(f"every figure above, as JSON: {args.work / REPORT_FILE}")
    return 0


def _bench_backends(backends: list[str], questions: list[str], args: argparse.Namespace) -> None:
    """Print (and put in the JSON report), per backend and corpus size, the build figures and
    the serving figures, each measured in a fresh process: the default corpus with MiniLM, the
    scaled corpora with the hashing stand-in."""
    runs = [(_own_copy(DEFAULT_CORPUS, args.work / "corpus-default"), "minilm", 1)]
    sources = sorted(DEFAULT_CORPUS.glob("*.txt"))
    for scale in args.scales:
        scaled = args.work / f"corpus-x{scale}"
        write_scaled_corpus(sources, scaled, scale)
        runs.append((scaled, "hashing", scale))
    rows = []
    for corpus, encoder, scale in runs:
        for backend in backends:
            if backend != "local" and scale > MILVUS_LITE_MAX_SCALE:
                print(f"{backend} at {scale}x: not measured (Milvus Lite up to {MILVUS_LITE_MAX_SCALE}x)")
                continue
            rebuilds = SLOW_REPEATS if scale <= REPEATED_REBUILD_MAX_SCALE else 1
            repeat = min(args.repeat, SLOW_REPEATS)
            run = BackendRun(backend, corpus, args.work, encoder, tuple(questions), repeat, rebuilds)
            f = measure(run)
            _print_backend_row(f, scale)
            rows.append({"scale": scale, **asdict(f)})
            _write_report(args, "backends", rows)
    largest = max(args.scales, default=0)
    if largest and "local" in backends:
        ann = _bench_ann(bench_index_dir(args.work, "local", "hashing"), questions)
        _write_report(args, "ann", {"scale": largest, **asdict(ann)})


def _print_backend_row(f, scale: int) -> None:
    """Two lines for one backend on one corpus: building, then serving."""
    b, s = f.build, f.serve
    stages = ", ".join(f"{stage} {s.stages_ms.get(stage, 0.0):.1f}" for stage in QUERY_STAGES)
    print(
        f"{f.backend} {scale}x ({f.encoder}): {b.units:,} units in {b.documents:,} documents\n"
        f"  build {b.build_seconds:.1f} s; rebuild, nothing changed {b.unchanged_rebuild.text(digits=2)}; "
        f"one document changed {b.one_changed_rebuild.text()}; {b.disk_mb:,.0f} MB on disk "
        f"({b.disk_mb_per_1000_units:.2f} MB per 1,000 units); peak RSS {b.peak_rss_mb:,.0f} MB\n"
        f"  serve: first answer {s.first_answer_seconds:.1f} s; warm query p50 {s.query_p50_ms:.0f} ms, "
        f"p95 {s.query_p95_ms:.0f} ms; peak RSS {s.peak_rss_mb:,.0f} MB\n"
        f"  median ms per stage: {stages}",
        flush=True,
    )


def _own_copy(source: Path, folder: Path) -> Path:
    """A fresh copy of a corpus folder that the benchmark may change (one-document rebuilds)."""
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(source, folder)
    return folder


def _write_report(args: argparse.Namespace, key: str, value) -> None:
    """Put one section into the JSON report (written after every section, so a long run that
    stops keeps what it measured)."""
    path = args.work / REPORT_FILE
    report = json.loads(path.read_text()) if path.is_file() and key != "started" else {}
    report[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1))


def _live_store(index_dir: Path):
    """The store of an index folder's live generation."""
    from index.paths import STORE_FILE
    from index.search import open_live_folder
    from index.store import Store

    return Store(open_live_folder(index_dir) / STORE_FILE)


def _bench_ann(index_dir: Path, questions: list[str]):
    """Print the approximate dense index's recall@10 against exact search, and both per-query
    times, over the vectors of the largest scaled index (the hashing stand-in's, queried with
    the same questions): the index's own HNSW graph when it has one, else one built for this."""
    import faiss

    from index.benchmarks.ann_recall import RECALL_K, RESCORED, ann_recall
    from index.benchmarks.scaled_corpus import HashingEncoder
    from index.dense_index import DEFAULT_HNSW_THRESHOLD, DenseIndex
    from index.paths import DENSE_FILE
    from index.search import open_live_folder

    own = DenseIndex.load(open_live_folder(index_dir) / DENSE_FILE)
    graph = own if isinstance(faiss.downcast_index(own.index.index), faiss.IndexHNSW) else None
    store = _live_store(index_dir)
    ids, vectors = store.vectors()
    store.close()
    f = ann_recall(vectors, HashingEncoder().encode(questions), approximate=graph, ids=ids)
    built = "the index's own graph" if graph else f"built in {f.hnsw_build_s:.0f} s for this"
    print(
        f"dense search over {f.vectors:,} units ({f.queries} questions): HNSW recall@{RECALL_K} against "
        f"exact {f.recall_at_k:.3f} (its {RESCORED} nearest rescored exactly), median {f.hnsw_ms:.2f} ms "
        f"per graph search against {f.exact_ms:.1f} ms "
        f"exact (HNSW {built}); the local backend uses HNSW past {DEFAULT_HNSW_THRESHOLD:,} units",
        flush=True,
    )
    return f


def _bench_ann_real(index_dirs: list[Path], questions: list[str], args: argparse.Namespace) -> None:
    """Print HNSW's recall@10 against exact search over the real MiniLM vectors of these
    indexes (units, row labels, column headers and lines, without repeats), queried with the
    timed questions."""
    import numpy as np

    from index.benchmarks.ann_recall import RECALL_K, RESCORED, ann_recall
    from index.embedder import load_embedder

    blocks = []
    for index_dir in index_dirs:
        ensure_index(index_dir)
        store = _live_store(index_dir)
        blocks += [store.vectors()[1], store.all_short_text_vectors()]
        store.close()
    vectors = np.unique(np.vstack([b for b in blocks if b.size]), axis=0)
    f = ann_recall(vectors, load_embedder().encode(questions))
    names = ", ".join(str(d) for d in index_dirs)
    print(
        f"HNSW against exact on {f.vectors:,} real MiniLM vectors ({names}; {f.queries} questions): "
        f"recall@{RECALL_K} {f.recall_at_k:.3f} (its {RESCORED} nearest rescored exactly), "
        f"median {f.hnsw_ms:.2f} ms against {f.exact_ms:.1f} ms",
        flush=True,
    )
    _write_report(args, "ann_real_vectors", asdict(f))


def _bench_encoders(index_dir: Path, args: argparse.Namespace) -> None:
    """Print the encoders side by side on the index's own texts, then each precision's
    evidence recall@5 on the `--recall` sets (an index over the default corpus per precision)."""
    from index.benchmarks.embedding_bench import compare_encoders, passage_recall

    store = _live_store(index_dir)
    texts = store.embed_texts()[1][:ENCODER_TEXTS]
    store.close()
    print(f"embedding {len(texts)} of the index's texts (median of {SLOW_REPEATS}):")
    rows = compare_encoders(texts, repeat=SLOW_REPEATS)
    for row in rows:
        print(
            f"  {row.name:<30} {row.units_per_second:>7.1f} units/s  {row.speedup:>4.2f}x  "
            f"min cosine to torch {row.min_cosine:.6f}",
            flush=True,
        )
    recall: dict[str, dict[str, float]] = {}
    if args.recall:
        recalls = {p: passage_recall(args.recall, DEFAULT_CORPUS, args.work, p) for p in PRECISIONS}
        for i, path in enumerate(args.recall):
            recall[path.name] = {p: recalls[p][i] for p in PRECISIONS}
            figures = ", ".join(f"{p} passages {recalls[p][i]:.3f}" for p in PRECISIONS)
            print(f"  evidence recall@5 on {path.name}: {figures}", flush=True)
    _write_report(args, "encoders", {"rows": [asdict(r) for r in rows], "recall_at_5": recall})


def _bench_pdf_parsing(folder: Path, args: argparse.Namespace) -> None:
    """Print the wall time to parse (load, tables, chunks; no embedding) a folder of PDFs in
    this process, and the pages per second."""
    from ingest.pipeline import ingest_file

    paths = sorted(folder.glob("*.pdf"))
    runs, pages = [], 0
    for _ in range(max(1, min(args.repeat, SLOW_REPEATS))):
        t = time.perf_counter()
        pages = sum(len(ingest_file(path).document.pages) for path in paths)
        runs.append(time.perf_counter() - t)
    spread = Spread.of(runs)
    print(
        f"parse {len(paths)} PDFs ({pages} pages, no embedding): {spread.text()}, "
        f"{pages / spread.median:.1f} pages/s",
        flush=True,
    )
    _write_report(args, "pdf_parsing", {"pdfs": len(paths), "pages": pages, "seconds": asdict(spread)})
