"""Parse documents in worker processes while the building process embeds the ones before.

Parsing (pypdf layout text, tables, chunks) is CPU work independent of the model, so
files are handed to a pool of `spawn` workers up front and collected in order; the
main process embeds each one as it arrives. Small builds parse in-process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from ingest.chunker import ChunkerSettings
from ingest.errors import IngestError
from ingest.models import IngestedDocument
from ingest.pipeline import ingest_file

# `DOCQA_PARSE_WORKERS=N` sets the workers (1 parses in the building process). The default
# leaves half the cores to the embedder: on 2 cores that is in-process, since embedding keeps
# both busy (the seven shared PDFs built in 91.6 s in-process and 92.4 s with 2 workers).
WORKERS_ENV = "DOCQA_PARSE_WORKERS"
# Starting workers (a fresh interpreter each) costs about a second: not worth it for fewer files.
MIN_FILES_FOR_POOL = 4


def _parse(path: Path, settings: ChunkerSettings) -> tuple[IngestedDocument | None, tuple[str, str] | None]:
    """Worker side: the parsed document, or the (path, reason) of the user error."""
    try:
        return ingest_file(path, settings), None
    except IngestError as exc:
        return None, (exc.path, exc.reason)


class ParsePool:
    """Parses `paths` ahead in worker processes; `parse(path)` returns each in turn."""

    def __init__(self, paths: list[Path], settings: ChunkerSettings) -> None:
        self.settings = settings
        self.futures: dict[Path, Future] = {}
        self.executor: ProcessPoolExecutor | None = None
        workers = _workers(len(paths))
        if workers > 1:
            context = multiprocessing.get_context("spawn")  # never fork a process holding torch threads
            self.executor = ProcessPoolExecutor(workers, mp_context=context)
            self.futures = {path: self.executor.submit(_parse, path, settings) for path in paths}

    def parse(self, path: Path) -> IngestedDocument:
        """The parsed document (from a worker when it was handed one).

        Raises:
            IngestError: the file cannot be read (the message names it).
        """
        future = self.futures.pop(path, None)
        if future is None:
            return ingest_file(path, self.settings)
        ingested, error = future.result()
        if error is not None:
            raise IngestError(*error)
        return ingested

    def close(self) -> None:
        """Stop the workers, dropping parses nobody will collect."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


def _workers(files: int) -> int:
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return min(int(configured), files)
    if files < MIN_FILES_FOR_POOL:
        return 1
    return min(max(1, (os.cpu_count() or 1) // 2), files)
