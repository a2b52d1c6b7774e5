"""Where an index lives and what its folder holds."""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST_FILE = "manifest.json"
STORE_FILE = "store.sqlite"
DENSE_FILE = "dense.faiss"
BM25_DIR = "bm25"


def default_index_dir() -> Path:
    """`$DOCQA_INDEX` if set, else `.docqa/index` under the current folder."""
    return Path(os.environ.get("DOCQA_INDEX") or Path(".docqa") / "index")
