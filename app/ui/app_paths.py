"""Where the app reads its index and its corpus: `$DOCQA_INDEX` and `$DOCQA_CORPUS`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.paths import default_index_dir


@dataclass(frozen=True)
class AppPaths:
    """The index folder the app answers from and the corpus folder it manages."""

    index_dir: Path
    corpus_dir: Path


def app_paths() -> AppPaths:
    """`$DOCQA_INDEX` (default `.docqa/index`) and `$DOCQA_CORPUS` (default `corpus`)."""
    return AppPaths(
        index_dir=default_index_dir(),
        corpus_dir=Path(os.environ.get("DOCQA_CORPUS") or "corpus"),
    )
