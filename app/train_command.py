"""`docqa train`: refit the answer scorer from the training questions (what `make train` runs).

Only the parser lives here; the run (`app/train_run.py`) loads scikit-learn and the training
code, which no other command needs, so every other command starts without them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.shared_data import SHARED
from index.answering.metric_words import DEFAULT_METRIC_WORDS
from index.answering.row_names import DEFAULT_ROW_NAMES
from index.answering.scorer import DEFAULT_MODEL
from index.paraphrase_map import DEFAULT_PARAPHRASE_MAP
from index.rerank import DEFAULT_RERANKER


def add_train_command(sub: argparse._SubParsersAction) -> None:
    """Register `train` on the CLI parser."""
    cmd = sub.add_parser(
        "train",
        help="fit the answer scorer on TAT-QA dev and gold question files",
        description="Fit, calibrate (held-out folds) and write the reranker and the answer scorer.",
    )
    cmd.add_argument(
        "--tatqa",
        type=Path,
        default=SHARED / "external" / "tatqa" / "tatqa_dataset_dev.json",
        help="the TAT-QA dev set (default: %(default)s; $DOCQA_SHARED moves the shared folder)",
    )
    cmd.add_argument(
        "--gold",
        type=Path,
        action="append",
        help="gold JSONL over corpus/ and the shared PDFs (repeatable; default: the dev set and "
        "index/training/data/{train,pdf_train,train2,train3}_questions.jsonl)",
    )
    cmd.add_argument(
        "--pdfs",
        type=Path,
        default=SHARED / "pdfs",
        help="PDFs the gold questions cover (default: %(default)s)",
    )
    cmd.add_argument("--work", type=Path, default=Path(".docqa/train"), help="folder for training indexes")
    cmd.add_argument("--out", type=Path, default=DEFAULT_MODEL, help="the answer scorer file to write")
    cmd.add_argument("--reranker", type=Path, default=DEFAULT_RERANKER, help="the reranker file to write")
    cmd.add_argument(
        "--row-names", type=Path, default=DEFAULT_ROW_NAMES, help="the row-names question model to write"
    )
    cmd.add_argument(
        "--metric-words",
        type=Path,
        default=DEFAULT_METRIC_WORDS,
        help="the metric-words model to write (kept as it is by --refit)",
    )
    cmd.add_argument(
        "--paraphrases",
        type=Path,
        default=DEFAULT_PARAPHRASE_MAP,
        help="the paraphrase map to write (kept as it is by --refit)",
    )
    cmd.add_argument("--plot", type=Path, default=Path(".docqa/reliability.png"), help="reliability plot")
    cmd.add_argument(
        "--refit", action="store_true", help="refit from the candidates collected by the last run"
    )
    cmd.add_argument(
        "--show",
        action="store_true",
        help="print the shipped model's held-out figures and draw its reliability plot; fit nothing",
    )
    cmd.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    """Load the training code and run it."""
    from app.train_run import run_train

    return run_train(args)
