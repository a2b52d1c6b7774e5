"""`docqa tatqa DATASET`: the TAT-QA span benchmark (a measurement, not a test)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from index.benchmarks.tatqa import run_tatqa


def add_tatqa_command(sub: argparse._SubParsersAction) -> None:
    """Register `tatqa` on the CLI parser."""
    cmd = sub.add_parser("tatqa", help="measure exact match on TAT-QA span questions (own document only)")
    cmd.add_argument("dataset", type=Path, help="tatqa_dataset_dev.json")
    cmd.add_argument("--work", type=Path, default=Path(".docqa/tatqa"), help="folder for documents and index")
    cmd.add_argument(
        "--from", dest="answer_from", action="append", help="table, text or table-text (repeatable)"
    )
    cmd.add_argument("--limit", type=int, default=None, help="only the first N questions")
    cmd.add_argument("--report", type=Path, default=None, help="write per-question outcomes as JSONL")
    cmd.set_defaults(run=run_tatqa_command, input_files=("dataset",))


def run_tatqa_command(args: argparse.Namespace) -> int:
    """Import, index, answer and print exact-match accuracy per answer source and type."""
    started = time.perf_counter()
    answer_from = set(args.answer_from) if args.answer_from else None
    report = run_tatqa(args.dataset, args.work, answer_from=answer_from, limit=args.limit)
    seconds = time.perf_counter() - started
    print(f"TAT-QA span and multi-span questions: {len(report.outcomes)} in {seconds:.0f}s")
    for source, kind, n, accuracy in report.table():
        print(f"  from {source:<11} {kind:<10} n={n:<4} exact match {accuracy:.3f}")
    print(f"  answer_from=table, all span types: exact match {report.accuracy('table'):.3f}")
    print(
        "  the same with the best candidate of every question (TAT-QA's protocol, no abstention): "
        f"exact match {report.accuracy('table', best=True):.3f} (all sources "
        f"{report.accuracy(best=True):.3f})"
    )
    if args.report:
        with args.report.open("w", encoding="utf-8") as out:
            for o in report.outcomes:
                row = {"question": o.question.question, "gold": o.question.answers, "given": o.given}
                row["best_candidate"] = o.best
                out.write(json.dumps({**row, "correct": o.correct, "from": o.question.answer_from}) + "\n")
    return 0
