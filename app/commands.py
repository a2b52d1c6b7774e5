"""Index commands of the CLI: `build`, `ask`, `eval`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import TextIO

from app.progress_text import rate_and_time_left
from index.backends import BACKENDS, backend_config
from index.backends.base import BackendConfig
from index.builder import BuildError, BuildReport, build_index, outdated_sources, read_manifest
from index.evaluation import BEST_CUT_WRONG_SHARE, EvalReport, load_gold, per_kind_table, score_result
from index.paths import default_index_dir
from index.result import Result, as_printed
from index.search import Searcher

DEFAULT_CORPUS = Path("corpus")


def add_index_commands(sub: argparse._SubParsersAction) -> None:
    """Register `build`, `ask` and `eval` on the CLI parser."""
    build = sub.add_parser(
        "build",
        help="build or update the index (incremental, atomic)",
        description="Add and update the documents under PATH (default corpus/). Documents already "
        "indexed from elsewhere stay; a file deleted from a folder given is removed; --prune "
        "also removes documents not under the paths given.",
    )
    build.add_argument("paths", nargs="*", type=Path, help="files or folders (default: corpus/)")
    build.add_argument(
        "--prune",
        action="store_true",
        help="also remove indexed documents that are not under the paths given",
    )
    _index_option(build)
    build.set_defaults(run=run_build)

    ask = sub.add_parser("ask", help="ask a question; prints cited passages and table rows")
    ask.add_argument("question", nargs="?", help="the question in plain words")
    ask.add_argument("--k", type=int, default=5, help="pieces of evidence to return (default 5)")
    ask.add_argument(
        "--doc",
        action="append",
        default=[],
        help="restrict to this document, by file name or path (repeatable)",
    )
    ask.add_argument("--batch", type=Path, help='JSONL file of {"id", "question", "docs"?} lines')
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    _index_option(ask)
    ask.set_defaults(run=run_ask)

    ev = sub.add_parser("eval", help="measure evidence recall, MRR and answers on a gold file")
    ev.add_argument("gold", type=Path, help="gold JSONL (the format of shared/eval/dev.jsonl)")
    ev.add_argument("--k", type=int, default=5)
    ev.add_argument("--report", type=Path, default=Path("eval-report.jsonl"), help="per-question report file")
    ev.add_argument("--json", action="store_true", help="print the summary as JSON")
    ev.add_argument(
        "--own-document",
        action="store_true",
        help="restrict each question to its gold document (as a user filtering by document)",
    )
    ev.add_argument(
        "--statement-lines",
        action="store_true",
        help="the gold file holds recorded statement cells (tests/data/pdf_cells.jsonl): ask for "
        "each period column's line item as a question",
    )
    _index_option(ev)
    ev.set_defaults(run=run_eval, input_files=("gold",))


def _index_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--index", type=Path, default=None, help="index folder (default $DOCQA_INDEX or .docqa/index)"
    )
    parser.add_argument(
        "--backend",
        choices=BACKENDS,
        default=None,
        help="search engine: local (FAISS + BM25, the default) or milvus (default $DOCQA_BACKEND, "
        "else what the index was built with)",
    )
    parser.add_argument(
        "--milvus-uri",
        default=None,
        help="a Milvus server, such as http://host:19530 (default $DOCQA_MILVUS_URI; "
        "none: Milvus Lite in the index folder)",
    )


def _index_dir(args: argparse.Namespace) -> Path:
    return args.index or default_index_dir()


def _backend(args: argparse.Namespace) -> BackendConfig | None:
    """The backend asked for by `--backend`/`--milvus-uri` or the environment (None: the
    index's own)."""
    return backend_config(getattr(args, "backend", None), getattr(args, "milvus_uri", None))


def run_build(args: argparse.Namespace) -> int:
    """`docqa build [PATH...]`: index files, report per file, exit 1 if nothing could be indexed."""
    paths = args.paths or [DEFAULT_CORPUS]
    try:
        report = build_index(
            paths, _index_dir(args), progress=ProgressPrinter(), prune=args.prune, backend=_backend(args)
        )
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print_build_report(report)
    return 0


class ProgressPrinter:
    """Build progress on stderr: `[3/74] name`, with the rate and time left once files are done."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, done: int, total: int, name: str) -> None:
        if not name:
            return
        pace = rate_and_time_left(done, total, time.perf_counter() - self.started)
        print(f"[{done + 1}/{total}] {name}" + (f"  ({pace})" if pace else ""), file=sys.stderr, flush=True)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes, so a file
    named with a newline cannot split or forge a report line."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def print_build_report(report: BuildReport, out: TextIO | None = None) -> None:
    """One line per file, then the totals."""
    out = out or sys.stdout
    for f in report.files:
        detail = f" ({f.chunks} chunks, {f.rows} rows)" if f.status in ("added", "updated") else ""
        reason = f": {f.reason.removeprefix(f.name + ': ')}" if f.reason else ""
        print(one_line(f"{f.status:>9}  {f.name}{detail}{reason}"), file=out)
    if report.kept:
        print(
            f"     kept  {report.kept} indexed documents not under the paths given (--prune removes them)",
            file=out,
        )
    written = "" if report.changed() else "; nothing changed, the index was not rewritten"
    print(
        f"index {report.index_dir}: {report.documents} documents, {report.units} units; "
        f"embedded {report.embedded} units in {report.seconds:.1f}s{written}",
        file=out,
    )


def ensure_index(index_dir: Path, backend: BackendConfig | None = None) -> None:
    """Build the index from corpus/ when there is none yet, or rebuild one an older docqa
    wrote from the files it was built from, saying so."""
    if read_manifest(index_dir) is None:
        print(f"no index at {index_dir}: building it from {DEFAULT_CORPUS}/ first", file=sys.stderr)
        report = build_index([DEFAULT_CORPUS], index_dir, progress=ProgressPrinter(), backend=backend)
        print_build_report(report, out=sys.stderr)
        return
    sources = outdated_sources(index_dir)
    if sources is not None:
        print(
            f"the index at {index_dir} was written by an older docqa: rebuilding it from its "
            f"{len(sources)} source files first",
            file=sys.stderr,
        )
        report = build_index(
            sources or [DEFAULT_CORPUS], index_dir, progress=ProgressPrinter(), backend=backend
        )
        print_build_report(report, out=sys.stderr)


def run_ask(args: argparse.Namespace) -> int:
    """`docqa ask QUESTION` or `docqa ask --batch FILE`: cited evidence per question."""
    if not (args.question or "").strip() and not args.batch:  # `docqa ask "   "` asks nothing either
        print("error: give a question or --batch FILE", file=sys.stderr)
        return 2
    index_dir = _index_dir(args)
    ensure_index(index_dir, _backend(args))
    searcher = Searcher(index_dir, config=_backend(args))
    try:
        if args.batch:
            for item in load_gold(args.batch):
                result = searcher.search(
                    item["question"], k=args.k, docs=item.get("docs") or args.doc or None
                )
                result.id = item.get("id")
                _print_result(result, args.json)
            return 0
        result = searcher.search(args.question, k=args.k, docs=args.doc or None)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _print_result(result, args.json)
    return 0


def _print_result(result: Result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    print(format_result(result))


def format_result(result: Result) -> str:
    """Human-readable evidence: answer, then passages and rows in rank order."""
    lines = [f"Q: {result.query}"]
    lines.extend(f"Note: {note}" for note in result.notes)
    if result.answer:
        a = result.answer
        figure = as_printed(a.text, a.printed_in)
        lines.append(
            f"Answer: {figure} ({a.when}, confidence {a.confidence:.2f})"
            f"  — {a.citation.doc} {a.citation.where}"
        )
        for alt in a.alternatives:
            disagreeing = as_printed(alt.text, alt.printed_in)
            lines.append(f"  sources disagree: {disagreeing} in {alt.citation.doc} {alt.citation.where}")
    else:
        reason = result.no_answer_reason or "not found in the corpus with confidence"
        lines.append(f"Answer: none ({reason}); best evidence below")
    for item in result.evidence():
        c = item.citation
        where = c.where
        if hasattr(item, "label"):
            cells = "; ".join(_cell_text(x, x is item.matched_cell) for x in item.cells)
            unit = f" [{item.unit}]" if item.unit else ""
            lines.append(f"\n#{item.rank} row  {c.doc} {where}  — {item.table}{unit}")
            lines.append(f"    {item.label}: {cells}")
        else:
            lines.append(f"\n#{item.rank} passage  {c.doc} {where}  — {item.section}")
            lines.extend("    " + line for line in c.quote.splitlines() if line.strip())
    lines.append(f"\n({result.timings_ms.get('total', 0):.0f} ms)")
    return "\n".join(lines)


def _cell_text(cell, matched: bool) -> str:
    text = f"{cell.column}: {cell.text}" if cell.column else cell.text
    return f"[{text}]" if matched else text


def run_eval(args: argparse.Namespace) -> int:
    """`docqa eval GOLD`: recall@1, recall@k, MRR, answers, per kind; writes a per-question report."""
    index_dir = _index_dir(args)
    ensure_index(index_dir, _backend(args))
    searcher = Searcher(index_dir, config=_backend(args))
    gold = _statement_gold(args.gold) if args.statement_lines else load_gold(args.gold)
    started = time.perf_counter()
    report = evaluate(searcher, gold, args.k, own_document=args.own_document)
    seconds = time.perf_counter() - started
    with args.report.open("w", encoding="utf-8") as out:
        for o in report.outcomes:
            out.write(json.dumps(o.__dict__, ensure_ascii=False) + "\n")
    summary = report.summary()
    if args.json:
        print(json.dumps(summary, indent=1))
        return 0
    print(
        f"{summary['answerable']} answerable of {summary['questions']} questions, k={args.k}, {seconds:.1f}s"
    )
    print(
        f"evidence recall@1 {summary['recall@1']:.3f}  recall@{args.k} {summary[f'recall@{args.k}']:.3f}  "
        f"MRR {summary['mrr']:.3f}  median passage quote {summary['median_quote_chars']:.0f} chars"
    )
    print(
        f"answers: accuracy {summary['answer_accuracy']:.3f}, wrong {summary['wrong_rate']:.3f}, "
        f"abstained {summary['abstention_rate']:.3f}, "
        f"precision of given {summary['precision_of_given']:.3f}, "
        f"unanswerable abstained {summary['unanswerable_abstained']:.3f}"
    )
    right, wrong = summary["right_wrong_at_best_cut"]
    print(
        f"best candidate right, answered or not: {summary['best_guess_accuracy']:.3f} of answerable; "
        f"at the confidence cut best for this set (at most {BEST_CUT_WRONG_SHARE:.0%} wrong): "
        f"{right} right, {wrong} wrong"
    )
    if f"page_recall@{args.k}" in summary:
        print(
            f"page recall@1 {summary['page_recall@1']:.3f}  recall@{args.k} "
            f"{summary[f'page_recall@{args.k}']:.3f} (evidence cited on the gold page)"
        )
    for kind, n, r1, rk in per_kind_table(report):
        print(f"  {kind:<26} n={n:<3} recall@1 {r1:.2f}  recall@{args.k} {rk:.2f}")
    print(f"per-question report: {args.report}")
    return 0


def _statement_gold(path: Path) -> list[dict]:
    """Gold questions made from a recorded-cells file (`index.benchmarks.statement_questions`)."""
    from index.benchmarks.cell_alignment import load_gold_cells
    from index.benchmarks.statement_questions import statement_questions

    return statement_questions(load_gold_cells(path))


def evaluate(searcher: Searcher, gold: list[dict], k: int, own_document: bool = False) -> EvalReport:
    """Run every gold question (restricted to its `docs` if given, or to its own gold
    document with `own_document`) and score it."""
    outcomes = []
    for item in gold:
        docs = item.get("docs") or ([item["doc"]] if own_document and item.get("doc") else None)
        result, outcome = searcher.search_with_candidates(item["question"], k=k, docs=docs)
        outcomes.append(score_result(result, item, outcome.best_guess, outcome.confidence))
    return EvalReport(k=k, outcomes=outcomes)
