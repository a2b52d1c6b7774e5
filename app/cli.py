"""The `docqa` command line: ingest, build, ask, eval."""

from __future__ import annotations

import argparse
import difflib
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from app.model_errors import MODEL_ERRORS
from index.backends import BackendMismatchError
from index.backends.milvus import MilvusUnavailableError
from index.search import IndexMissingError
from ingest.errors import IngestError
from ingest.models import IngestedDocument, Table
from ingest.pipeline import find_files, ingest_file

# A shipped model file is missing or stale: distinct from usage (2) and build failures (1).
MODEL_ERROR_EXIT = 4
# There is no index, or it is damaged: distinct from a failed build (1) and usage (2).
INDEX_ERROR_EXIT = 3
# A file or folder named on the command line does not exist: nothing was read.
PATH_ERROR_EXIT = 5
# The configured search engine cannot be reached (a Milvus server down, a Lite database
# another process holds).
BACKEND_ERROR_EXIT = 6
# How close a mistyped command or flag must be to a real one to be suggested (difflib ratio).
SUGGESTION_CUTOFF = 0.6


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `docqa` console script; returns the exit code."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = _parser()
    args = _parse(parser, list(sys.argv[1:] if argv is None else argv))
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    missing = [p for p in _input_paths(args) if not os.path.lexists(p)]
    if missing:
        return _missing_path(missing[0])
    try:
        return int(args.run(args) or 0)
    except BrokenPipeError:  # the reader stopped early (`docqa ask … | head -2`): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except MODEL_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return MODEL_ERROR_EXIT
    except (IndexMissingError, BackendMismatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INDEX_ERROR_EXIT
    except FileNotFoundError as exc:  # a file read later, named inside an input (a gold row's PDF)
        return _missing_path(exc.filename or exc.strerror or exc)
    except MilvusUnavailableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return BACKEND_ERROR_EXIT


def _input_paths(args: argparse.Namespace) -> list[Path]:
    """The files and folders a command reads, named on its command line: its `paths`, and
    the arguments it lists as `input_files` (`docqa eval GOLD`), checked before any work."""
    named = [getattr(args, name) for name in getattr(args, "input_files", ())]
    return [*(getattr(args, "paths", None) or []), *(p for p in named if p is not None)]


def _missing_path(path: object) -> int:
    """Say in one sentence that a named file or folder does not exist."""
    print(f"error: {path}: no such file or folder; check the path and run again", file=sys.stderr)
    return PATH_ERROR_EXIT


def _parse(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse `argv`; a mistyped command or flag is an error of the command it was given to,
    with the closest real name suggested (`--kk`: did you mean `--k`?)."""
    commands = _subcommands(parser)
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        close = difflib.get_close_matches(argv[0], list(commands), n=1, cutoff=SUGGESTION_CUTOFF)
        hint = f"; did you mean '{close[0]}'?" if close else f" (commands: {', '.join(commands)})"
        parser.error(f"unknown command '{argv[0]}'{hint}")
    args, extra = parser.parse_known_args(argv)
    if extra:
        command = commands.get(argv[0]) if argv else None
        target = command or parser
        options = [o for a in target._actions for o in a.option_strings]
        flag = extra[0].split("=", 1)[0]
        close = difflib.get_close_matches(flag, options, n=1, cutoff=SUGGESTION_CUTOFF)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        target.error(f"unrecognized argument '{extra[0]}'{hint}")
    return args


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser of each sub-command, by name."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="docqa", description="Cited question answering over financial documents."
    )
    sub = parser.add_subparsers(title="commands")

    ingest = sub.add_parser("ingest", help="parse files into text, tables and chunks (no index)")
    ingest.add_argument("paths", nargs="+", type=Path, help="files or folders (.txt, .md, .pdf)")
    ingest.add_argument("--json", action="store_true", help="print one JSON array of documents")
    ingest.set_defaults(run=run_ingest)

    from app.bench_command import add_bench_command
    from app.cells_command import add_cells_command
    from app.check_command import add_check_command
    from app.commands import add_index_commands
    from app.tatqa_command import add_tatqa_command
    from app.train_command import add_train_command

    add_index_commands(sub)
    add_tatqa_command(sub)
    add_cells_command(sub)
    add_check_command(sub)
    add_bench_command(sub)
    add_train_command(sub)
    for name, command in _subcommands(parser).items():
        command.formatter_class = argparse.RawDescriptionHelpFormatter
        command.epilog = "examples:\n" + "\n".join(f"  {line}" for line in EXAMPLES.get(name, ()))
    return parser


# Two examples per command, shown at the end of its --help.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "ingest": ("docqa ingest corpus/", "docqa ingest ~/filings/10-K.pdf --json"),
    "build": ("docqa build ~/filings/new-10k.pdf", "docqa build corpus --prune"),
    "ask": (
        'docqa ask "what was FY08 operating loss from new subsidiaries"',
        'docqa ask "net sales 2022" --doc APPLE_2022_10K.pdf --json',
    ),
    "eval": (
        "docqa eval ../shared/eval/dev.jsonl",
        "docqa eval tests/data/pdf_cells.jsonl --statement-lines --index .docqa/eval-index",
    ),
    "tatqa": (
        "docqa tatqa ../shared/external/tatqa/tatqa_dataset_dev.json",
        "docqa tatqa ../shared/external/tatqa/tatqa_dataset_dev.json --limit 100",
    ),
    "cells": (
        "docqa cells tests/data/pdf_cells.jsonl --pdfs ../shared/pdfs",
        "docqa cells my_cells.jsonl --pdfs ~/filings",
    ),
    "check": ("docqa check", "docqa check --index .docqa/eval-index"),
    "bench": (
        "docqa bench ../shared/eval/dev.jsonl --pdfs ../shared/pdfs",
        "docqa bench tests/data/blind.jsonl --pdfs ../shared/pdfs",
    ),
    "train": ("docqa train", "docqa train --refit   (refit from the candidates of the last run)"),
}


def run_ingest(args: argparse.Namespace) -> int:
    """`docqa ingest PATH...`: report each document's tables and chunks."""
    results, failures, seconds = [], 0, []
    for path in find_files(args.paths):
        try:
            started = time.perf_counter()
            results.append(ingest_file(path))
            seconds.append(time.perf_counter() - started)
        except IngestError as exc:
            failures += 1
            print(f"skipped {exc}", file=sys.stderr)
    if args.json:
        summaries = [
            {**ingest_summary(r), "parse_seconds": round(t, 3)} for r, t in zip(results, seconds, strict=True)
        ]
        json.dump(summaries, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r, parse_seconds in zip(results, seconds, strict=True):
            rows = sum(len(t.rows) for t in r.tables)
            print(
                f"{r.document.name}: {r.document.title!r}, {len(r.document.pages)} page(s), "
                f"{len(r.document.text):,} chars, {len(r.tables)} tables, {rows} rows, "
                f"{len(r.chunks)} chunks, parsed in {parse_seconds:.2f}s"
            )
        print(f"{len(results)} document(s) read, {failures} skipped")
    return 0 if results else 1


def ingest_summary(result: IngestedDocument) -> dict:
    """The JSON shape of `docqa ingest --json` for one document."""
    doc = result.document
    return {
        "path": doc.path,
        "title": doc.title,
        "date": doc.date,
        "pages": len(doc.pages),
        "chars": len(doc.text),
        "pages_without_text": doc.pages_without_text(),
        "fiscal_year_starts_month": doc.calendar.start_month,
        "fiscal_year_named_by_end_year": doc.calendar.named_by_end_year,
        "tables": [table_summary(t) for t in result.tables],
        "chunks": len(result.chunks),
    }


def table_summary(table: Table) -> dict:
    """A table as JSON: title, unit, columns and rows of `{column, text, value}` cells."""
    return {
        "title": table.title,
        "unit": table.unit,
        "kind": table.kind,
        "columns": table.columns,
        "rows": [
            {
                "label": row.label,
                "cells": [{"column": c.column, "text": c.text, "value": c.value} for c in row.cells],
                "page": row.page,
                "start": row.start,
                "end": row.end,
            }
            for row in table.rows
        ],
    }


if __name__ == "__main__":
    sys.exit(main())
