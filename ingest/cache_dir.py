"""Where docqa keeps files it makes once per machine (tiktoken's rank file, the ONNX model)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_root() -> Path:
    """`$DOCQA_CACHE`, else `~/.cache/docqa`."""
    return Path(os.environ.get("DOCQA_CACHE") or Path.home() / ".cache" / "docqa")
