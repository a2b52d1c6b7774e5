"""Index commands (`build`, `ask`, `eval`): registered on the CLI parser."""

from __future__ import annotations

import argparse


def add_index_commands(sub: argparse._SubParsersAction) -> None:
    """Register the commands that need an index; filled in by the retrieval layer."""
