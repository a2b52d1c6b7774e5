"""`docqa check`: the index's consistency, its counts and every citation span, in a few lines."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_check_command(sub: argparse._SubParsersAction) -> None:
    """Register `check` on the CLI parser."""
    from app.commands import _index_option

    cmd = sub.add_parser(
        "check",
        help="check the index: SQLite integrity, unit counts, every quoted span",
        description="Exit 0 when the index is whole, 1 when a problem is found (each named in one line).",
    )
    _index_option(cmd)
    cmd.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Print what the check found; 1 when anything is wrong."""
    from app.commands import _index_dir
    from index.consistency import check_index

    index_dir: Path = _index_dir(args)
    report = check_index(index_dir)
    for problem in report.problems:
        print(f"problem: {problem}")
    verdict = "consistent"
    if not report.ok:
        verdict = f"{len(report.problems)} problem(s); run 'docqa build' to rebuild"
    print(
        f"index {index_dir}: {report.documents} documents, {report.units} units, {report.cells} cells "
        f"checked; {verdict}"
    )
    return 0 if report.ok else 1
